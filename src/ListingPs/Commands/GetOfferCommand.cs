using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;
using ListingPs.Core.Workspace;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets offers of the workspace assortment.</para>
    /// <para type="description">Streams the offers of the workspace assortment in offer id order, filtered by offer id (wildcards
    /// allowed), own market and status. Offers are read a page at a time, so the first one arrives at once even in a large
    /// workspace. Each offer carries what the sharing rules look at: price on its own market, category, selling format, account
    /// type, B2B and charity flags, catalogue product, status, delivery methods and translations. Pipe offers into Submit-Offer
    /// to share them, back into Import-Offer after changing a property, or into Remove-Offer.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Offer")]
    [OutputType(typeof(Offer))]
    public sealed class GetOfferCommand : ListingPsCmdlet
    {
        /// <summary>Offer ids to get; wildcards (*, ?) allowed. Binds from the OfferId (or Sku) property of piped objects. Default: every offer.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Sku")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OfferIdCompleter))]
        public string[]? OfferId { get; set; }

        /// <summary>Only offers listed on these markets (the offer's own market, e.g. allegro-pl).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Market { get; set; }

        /// <summary>Only offers with these statuses: Active, Inactive or Ended.</summary>
        [Parameter]
        public OfferStatus[]? Status { get; set; }

        /// <summary>Stops after this many offers.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? First { get; set; }

        protected override bool UsesRules => false;

        private long _written;

        private const int FirstPageSize = 50;
        private const int PageSize = 1000;

        protected override void ProcessRecord()
        {
            // a small first page, so the first offer comes at once; then large pages
            int page = FirstPageSize;
            string? after = null;
            while (!Stopping)
            {
                if (First.HasValue && _written >= First.Value) return;
                var offers = Store.Offers.Query(new OfferQuery { OfferIds = OfferId, Markets = Market, Statuses = Status, AfterOfferId = after, Limit = page });
                foreach (var o in offers)
                {
                    if (First.HasValue && _written >= First.Value) return;
                    WriteObject(WithCurrency(o));
                    _written++;
                }
                if (offers.Count < page) break;
                after = offers[offers.Count - 1].OfferId;
                page = PageSize;
            }
        }
    }
}
