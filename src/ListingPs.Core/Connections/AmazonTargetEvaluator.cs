using System;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Connections
{
    /// <summary>
    /// Amazon targets (any platform but Allegro): the connection's row is the target offer. It is priced by the connection's
    /// pricing rule (a price set by hand is kept), and an FBA offer stays inactive until the target records inventory.
    /// </summary>
    internal sealed class AmazonTargetEvaluator : TargetEvaluator
    {
        public AmazonTargetEvaluator(WorkspaceStore workspace) : base(workspace) { }

        /// <summary>The page's FBA units on the target, when the page has an FBA offer.</summary>
        public override PageData ReadPage(TargetContext t, string firstSku, string lastSku, bool anyFba, DateTimeOffset now) =>
            new PageData(now, null, anyFba ? Ws.Catalogs.GetFbaQuantities(t.Market.Id, firstSku, lastSku) : null);

        public override ConnectionReportRow Evaluate(MarketConnection c, MarketRule source, TargetContext t, Offer offer, ConnectionReportRow? old, ConnectionSummary summary, PageData data)
        {
            var row = NewRow(c, source, t, offer, data.Now);
            var reason = Ineligible(offer, t);
            if (reason != null)
            {
                NotSynchronized(row, old, reason.Value);
                return row;
            }
            if (HasOffer(old) && old!.PriceSource == TargetPriceSource.Manual && old.Price.HasValue)
            {
                row.Price = old.Price;
                row.PriceSource = TargetPriceSource.Manual;
                row.ExchangeRate = old.ExchangeRate;
                row.RateSource = old.RateSource;
                row.Reason = ConnectionReasons.ManualPrice;
                summary.ManualPricesKept++;
            }
            else
            {
                var priced = PriceByRule(offer, old, t, summary);
                if (priced == null)
                {
                    NotSynchronized(row, old, (ConnectionReasons.NoSourcePrice, null));
                    return row;
                }
                priced.Value.SetOn(row, priced.Value.Price);
            }
            row.Status = SyncStatus.Synchronized;
            row.TargetOfferState = TargetOfferState.Active;
            if (offer.Fulfillment == FulfillmentMethod.FBA && FbaQuantity(t, offer.OfferId, data) <= 0)
            {
                row.TargetOfferState = TargetOfferState.Inactive;
                row.Reason = ConnectionReasons.AwaitingFbaInventory;
            }
            return row;
        }

        /// <summary>The SKU's FBA units on the target: from the page when it read them, else from the workspace.</summary>
        private int FbaQuantity(TargetContext t, string sku, PageData data)
        {
            if (data.Fba == null) return Ws.Catalogs.GetFbaQuantity(t.Market.Id, sku);
            return data.Fba.TryGetValue(sku, out var n) ? n : 0;
        }
    }
}
