using System;
using System.Collections.Generic;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Connections
{
    /// <summary>What one target needs while its offers are processed.</summary>
    internal sealed class TargetContext
    {
        public TargetContext(MarketRule market, EffectiveTargetRules rules, CurrencyRule currency, RateInfo rate, bool hasCatalog, TargetEvaluator evaluator)
        {
            Market = market; Rules = rules; Currency = currency; Rate = rate; HasCatalog = hasCatalog; Evaluator = evaluator;
        }
        public MarketRule Market { get; }
        public EffectiveTargetRules Rules { get; }
        public CurrencyRule Currency { get; }
        public RateInfo Rate { get; }
        public bool HasCatalog { get; }
        /// <summary>The evaluator of the target's platform, chosen once from its market rule.</summary>
        public TargetEvaluator Evaluator { get; }
        public IReadOnlyCollection<string> Restricted => Market.Policy?.RestrictedProducts ?? (IReadOnlyCollection<string>)Array.Empty<string>();

        /// <summary>Reason parameters that depend only on the target and one offer value: made once per value, not per row.</summary>
        public IReadOnlyDictionary<string, string>? Cached(string key) => _reasonParameters.TryGetValue(key, out var p) ? p : null;

        public IReadOnlyDictionary<string, string> Remember(string key, IReadOnlyDictionary<string, string> p) => _reasonParameters[key] = p;
        private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _reasonParameters = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
    }

    /// <summary>What one page of source offers has on one target: its report rows, its shares (Allegro) and FBA units (Amazon), each read once per page.</summary>
    internal sealed class PageData
    {
        public PageData(DateTimeOffset now, Dictionary<string, ShareRecord>? shares, Dictionary<string, int>? fba)
        {
            Now = now; Shares = shares; Fba = fba;
        }
        public DateTimeOffset Now { get; }
        public Dictionary<string, ShareRecord>? Shares { get; }
        public Dictionary<string, int>? Fba { get; }
    }

    /// <summary>A target price by the connection's pricing rule: the rule for the offer's fulfilment, the rate it was converted with.</summary>
    internal readonly struct RulePrice
    {
        public RulePrice(PricingRule rule, decimal price, decimal rate, string? rateSource)
        {
            Rule = rule; Price = price; Rate = rate; RateSource = rateSource;
        }
        public PricingRule Rule { get; }
        public decimal Price { get; }
        public decimal Rate { get; }
        public string? RateSource { get; }

        /// <summary>The row priced by the rule at <paramref name="price"/> (on Allegro the price the shared-offers flow kept).</summary>
        public void SetOn(ConnectionReportRow row, decimal? price)
        {
            row.Price = price;
            row.PriceSource = TargetPriceSource.Rule;
            row.PricingRule = Rule.ToString();
            row.ExchangeRate = Rate;
            row.RateSource = RateSource;
        }
    }

    /// <summary>
    /// Evaluates source offers for the targets of one platform: what one page of offers has on a target, the target row of
    /// each offer, and what becomes of a target offer that leaves the connection. One per platform (<see
    /// cref="AmazonTargetEvaluator"/>, <see cref="AllegroTargetEvaluator"/>), chosen from the target market's platform; the
    /// eligibility, the pricing rule and the rate choice are the same for every platform and live here.
    /// </summary>
    internal abstract class TargetEvaluator
    {
        protected TargetEvaluator(WorkspaceStore workspace) { Ws = workspace; }

        protected WorkspaceStore Ws { get; }

        /// <summary>
        /// Whether the target offers are the platform's own records outside the connection's rows (Allegro's shares), so that
        /// a removed connection must take them down one by one (<see cref="Disconnect"/>).
        /// </summary>
        public virtual bool TargetOffersAreShares => false;

        /// <summary>What one page of source offers (SKUs <paramref name="firstSku"/> to <paramref name="lastSku"/>) has on the target, read once for the page.</summary>
        public abstract PageData ReadPage(TargetContext t, string firstSku, string lastSku, bool anyFba, DateTimeOffset now);

        /// <summary>The target row of one source offer (<paramref name="old"/>: the row the last run left), written by the caller.</summary>
        public abstract ConnectionReportRow Evaluate(MarketConnection c, MarketRule source, TargetContext t, Offer offer, ConnectionReportRow? old, ConnectionSummary summary, PageData data);

        /// <summary>Takes down the target offer of a SKU that leaves the connection; nothing where the row is the target offer.</summary>
        public virtual void Disconnect(string targetMarket, string sku) { }

        /// <summary>Whether the row has a target offer (active or inactive).</summary>
        internal static bool HasOffer(ConnectionReportRow? row) =>
            row != null && (row.TargetOfferState == TargetOfferState.Active || row.TargetOfferState == TargetOfferState.Inactive);

        protected static ConnectionReportRow NewRow(MarketConnection c, MarketRule source, TargetContext t, Offer offer, DateTimeOffset now) => new ConnectionReportRow
        {
            ConnectionId = c.ConnectionId,
            Sku = offer.OfferId,
            ProductId = offer.ProductId,
            SourceMarket = source.Id,
            TargetMarket = t.Market.Id,
            TargetPlatform = t.Market.Platform,
            Currency = t.Market.Currency,
            SourcePrice = offer.Price,
            SourceCurrency = source.Currency,
            Fulfillment = offer.Fulfillment,
            SyncDate = now,
        };

        /// <summary>Why the offer is not listed on the target, or null when it is eligible. Deliberate settings first, then the offer, then the target.</summary>
        protected (string Code, IReadOnlyDictionary<string, string>? Parameters)? Ineligible(Offer offer, TargetContext t)
        {
            var r = t.Rules;
            if (r.IsExcluded(offer.OfferId)) return (ConnectionReasons.SkuExcluded, null);
            if (!r.AcceptsCondition(offer.Condition))
            {
                var key = ConditionKeys[(int)offer.Condition];
                return (ConnectionReasons.FilteredOut, t.Cached(key) ?? t.Remember(key,
                    Params(("setting", "condition"), ("value", offer.Condition.ToString()), ("filter", r.OfferCondition.ToString()),
                        ("parameter", "OfferCondition"), ("suggestion", nameof(ConnectionOfferCondition.NewAndUsed)))));
            }
            if (!r.AcceptsFulfillment(offer.Fulfillment))
            {
                var key = offer.Fulfillment == FulfillmentMethod.FBA ? "fulfillment FBA" : "fulfillment Merchant";
                return (ConnectionReasons.FilteredOut, t.Cached(key) ?? t.Remember(key,
                    Params(("setting", "fulfillment"), ("value", offer.Fulfillment.ToString()), ("filter", r.Fulfillment.ToString()),
                        ("parameter", "Fulfillment"), ("suggestion", nameof(FulfillmentFilter.All)))));
            }
            if (offer.Status != OfferStatus.Active)
                return (ConnectionReasons.SourceOfferInactive, InactiveParameters(t, offer.Status));
            if (!offer.Price.HasValue || offer.Price.Value <= 0) return (ConnectionReasons.NoSourcePrice, null);
            if (string.IsNullOrEmpty(offer.ProductId) || (t.HasCatalog && !Ws.Catalogs.Contains(t.Market.Id, offer.ProductId!)))
                return (ConnectionReasons.NoDetailPage, null);
            if (t.Restricted.Count > 0 && Contains(t.Restricted, offer.ProductId!)) return (ConnectionReasons.RestrictedProduct, null);
            return null;
        }

        private static readonly string[] ConditionKeys = Enum.GetNames(typeof(OfferCondition)).Select(n => "condition " + n).ToArray();

        private static IReadOnlyDictionary<string, string> InactiveParameters(TargetContext t, OfferStatus status)
        {
            var key = StatusKeys[(int)status];
            return t.Cached(key) ?? t.Remember(key, Params(("offerStatus", status.ToString().ToLowerInvariant())));
        }

        private static readonly string[] StatusKeys = Enum.GetNames(typeof(OfferStatus)).Select(n => "status " + n).ToArray();

        private static bool Contains(IReadOnlyCollection<string> set, string value)
        {
            if (set is HashSet<string> h) return h.Contains(value);
            foreach (var s in set) if (string.Equals(s, value, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        protected static IReadOnlyDictionary<string, string> Params(params (string Key, string Value)[] p)
        {
            var d = new Dictionary<string, string>(p.Length, StringComparer.Ordinal);
            foreach (var (k, v) in p) d[k] = v;
            return new TextMap(d);
        }

        /// <summary>The rate to price with: the one the target offer was priced with while the current rate is less than 1% away from it, else the current one.</summary>
        private static (decimal Rate, string? Source, bool Skipped) ChooseRate(ConnectionReportRow? old, TargetContext t)
        {
            var current = t.Rate;
            if (old != null && HasOffer(old) && old.PriceSource == TargetPriceSource.Rule && old.ExchangeRate.HasValue && old.ExchangeRate.Value > 0)
            {
                var kept = old.ExchangeRate.Value;
                if (Math.Abs(current.Rate - kept) / kept < ConnectionService.RateMoveThreshold)
                    return (kept, old.RateSource, current.Rate != kept);
            }
            return (current.Rate, current.Source, false);
        }

        /// <summary>
        /// The offer's target price by the connection's pricing rule at the chosen rate (the kept one while the current rate
        /// moved less than 1%, counted as a skipped move); null when the rule gives zero or less (NoSourcePrice). One for every
        /// platform: Amazon targets take the price as it is, Allegro targets submit it to the shared-offers flow.
        /// </summary>
        protected static RulePrice? PriceByRule(Offer offer, ConnectionReportRow? old, TargetContext t, ConnectionSummary summary)
        {
            var rule = t.Rules.PricingFor(offer.Fulfillment);
            var (rate, rateSource, skipped) = ChooseRate(old, t);
            var price = rule.Price(offer.Price!.Value, rate, t.Currency);
            if (price <= 0) return null;
            if (skipped) summary.RateMovesSkipped++;
            return new RulePrice(rule, price, rate, rateSource);
        }

        protected static void NotSynchronized(ConnectionReportRow row, ConnectionReportRow? old, (string Code, IReadOnlyDictionary<string, string>? Parameters) reason)
        {
            row.Status = SyncStatus.NotSynchronized;
            row.Reason = reason.Code;
            row.ReasonParameters = reason.Parameters ?? TextMap.Empty;
            if (HasOffer(old))
            {
                // The target offer stays, but no longer sells.
                row.TargetOfferState = TargetOfferState.Inactive;
                row.Price = old!.Price;
                row.PriceSource = old.PriceSource;
                row.PricingRule = old.PricingRule;
                row.ExchangeRate = old.ExchangeRate;
                row.RateSource = old.RateSource;
            }
        }
    }
}
