using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ListingPs.Core.Model
{
    /// <summary>
    /// A default pricing rule: applied to the source price, then converted, then rounded to the target currency's step
    /// (the price itself: <c>PricingRulePrice.Price</c> in Pricing/, which knows the currencies' steps).
    /// Source 10, AmountAbove 1, rate 1.1262: (10 + 1) x 1.1262 = 12.3882 -> 12.39.
    /// </summary>
    public sealed class PricingRule : IEquatable<PricingRule>
    {
        private PricingRule(PricingRuleKind kind, decimal adjustment)
        {
            Kind = kind; Adjustment = adjustment;
        }

        public static readonly PricingRule SameAsSource = new PricingRule(PricingRuleKind.SameAsSource, 0m);

        public PricingRuleKind Kind { get; }
        /// <summary>The amount (in the source currency) or the percentage; 0 for SameAsSource.</summary>
        public decimal Adjustment { get; }

        /// <summary>
        /// A checked rule: SameAsSource takes no adjustment; the others need one of zero or more; PercentBelow stays under 100.
        /// </summary>
        /// <exception cref="ListingPsException">InvalidPricingRule.</exception>
        public static PricingRule Create(PricingRuleKind kind, decimal? adjustment)
        {
            if (kind == PricingRuleKind.SameAsSource)
            {
                if (adjustment.HasValue && adjustment.Value != 0)
                    throw Invalid("SameAsSource takes no price adjustment (got " + Num(adjustment.Value) + "); use AmountAbove, PercentAbove or PercentBelow to move the price.");
                return SameAsSource;
            }
            if (!adjustment.HasValue)
                throw Invalid(kind + " needs a price adjustment (" + (kind == PricingRuleKind.AmountAbove ? "an amount in the source currency" : "a percentage") + ").");
            if (adjustment.Value < 0)
                throw Invalid("A price adjustment is zero or more (got " + Num(adjustment.Value) + "); " +
                    (kind == PricingRuleKind.PercentAbove ? "use PercentBelow for a lower price." : kind == PricingRuleKind.PercentBelow ? "use PercentAbove for a higher price." : "a lower price than the source's is set with PercentBelow."));
            if (kind == PricingRuleKind.PercentBelow && adjustment.Value >= 100)
                throw Invalid("PercentBelow must be under 100 (got " + Num(adjustment.Value) + "): the target price would be zero or less.");
            return new PricingRule(kind, adjustment.Value);
        }

        /// <summary>The rule applied to a source price, before conversion.</summary>
        public decimal Apply(decimal sourcePrice)
        {
            switch (Kind)
            {
                case PricingRuleKind.AmountAbove: return sourcePrice + Adjustment;
                case PricingRuleKind.PercentAbove: return sourcePrice * (100m + Adjustment) / 100m;
                case PricingRuleKind.PercentBelow: return sourcePrice * (100m - Adjustment) / 100m;
                default: return sourcePrice;
            }
        }

        /// <summary>"SameAsSource", "AmountAbove 1", "PercentBelow 5".</summary>
        public override string ToString() => _text ??= Kind == PricingRuleKind.SameAsSource ? "SameAsSource" : Kind + " " + Num(Adjustment);
        private string? _text; // every report row names its rule: built once

        public bool Equals(PricingRule? other) => other != null && other.Kind == Kind && other.Adjustment == Adjustment;
        public override bool Equals(object? obj) => Equals(obj as PricingRule);
        public override int GetHashCode() => ((int)Kind * 397) ^ Adjustment.GetHashCode();

        internal static string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);

        private static ListingPsException Invalid(string message) =>
            new ListingPsException(ErrorIds.InvalidPricingRule, message, ErrorKind.InvalidArgument);
    }

    /// <summary>
    /// Offer-creation and pricing rules for one scope: the connection's defaults or one target. A null value is not set here
    /// (the defaults, then the built-in defaults, apply).
    /// </summary>
    public sealed class TargetRules
    {
        public ConnectionOfferCondition? OfferCondition { get; set; }
        public FulfillmentFilter? Fulfillment { get; set; }
        /// <summary>SKUs never listed (on the target, or on every target for the defaults); lists add up.</summary>
        public IReadOnlyList<string> ExcludeSkus { get => _exclude; set => _exclude = TextList<string>.From(value); }
        private TextList<string> _exclude = TextList<string>.Empty;
        /// <summary>Pricing for both fulfilment methods.</summary>
        public PricingRule? Pricing { get; set; }
        /// <summary>Pricing of FBA offers (wins over <see cref="Pricing"/>).</summary>
        public PricingRule? FbaPricing { get; set; }
        /// <summary>Pricing of self-fulfilled (merchant) offers (wins over <see cref="Pricing"/>).</summary>
        public PricingRule? MerchantPricing { get; set; }

        public bool IsEmpty => OfferCondition == null && Fulfillment == null && _exclude.Count == 0 && Pricing == null && FbaPricing == null && MerchantPricing == null;

        /// <summary>This scope with every value <paramref name="over"/> sets replacing it (exclusion lists add up).</summary>
        public TargetRules With(TargetRules? over)
        {
            if (over == null) return Copy();
            var r = Copy();
            if (over.OfferCondition.HasValue) r.OfferCondition = over.OfferCondition;
            if (over.Fulfillment.HasValue) r.Fulfillment = over.Fulfillment;
            if (over.Pricing != null) { r.Pricing = over.Pricing; r.FbaPricing = over.FbaPricing; r.MerchantPricing = over.MerchantPricing; }
            if (over.FbaPricing != null) r.FbaPricing = over.FbaPricing;
            if (over.MerchantPricing != null) r.MerchantPricing = over.MerchantPricing;
            r.ExcludeSkus = Union(ExcludeSkus, over.ExcludeSkus);
            return r;
        }

        public TargetRules Copy() => new TargetRules
        {
            OfferCondition = OfferCondition, Fulfillment = Fulfillment, ExcludeSkus = ExcludeSkus,
            Pricing = Pricing, FbaPricing = FbaPricing, MerchantPricing = MerchantPricing,
        };

        internal static IReadOnlyList<string> Union(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            if (b.Count == 0) return a;
            if (a.Count == 0) return b;
            var seen = new HashSet<string>(a, StringComparer.OrdinalIgnoreCase);
            var list = new List<string>(a);
            foreach (var s in b) if (seen.Add(s)) list.Add(s);
            return list;
        }

        public override string ToString()
        {
            var parts = new List<string>();
            if (OfferCondition.HasValue) parts.Add(OfferCondition.Value.ToString());
            if (Fulfillment.HasValue) parts.Add("fulfilment " + Fulfillment.Value);
            if (Pricing != null) parts.Add(Pricing.ToString());
            if (FbaPricing != null) parts.Add("FBA " + FbaPricing);
            if (MerchantPricing != null) parts.Add("Merchant " + MerchantPricing);
            if (_exclude.Count > 0) parts.Add(_exclude.Count.ToString(CultureInfo.InvariantCulture) + " SKU(s) excluded");
            return string.Join(", ", parts);
        }
    }

    /// <summary>The rules as they hold for one target: every value resolved.</summary>
    public sealed class EffectiveTargetRules
    {
        private readonly HashSet<string> _excluded;

        internal EffectiveTargetRules(ConnectionOfferCondition condition, FulfillmentFilter fulfillment, IEnumerable<string> excluded,
            PricingRule fba, PricingRule merchant)
        {
            OfferCondition = condition; Fulfillment = fulfillment; FbaPricing = fba; MerchantPricing = merchant;
            _excluded = new HashSet<string>(excluded, StringComparer.OrdinalIgnoreCase);
        }

        public ConnectionOfferCondition OfferCondition { get; }
        public FulfillmentFilter Fulfillment { get; }
        public PricingRule FbaPricing { get; }
        public PricingRule MerchantPricing { get; }
        public int ExcludedCount => _excluded.Count;

        public PricingRule PricingFor(FulfillmentMethod method) => method == FulfillmentMethod.FBA ? FbaPricing : MerchantPricing;

        public bool IsExcluded(string sku) => _excluded.Contains(sku);

        /// <summary>True when the offer passes the condition setting.</summary>
        public bool AcceptsCondition(OfferCondition condition) =>
            OfferCondition == ConnectionOfferCondition.NewAndUsed || condition == Model.OfferCondition.New;

        /// <summary>True when the offer passes the fulfilment setting.</summary>
        public bool AcceptsFulfillment(FulfillmentMethod method) =>
            Fulfillment == FulfillmentFilter.All || (Fulfillment == FulfillmentFilter.FBA) == (method == FulfillmentMethod.FBA);
    }

    /// <summary>
    /// A connection's offer-creation and pricing rules: defaults for every target, and per-target sections that override them
    /// (pricing per target x fulfilment method). Built from parameters or read from a connection rule file
    /// (the connection rule loader of Rules/); stored in the workspace in the rule file's format.
    /// </summary>
    public sealed class ConnectionRules
    {
        private readonly Dictionary<string, TargetRules> _targets = new Dictionary<string, TargetRules>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _order = new List<string>();

        public TargetRules Defaults { get; set; } = new TargetRules();

        /// <summary>Per-target sections, by market id.</summary>
        public IReadOnlyDictionary<string, TargetRules> Targets => _targets;

        /// <summary>Where the rules came from (a file path, "parameters"), for messages.</summary>
        public string? Origin { get; set; }

        public void SetTarget(string market, TargetRules rules)
        {
            if (!_targets.ContainsKey(market)) _order.Add(market);
            _targets[market] = rules;
        }

        public TargetRules? TargetOrNull(string market) => _targets.TryGetValue(market, out var t) ? t : null;

        /// <summary>The rules as they hold for <paramref name="target"/>: its section, else the defaults, else New / All / SameAsSource.</summary>
        public EffectiveTargetRules Resolve(string target)
        {
            var t = TargetOrNull(target) ?? new TargetRules();
            var d = Defaults;
            // A target's own pricing (per method, then for both) wins over the defaults' (per method, then for both).
            var fba = t.FbaPricing ?? t.Pricing ?? d.FbaPricing ?? d.Pricing ?? PricingRule.SameAsSource;
            var merchant = t.MerchantPricing ?? t.Pricing ?? d.MerchantPricing ?? d.Pricing ?? PricingRule.SameAsSource;
            return new EffectiveTargetRules(
                t.OfferCondition ?? d.OfferCondition ?? ConnectionOfferCondition.New,
                t.Fulfillment ?? d.Fulfillment ?? FulfillmentFilter.All,
                TargetRules.Union(d.ExcludeSkus, t.ExcludeSkus), fba, merchant);
        }

        /// <summary>These rules with the defaults overridden by <paramref name="overrides"/> (parameters win over a file's defaults).</summary>
        public ConnectionRules WithDefaults(TargetRules? overrides)
        {
            var r = Clone();
            r.Defaults = Defaults.With(overrides);
            return r;
        }

        /// <summary>These rules plus <paramref name="added"/>'s sections for <paramref name="targets"/> (for targets added later):
        /// each new target gets added's defaults, its own section of added, then <paramref name="overrides"/>.</summary>
        public ConnectionRules WithTargets(IEnumerable<string> targets, ConnectionRules? added, TargetRules? overrides)
        {
            var r = Clone();
            foreach (var t in targets)
            {
                var section = r.TargetOrNull(t) ?? new TargetRules();
                if (added != null)
                {
                    if (!added.Defaults.IsEmpty) section = section.With(added.Defaults);
                    var own = added.TargetOrNull(t);
                    if (own != null) section = section.With(own);
                }
                section = section.With(overrides);
                if (!section.IsEmpty) r.SetTarget(t, section);
            }
            return r;
        }

        public ConnectionRules Clone()
        {
            var r = new ConnectionRules { Defaults = Defaults.Copy(), Origin = Origin };
            foreach (var t in _order) r.SetTarget(t, _targets[t].Copy());
            return r;
        }

        /// <summary>A one-line summary: defaults, then each target's own section.</summary>
        public override string ToString()
        {
            var d = Resolve("\0");
            var sb = new StringBuilder();
            sb.Append(d.OfferCondition).Append(", ").Append(d.Fulfillment);
            if (d.FbaPricing.Equals(d.MerchantPricing)) sb.Append(", ").Append(d.FbaPricing);
            else sb.Append(", FBA ").Append(d.FbaPricing).Append(", Merchant ").Append(d.MerchantPricing);
            if (Defaults.ExcludeSkus.Count > 0) sb.Append(", ").Append(Defaults.ExcludeSkus.Count.ToString(CultureInfo.InvariantCulture)).Append(" SKU(s) excluded");
            foreach (var t in _order) sb.Append("; ").Append(t).Append(": ").Append(_targets[t]);
            return sb.ToString();
        }

        /// <summary>The rules as a connection rule file (what the connection rule loader of Rules/ reads back).</summary>
        public string ToYaml()
        {
            var sb = new StringBuilder();
            sb.Append("version: 1\nconnection:\n");
            WriteScope(sb, Defaults, "  ");
            if (_order.Count > 0)
            {
                sb.Append("  targets:\n");
                foreach (var t in _order)
                {
                    var section = _targets[t];
                    if (section.IsEmpty) { sb.Append("    ").Append(t).Append(": {}\n"); continue; }
                    sb.Append("    ").Append(t).Append(":\n");
                    WriteScope(sb, section, "      ");
                }
            }
            return sb.ToString();
        }

        private static void WriteScope(StringBuilder sb, TargetRules r, string indent)
        {
            if (r.OfferCondition.HasValue) sb.Append(indent).Append("offerCondition: ").Append(r.OfferCondition.Value).Append('\n');
            if (r.Fulfillment.HasValue) sb.Append(indent).Append("fulfillment: ").Append(r.Fulfillment.Value).Append('\n');
            if (r.ExcludeSkus.Count > 0)
            {
                sb.Append(indent).Append("excludeSkus: [");
                for (int i = 0; i < r.ExcludeSkus.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append('\'').Append(r.ExcludeSkus[i].Replace("'", "''")).Append('\'');
                }
                sb.Append("]\n");
            }
            if (r.Pricing != null || r.FbaPricing != null || r.MerchantPricing != null)
            {
                sb.Append(indent).Append("pricing: {");
                var parts = new List<string>();
                if (r.Pricing != null) parts.Add(RuleYaml(r.Pricing));
                if (r.FbaPricing != null) parts.Add("FBA: {" + RuleYaml(r.FbaPricing) + "}");
                if (r.MerchantPricing != null) parts.Add("Merchant: {" + RuleYaml(r.MerchantPricing) + "}");
                sb.Append(' ').Append(string.Join(", ", parts)).Append(" }\n");
            }
        }

        private static string RuleYaml(PricingRule p) =>
            "rule: " + p.Kind + (p.Kind == PricingRuleKind.SameAsSource ? "" : ", adjustment: " + PricingRule.Num(p.Adjustment));
    }
}
