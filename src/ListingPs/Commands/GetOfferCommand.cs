using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;
using ListingPs.Core.Workspace;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets offers of the workspace assortment.</para>
    /// <para type="description">Streams offers in id order, filtered by id (wildcards allowed), market and status.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Offer")]
    [OutputType(typeof(Offer))]
    public sealed class GetOfferCommand : ListingPsCmdlet
    {
        /// <summary>Offer ids; wildcards (*, ?) allowed.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Sku")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? OfferId { get; set; }

        /// <summary>The offers' own market.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Market { get; set; }

        /// <summary>Active, Inactive or Ended.</summary>
        [Parameter]
        public OfferStatus[]? Status { get; set; }

        /// <summary>At most this many offers.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? First { get; set; }

        protected override bool UsesRules => false;

        private long _written;

        protected override void ProcessRecord()
        {
            const int page = 1000;
            string? after = null;
            while (!Stopping)
            {
                var offers = Store.QueryOffers(new OfferQuery { OfferIds = OfferId, Markets = Market, Statuses = Status, AfterOfferId = after, Limit = page });
                foreach (var o in offers)
                {
                    if (First.HasValue && _written >= First.Value) return;
                    WriteObject(o);
                    _written++;
                }
                if (offers.Count < page) break;
                after = offers[offers.Count - 1].OfferId;
            }
        }
    }
}
