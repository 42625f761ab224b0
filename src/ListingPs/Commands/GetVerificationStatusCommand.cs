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
    /// <para type="description">-Marketplace shows the marketplace's own verdicts beside the local ones (as Submit-Offer -Remote
    /// and Sync-VerificationStatus stored them): MarketVerdict records with State (the marketplace's when known, else the local
    /// one), LocalState and LocalReasons, MarketState and MarketReasons (codes kept as Allegro sent them), and Disagreement.
    /// With it, -State matches that State, -Reason matches a local or a marketplace code, and -MarketState, -MarketReason and
    /// -Disagreement filter on the marketplace's side (any of them implies -Marketplace).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VerificationStatus", DefaultParameterSetName = LocalSet)]
    [OutputType(typeof(ShareRecord), ParameterSetName = new[] { LocalSet })]
    [OutputType(typeof(MarketVerdict), ParameterSetName = new[] { MarketplaceSet })]
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

        /// <summary>Shows the marketplace's verdicts beside the local ones (MarketVerdict records).</summary>
        [Parameter(ParameterSetName = MarketplaceSet)]
        public SwitchParameter Marketplace { get; set; }

        /// <summary>The marketplace's states to keep (Approved, Refused, InProgress, Pending, NotRequested); implies -Marketplace.</summary>
        [Parameter(ParameterSetName = MarketplaceSet)]
        public ShareState[]? MarketState { get; set; }

        /// <summary>The marketplace's reason codes to keep (wildcards; codes ListingPs does not know too); implies -Marketplace.</summary>
        [Parameter(ParameterSetName = MarketplaceSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? MarketReason { get; set; }

        /// <summary>How the two verdicts differ (None, MarketRefused, MarketApproved, Reasons); implies -Marketplace.</summary>
        [Parameter(ParameterSetName = MarketplaceSet)]
        public Disagreement[]? Disagreement { get; set; }

        private const string LocalSet = "Local";
        private const string MarketplaceSet = "Marketplace";

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
            if (Reason != null && ParameterSetName != MarketplaceSet)
                foreach (var r in Reason)
                    if (!ListingPs.Core.Model.ReasonCodes.IsKnown(r))
                        WriteWarning("Reason '" + r + "' is not a known reason code; no record will match it. Known codes: " + string.Join(", ", ListingPs.Core.Model.ReasonCodes.All));
        }

        private System.Collections.Generic.IEnumerable<string> MarketIds()
        {
            foreach (var m in Rules.Markets) yield return m.Id;
        }

        protected override void ProcessRecord()
        {
            if (First.HasValue && _written >= First.Value) return;
            if (ParameterSetName == MarketplaceSet)
            {
                WriteVerdicts();
                return;
            }
            var query = new ShareQuery { Markets = Market, OfferIds = OfferId, States = State, Reasons = Reason, OfferStatuses = OfferStatus };
            foreach (var record in Shares.Query(query))
            {
                if (Stopping || (First.HasValue && _written >= First.Value)) break;
                WriteObject(record);
                _written++;
                if (First.HasValue && _written >= First.Value) break; // do not read the next page for nothing
            }
        }
    
        /// <summary>The local records with the marketplace's stored verdicts beside them, filtered on both sides.</summary>
        private void WriteVerdicts()
        {
            var patterns = MarketReason == null ? null
                : System.Array.ConvertAll(MarketReason, r => new WildcardPattern(r, WildcardOptions.IgnoreCase));
            var query = new ShareQuery { Markets = Market, OfferIds = OfferId, OfferStatuses = OfferStatus };
            foreach (var record in Shares.Query(query))
            {
                if (Stopping || (First.HasValue && _written >= First.Value)) break;
                var verdict = Store.MarketVerdicts.Get(record.Market, record.OfferId, withLocal: false)
                    ?? new MarketVerdict { OfferId = record.OfferId, Market = record.Market, SyncedAt = record.UpdatedAt };
                verdict.LocalState = record.State;
                verdict.LocalReasons = record.Reasons;
                if (State != null && (verdict.State == null || System.Array.IndexOf(State, verdict.State.Value) < 0)) continue;
                if (Reason != null && !System.Array.Exists(Reason, code => record.HasReason(code)
                        || System.Linq.Enumerable.Any(verdict.MarketReasons, m => string.Equals(m.Code, code, System.StringComparison.OrdinalIgnoreCase)))) continue;
                if (MarketState != null && (verdict.MarketState == null || System.Array.IndexOf(MarketState, verdict.MarketState.Value) < 0)) continue;
                if (patterns != null && !System.Linq.Enumerable.Any(verdict.MarketReasons, m => System.Array.Exists(patterns, p => p.IsMatch(m.Code)))) continue;
                if (Disagreement != null && System.Array.IndexOf(Disagreement, verdict.Disagreement) < 0) continue;
                WriteObject(verdict);
                _written++;
            }
        }
    }
}
