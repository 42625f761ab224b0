using System;
using System.Collections.Generic;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Verification;
using ListingPs.Core.Workspace;
using Microsoft.Extensions.Logging;

namespace ListingPs.Core.Sharing
{
    /// <summary>The weekly visibility check and the seller's market filter (reads that walk the workspace page by page).</summary>
    public sealed partial class ShareService
    {
        /// <summary>
        /// The weekly check: every active offer of the market's base with a delivery method to the market's country and no
        /// price in the market's currency becomes Refused with VQR001 (plus every other reason that applies). Withdrawn offers
        /// are left alone. Streams the refused records; <paramref name="progress"/> gets (offers checked, offers in total).
        /// </summary>
        public IEnumerable<ShareRecord> RunVisibilityCheck(string marketId, Action<long, long>? progress = null)
        {
            var market = AdditionalMarket(marketId, "checked on");
            var policy = market.Policy ?? OfferVerifier.DefaultPolicy;
            var baseMarket = _rules.BaseOf(market).Id;
            long total = _ws.Offers.Count(baseMarket), seen = 0, refused = 0;
            string? after = null;
            int page = VisibilityPageSize;
            while (true)
            {
                // one statement per page reads the offers and what their shares on the market hold (read whole before writing)
                var rows = _ws.Offers.QueryWithShare(baseMarket, market.Id, after, page);
                if (rows.Count == 0) break;
                after = rows[rows.Count - 1].Offer.OfferId;
                foreach (var (offer, existing) in rows)
                {
                    seen++;
                    if (offer.Status != OfferStatus.Active || !OfferVerifier.DeliversTo(offer, policy)) continue;
                    if (existing.HasValue && (existing.Value.State == ShareState.Withdrawn || existing.Value.HasPrice)) continue;
                    bool auto = existing.HasValue && existing.Value.AutoTranslate;
                    var record = Evaluate(offer, market, null, auto, null);
                    _ws.Shares.Upsert(record, auto, existing.HasValue && existing.Value.HasReasons);
                    _ws.RecordWritten();
                    refused++;
                    yield return record;
                }
                _ws.CommitIfDue();
                progress?.Invoke(seen, total);
            }
            _log.LogInformation("Visibility check on {Market}: {Checked} offers checked, {Refused} without a {Currency} price refused (VQR001).",
                market.Id, seen, refused, market.Currency);
        }

        /// <summary>Records in the first page the filter reads (small, so the first record comes at once).</summary>
        internal int QueryFirstPageSize { get; set; } = 50;

        /// <summary>Records in each later page.</summary>
        internal int QueryPageSize { get; set; } = PageSize;

        /// <summary>Offers per page of the visibility check.</summary>
        internal int VisibilityPageSize { get; set; } = 2000;

        /// <summary>The seller's market filter over the workspace; NotRequested lists base offers never submitted to the market.</summary>
        public IEnumerable<ShareRecord> Query(ShareQuery query)
        {
            List<ShareState>? states = query.States != null ? new List<ShareState>(query.States) : null;
            bool wantsUnshared = states != null && states.RemoveAll(s => s == ShareState.NotRequested) > 0;
            bool wantsShared = states == null || states.Count > 0 || !wantsUnshared;
            // the first page is small, so the first record comes at once; later pages are large
            int size = QueryFirstPageSize;
            if (wantsShared)
            {
                var q = new ShareQuery
                {
                    Markets = query.Markets, OfferIds = query.OfferIds, States = states, Reasons = query.Reasons,
                    OfferStatuses = query.OfferStatuses, Limit = size,
                };
                while (true)
                {
                    var page = _ws.Shares.Query(q, DeliveryNames);
                    foreach (var r in page) yield return r;
                    if (page.Count < q.Limit) break;
                    q.After = (page[page.Count - 1].Market, page[page.Count - 1].OfferId);
                    q.Limit = size = QueryPageSize;
                }
            }
            // Never-submitted offers have no reasons, so a reason filter excludes them.
            if (!wantsUnshared || (query.Reasons != null && query.Reasons.Count > 0)) yield break;
            var markets = new List<MarketRule>();
            if (query.Markets != null && query.Markets.Count > 0)
                foreach (var id in query.Markets) markets.Add(_rules.GetMarket(id));
            else
                markets.AddRange(_rules.Markets);
            foreach (var market in markets)
            {
                if (market.IsBase || string.IsNullOrEmpty(market.ShareFrom)) continue;
                var baseMarket = _rules.BaseOf(market);
                string? after = null;
                while (true)
                {
                    var page = _ws.Offers.QueryUnshared(market.Id, baseMarket.Id, query.OfferIds, query.OfferStatuses, after, size);
                    foreach (var offer in page)
                    {
                        yield return new ShareRecord
                        {
                            OfferId = offer.OfferId, Market = market.Id, State = ShareState.NotRequested,
                            Currency = market.Currency, BasePrice = offer.Price, BaseCurrency = baseMarket.Currency,
                            OfferStatus = offer.Status, UpdatedAt = offer.UpdatedAt,
                        };
                    }
                    if (page.Count < size) break;
                    after = page[page.Count - 1].OfferId;
                    size = QueryPageSize;
                }
            }
        }
    }
}
