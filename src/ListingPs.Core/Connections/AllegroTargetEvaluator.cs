using System;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;

namespace ListingPs.Core.Connections
{
    /// <summary>
    /// Allegro targets: a target offer is the source offer shared to the target market through the shared-offers flow, at
    /// the connection's rule price, with that flow's verification deciding the row's status (refusals carry its VQR/LPS
    /// code). A price set by hand on the share is kept; a share the seller withdrew disconnects the row.
    /// </summary>
    internal sealed class AllegroTargetEvaluator : TargetEvaluator
    {
        private readonly ShareService _shares;

        public AllegroTargetEvaluator(ShareService shares) : base(shares.Workspace) { _shares = shares; }

        public override bool TargetOffersAreShares => true;

        /// <summary>The page's shares on the target.</summary>
        public override PageData ReadPage(TargetContext t, string firstSku, string lastSku, bool anyFba, DateTimeOffset now) =>
            new PageData(now, Ws.Shares.GetInRange(t.Market.Id, firstSku, lastSku, _shares.DeliveryNames), null);

        /// <summary>Withdraws the SKU's share from the target unless it is withdrawn already (its price is kept for a later Submit-Offer).</summary>
        public override void Disconnect(string targetMarket, string sku)
        {
            var share = Ws.Shares.Get(targetMarket, sku, _shares.DeliveryNames);
            if (share != null && share.State != ShareState.Withdrawn) _shares.Withdraw(sku, targetMarket);
        }

        public override ConnectionReportRow Evaluate(MarketConnection c, MarketRule source, TargetContext t, Offer offer, ConnectionReportRow? old, ConnectionSummary summary, PageData data)
        {
            var row = NewRow(c, source, t, offer, data.Now);
            data.Shares!.TryGetValue(offer.OfferId, out var share);
            var reason = Ineligible(offer, t);
            if (reason != null)
            {
                NotSynchronized(row, old, reason.Value);
                // A share the connection made and keeps live is withdrawn (its price is kept).
                if (old != null && old.TargetOfferState == TargetOfferState.Active && share != null && share.State != ShareState.Withdrawn)
                    _shares.Withdraw(offer.OfferId, t.Market.Id);
                return row;
            }
            if (share != null && share.State == ShareState.Withdrawn && !(old != null && old.TargetOfferState == TargetOfferState.Inactive))
            {
                // Withdrawn by the seller (the connection withdraws only what it deactivates): no longer connected.
                row.Status = SyncStatus.Disconnected;
                row.Reason = ConnectionReasons.WithdrawnOnTarget;
                row.TargetOfferState = TargetOfferState.Inactive;
                row.Price = share.Price;
                row.PriceSource = share.PriceSource == PriceSource.None ? TargetPriceSource.None : TargetPriceSource.Manual;
                row.ExchangeRate = share.ExchangeRate;
                row.RateSource = share.RateSource;
                return row;
            }
            var expected = t.Market.KeepsBasePrice ? PriceSource.Converter : PriceSource.Manual;
            if (share != null && share.State != ShareState.Withdrawn && share.Price.HasValue)
            {
                bool handSet;
                if (!HasOffer(old)) handSet = share.PriceSource == PriceSource.Manual && !t.Market.KeepsBasePrice; // an own price from before the connection
                else if (old!.PriceSource == TargetPriceSource.Manual) handSet = true;
                else handSet = share.PriceSource != expected || (expected == PriceSource.Manual && share.Price != old.Price);
                if (handSet)
                {
                    row.Price = share.Price;
                    row.PriceSource = TargetPriceSource.Manual;
                    row.ExchangeRate = share.ExchangeRate;
                    row.RateSource = share.RateSource;
                    row.TargetOfferState = TargetOfferState.Active;
                    summary.ManualPricesKept++;
                    FromShare(row, share, ConnectionReasons.ManualPrice);
                    return row;
                }
            }
            var rulePrice = PriceByRule(offer, old, t, summary);
            if (rulePrice == null)
            {
                NotSynchronized(row, old, (ConnectionReasons.NoSourcePrice, null));
                return row;
            }
            var price = rulePrice.Value.Price;
            ShareRecord record;
            if (share != null && share.State != ShareState.Withdrawn && share.PriceSource == expected
                && (expected == PriceSource.Converter || share.Price == price) && share.BasePrice == offer.Price)
                record = share; // already shared at this price: the shared-offers flow keeps its verification current
            else
                // The offer and its share were read with the page, and the offer is unchanged: neither is read or written again.
                record = _shares.Submit(PreparedOffer.AsStored(Ws, offer, t.Market.Id, share), t.Market.Id, new SubmitOptions
                {
                    Price = t.Market.KeepsBasePrice ? (decimal?)null : price,
                });
            rulePrice.Value.SetOn(row, record.Price);
            row.TargetOfferState = TargetOfferState.Active;
            FromShare(row, record, "");
            return row;
        }

        /// <summary>The row's status from the shared-offers verification: approved is synchronized; refused is not, with the verification's first reason.</summary>
        private static void FromShare(ConnectionReportRow row, ShareRecord share, string noteWhenApproved)
        {
            switch (share.State)
            {
                case ShareState.Approved:
                    row.Status = SyncStatus.Synchronized;
                    row.Reason = noteWhenApproved;
                    break;
                case ShareState.Refused:
                    row.Status = SyncStatus.NotSynchronized;
                    row.Reason = share.Reasons.Count > 0 ? share.Reasons[0].Code : "";
                    row.ReasonParameters = share.Reasons.Count > 0 ? share.Reasons[0].Parameters : TextMap.Empty;
                    break;
                default:
                    row.Status = SyncStatus.NotSynchronized;
                    row.Reason = ConnectionReasons.SourceOfferInactive;
                    row.ReasonParameters = Params(("offerStatus", share.OfferStatus.ToString().ToLowerInvariant()));
                    break;
            }
        }
    }
}
