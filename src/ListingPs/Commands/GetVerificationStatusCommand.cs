using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;
using ListingPs.Core.Workspace;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets share records from the workspace, filtered like the seller's market filter.</para>
    /// <para type="description">Filters by market, offer id (wildcards allowed), verification state, refusal reason and the
    /// offer's own status. State NotRequested lists base-market offers never submitted to the market. Each share record tells
    /// the verification State, every refusal reason with its Hint (what to change), and the market price with its currency and
    /// source. Records stream as they are read, so the first arrives at once even on a large workspace, and they pipe straight
    /// into Set-OfferCzkPrice, Set-OfferPrice, Submit-Offer or Unpublish-Offer to fix what they show.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VerificationStatus")]
    [OutputType(typeof(ShareRecord))]
    public sealed class GetVerificationStatusCommand : ListingPsCmdlet
    {
        /// <summary>The markets whose share records to get (allegro-cz...). Default: every market.</summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(AdditionalMarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Market { get; set; }

        /// <summary>Offer ids; wildcards (*, ?) allowed. Binds from piped offers.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Sku")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OfferIdCompleter))]
        public string[]? OfferId { get; set; }

        /// <summary>Verification states: Approved, Refused, Pending, InProgress, NotRequested, Withdrawn.</summary>
        [Parameter]
        public ShareState[]? State { get; set; }

        /// <summary>Refusal reason codes (a record matches when it has any of them).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ReasonCodeCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Reason { get; set; }

        /// <summary>The offer's own status: Active, Inactive, Ended.</summary>
        [Parameter]
        public OfferStatus[]? OfferStatus { get; set; }

        /// <summary>Stops after this many records.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? First { get; set; }

        private long _written;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Market != null)
                foreach (var m in Market)
                    if (!Rules.TryGetMarket(m, out _))
                        ThrowTerminatingError(ToErrorRecord(new ListingPs.Core.Rules.UnknownMarketException(m, MarketIds()), m));
            if (Reason != null)
                foreach (var r in Reason)
                    if (!ListingPs.Core.Verification.ReasonCodes.IsKnown(r))
                        WriteWarning("Reason '" + r + "' is not a known reason code; no record will match it. Known codes: " + string.Join(", ", ListingPs.Core.Verification.ReasonCodes.All));
        }

        private System.Collections.Generic.IEnumerable<string> MarketIds()
        {
            foreach (var m in Rules.Markets) yield return m.Id;
        }

        protected override void ProcessRecord()
        {
            if (First.HasValue && _written >= First.Value) return;
            var query = new ShareQuery { Markets = Market, OfferIds = OfferId, States = State, Reasons = Reason, OfferStatuses = OfferStatus };
            foreach (var record in Shares.Query(query))
            {
                if (Stopping || (First.HasValue && _written >= First.Value)) break;
                WriteObject(record);
                _written++;
                if (First.HasValue && _written >= First.Value) break; // do not read the next page for nothing
            }
        }
    }
}
