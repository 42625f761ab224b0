using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WorkspaceStore = ListingPs.Core.Workspace.Workspace;
using ListingPs.Core.Workspace;

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
            long total = _ws.CountOffers(baseMarket), seen = 0, refused = 0;
            string? after = null;
            const int page = 2000;
            while (true)
            {
                var offers = new List<Offer>(page);
                foreach (var o in _ws.QueryOffers(new OfferQuery { Markets = new[] { baseMarket }, AfterOfferId = after, Limit = page }))
                    offers.Add(o);
                if (offers.Count == 0) break;
                after = offers[offers.Count - 1].OfferId;
                foreach (var offer in offers)
                {
                    seen++;
                    if (offer.Status != OfferStatus.Active || !OfferVerifier.DeliversTo(offer, policy)) continue;
                    var existing = _ws.GetShare(market.Id, offer.OfferId);
                    if (existing != null && (existing.State == ShareState.Withdrawn || existing.Price.HasValue)) continue;
                    bool auto = existing != null && existing.AutoTranslate;
                    var record = Evaluate(offer, market, null, auto, null);
                    _ws.UpsertShare(record, auto, existing != null && existing.Reasons.Count > 0);
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

        /// <summary>The seller's market filter over the workspace; NotRequested lists base offers never submitted to the market.</summary>
        public IEnumerable<ShareRecord> Query(ShareQuery query)
        {
            List<ShareState>? states = query.States != null ? new List<ShareState>(query.States) : null;
            bool wantsUnshared = states != null && states.RemoveAll(s => s == ShareState.NotRequested) > 0;
            bool wantsShared = states == null || states.Count > 0 || !wantsUnshared;
            if (wantsShared)
            {
                var q = new ShareQuery
                {
                    Markets = query.Markets, OfferIds = query.OfferIds, States = states, Reasons = query.Reasons,
                    OfferStatuses = query.OfferStatuses, Limit = PageSize,
                };
                while (true)
                {
                    var page = _ws.QueryShares(q);
                    foreach (var r in page) yield return r;
                    if (page.Count < PageSize) break;
                    q.After = (page[page.Count - 1].Market, page[page.Count - 1].OfferId);
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
                    var page = _ws.QueryUnshared(market.Id, baseMarket.Id, query.OfferIds, query.OfferStatuses, after, PageSize);
                    foreach (var offer in page)
                    {
                        yield return new ShareRecord
                        {
                            OfferId = offer.OfferId, Market = market.Id, State = ShareState.NotRequested,
                            Currency = market.Currency, BasePrice = offer.Price, BaseCurrency = baseMarket.Currency,
                            OfferStatus = offer.Status, UpdatedAt = offer.UpdatedAt,
                        };
                    }
                    if (page.Count < PageSize) break;
                    after = page[page.Count - 1].OfferId;
                }
            }
        }
    }
}
