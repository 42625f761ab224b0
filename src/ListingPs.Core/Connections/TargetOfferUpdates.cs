using System;
using System.Globalization;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Connections
{
    /// <summary>
    /// What the seller changes by hand on one target offer of an Amazon target: its price (kept by every Sync, or returned
    /// to the connection's pricing rule) and the FBA units in the target's fulfilment centres, which activate an FBA offer.
    /// </summary>
    internal sealed class TargetOfferUpdates
    {
        private readonly WorkspaceStore _ws;
        private readonly RuleSet _rules;
        private readonly ConnectionSync _sync;
        private readonly Func<DateTimeOffset> _clock;

        public TargetOfferUpdates(WorkspaceStore workspace, RuleSet rules, ConnectionSync sync, Func<DateTimeOffset> clock)
        {
            _ws = workspace; _rules = rules; _sync = sync; _clock = clock;
        }

        /// <summary>
        /// Sets a target offer's price by hand (Sync never overwrites it and the report says so), or, with a null price, returns
        /// it to the connection's pricing rule. For connection targets that are not shared-offer markets (Amazon).
        /// </summary>
        public ConnectionReportRow SetTargetPrice(string market, string sku, decimal? price)
        {
            var m = _rules.GetMarket(market);
            if (m.IsAllegro)
                throw new ListingPsException(ErrorIds.InvalidConnectionMarket,
                    m.Id + " is an Allegro market: a connection's offers there are shared offers, priced as every shared offer (Set-OfferPrice -Market " + m.Id + ").",
                    ErrorKind.InvalidArgument);
            var connectionId = _ws.Connections.OfTarget(m.Id)
                ?? throw new ListingPsException(ErrorIds.OfferNotConnected,
                    m.Id + " is not a target of any market connection, so it has no target offers to price (Get-MarketConnection lists the connections).", ErrorKind.ObjectNotFound);
            var row = _ws.Connections.GetRow(m.Id, sku);
            if (row != null) row.TargetPlatform = m.Platform;
            if (row == null || !TargetEvaluator.HasOffer(row))
                throw new ListingPsException(ErrorIds.OfferNotConnected,
                    "SKU '" + sku + "' has no target offer on " + m.Id + (row != null ? " (" + row.Status + (row.Reason.Length > 0 ? ": " + row.Reason : "") + ")" : "") +
                    "; Get-ConnectionReport -ConnectionId " + connectionId + " -Sku " + sku + " says why.", ErrorKind.ObjectNotFound);
            var currency = _rules.GetCurrency(m.Currency);
            if (price.HasValue)
            {
                if (price.Value <= 0)
                    throw new ListingPsException(ErrorIds.InvalidPrice,
                        string.Format(CultureInfo.InvariantCulture, "SKU '{0}': the {1} price must be greater than zero (got {2}).", sku, m.Currency, price.Value), ErrorKind.InvalidArgument);
                if (!MoneyRounding.IsOnStep(price.Value, currency))
                    throw new ListingPsException(ErrorIds.InvalidPricePrecision,
                        string.Format(CultureInfo.InvariantCulture, "SKU '{0}': {1} {2} is not a valid {2} price on {3}; {2} prices are whole multiples of {4}.", sku, price.Value, m.Currency, m.Id, currency.Step),
                        ErrorKind.InvalidArgument);
                row.Price = MoneyRounding.Normalize(price.Value, currency.Step);
                row.PriceSource = TargetPriceSource.Manual;
                row.PricingRule = "";
                if (row.Status == SyncStatus.Synchronized && row.Reason.Length == 0) row.Reason = ConnectionReasons.ManualPrice;
            }
            else
            {
                var c = _ws.Connections.Get(connectionId)!;
                var source = _rules.GetMarket(c.SourceMarket);
                var offer = _ws.Offers.Get(sku);
                if (offer == null || !string.Equals(offer.Market, source.Id, StringComparison.OrdinalIgnoreCase))
                    throw new ListingPsException(ErrorIds.OfferNotFound, "SKU '" + sku + "' is no longer an offer of " + source.Id + "; Sync-MarketConnection removes its target offer.", ErrorKind.ObjectNotFound);
                var ruled = new ConnectionReportRow
                {
                    ConnectionId = row.ConnectionId, Sku = row.Sku, TargetMarket = row.TargetMarket, Status = row.Status, TargetOfferState = row.TargetOfferState,
                    Price = row.Price, PriceSource = TargetPriceSource.Rule, ExchangeRate = null,
                };
                var target = _sync.ContextOf(c, source, m);
                row = target.Evaluator.Evaluate(c, source, target, offer, ruled, new ConnectionSummary(), new PageData(_clock(), null, null));
            }
            row.SyncDate = _clock();
            _ws.Connections.UpsertRow(row);
            _ws.RecordWritten();
            return row;
        }

        /// <summary>
        /// Records the units of a SKU in the market's fulfilment centres. An FBA target offer is inactive until its target has
        /// inventory: a quantity above zero activates it at once, zero deactivates it.
        /// </summary>
        public FbaInventoryRecord SetFbaInventory(string market, string sku, int quantity)
        {
            var m = _rules.GetMarket(market);
            if (!m.IsAmazon)
                throw new ListingPsException(ErrorIds.InvalidConnectionMarket, "FBA inventory is recorded for Amazon marketplaces; " + m.Id + " is on " + m.Platform + ".", ErrorKind.InvalidArgument);
            if (string.IsNullOrWhiteSpace(sku))
                throw new ListingPsException(ErrorIds.MissingOfferId, "A SKU is required to record FBA inventory.", ErrorKind.InvalidArgument);
            if (quantity < 0)
                throw new ListingPsException(ErrorIds.InvalidOfferField, "SKU '" + sku + "': the FBA quantity must be zero or more (got " + quantity.ToString(CultureInfo.InvariantCulture) + ").", ErrorKind.InvalidArgument);
            var now = _clock();
            sku = sku.Trim();
            _ws.Catalogs.SetFbaQuantity(m.Id, sku, quantity, now);
            var row = _ws.Connections.GetRow(m.Id, sku);
            if (row != null && row.Status == SyncStatus.Synchronized && row.Fulfillment == FulfillmentMethod.FBA && TargetEvaluator.HasOffer(row))
            {
                if (quantity > 0 && row.TargetOfferState == TargetOfferState.Inactive)
                {
                    row.TargetOfferState = TargetOfferState.Active;
                    row.Reason = row.PriceSource == TargetPriceSource.Manual ? ConnectionReasons.ManualPrice : "";
                    row.SyncDate = now;
                    _ws.Connections.UpsertRow(row);
                }
                else if (quantity == 0 && row.TargetOfferState == TargetOfferState.Active)
                {
                    row.TargetOfferState = TargetOfferState.Inactive;
                    row.Reason = ConnectionReasons.AwaitingFbaInventory;
                    row.SyncDate = now;
                    _ws.Connections.UpsertRow(row);
                }
            }
            _ws.RecordWritten();
            return new FbaInventoryRecord { Market = m.Id, Sku = sku, Quantity = quantity, UpdatedAt = now, TargetOfferState = row?.TargetOfferState ?? TargetOfferState.None };
        }
    }
}
