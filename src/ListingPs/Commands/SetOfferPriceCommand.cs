using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Allegro;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets offers' price on a market by hand (or with the converter) and verifies them again.</para>
    /// <para type="description">For shared offers (allegro-cz, -sk, -hu) the price must be on the market currency's step
    /// (whole CZK, EUR cents, HUF amounts ending in 0 or 5). A price set by hand turns the converter off for that offer.
    /// On the target of a market connection (amazon-ca...) it sets the target offer's price by hand: Sync-MarketConnection
    /// never overwrites it and the status report says so (PriceSource Manual, reason ManualPrice); -UseConverter returns the
    /// offer to the connection's pricing rule.</para>
    /// <para type="description">With -Remote (allegro-cz, allegro-sk, allegro-hu only) the prices also go to Allegro in bulk, as
    /// Set-OfferCzkPrice -Remote describes: price-change commands of at most 1,000 offers per market and price, paced to Allegro's
    /// 9,000 changes a minute and 150,000 an hour, one RemotePriceResult per offer once its command's tasks are read; -UseConverter
    /// -Remote assigns the EXCHANGE_RATE rule instead. Prices Allegro already holds are not sent again.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "OfferPrice", SupportsShouldProcess = true, DefaultParameterSetName = OwnPriceSet)]
    [OutputType(typeof(ShareRecord), typeof(ConnectionReportRow), typeof(RemotePriceResult))]
    public sealed class SetOfferPriceCommand : MarketPriceCmdlet
    {
        /// <summary>The market whose price is set (pipeline: a share record's Market).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string Market { get; set; } = "";

        protected override string TargetMarket => Market;

        private ConnectionService? _connections;

        /// <summary>Markets that take no shared offers (Amazon) are priced as connection targets.</summary>
        protected override object SetPrice(string offerId)
        {
            if (Rules.TryGetMarket(Market, out var market) && !market.IsBase && string.IsNullOrEmpty(market.ShareFrom))
                return (_connections ??= new ConnectionService(Shares, Logger)).SetTargetPrice(market.Id, offerId, UseConverter ? (decimal?)null : Price);
            return base.SetPrice(offerId);
        }
    }
}
