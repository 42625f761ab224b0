using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Verification;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// The engine's code as it was before the issue-5 speed-ups (eager reason text, decimal rounding, per-call category
    /// normalisation), kept as the reference the faster code must agree with exactly: same values, same decimal scales, same
    /// texts, same parameter order.
    /// </summary>
    internal static class EngineReference
    {
        /// <summary>A reason as the old code built it: everything rendered at once.</summary>
        internal sealed class RefReason
        {
            public RefReason(string code, string message, string hint, List<KeyValuePair<string, string>> parameters)
            {
                Code = code; Message = message; Hint = hint; Parameters = parameters;
            }
            public string Code { get; }
            public string Message { get; }
            public string Hint { get; }
            public List<KeyValuePair<string, string>> Parameters { get; }
        }

        // ---- ReasonCodes (old: Create renders message and hint, Decode creates every reason that way) ----

        internal static string Render(string template, IReadOnlyDictionary<string, string> parameters)
        {
            var sb = new StringBuilder(template.Length + 32);
            int i = 0;
            while (i < template.Length)
            {
                char c = template[i];
                if (c == '{')
                {
                    int end = template.IndexOf('}', i + 1);
                    if (end > i)
                    {
                        var key = template.Substring(i + 1, end - i - 1);
                        sb.Append(parameters.TryGetValue(key, out var v) ? v : "?");
                        i = end + 1;
                        continue;
                    }
                }
                sb.Append(c);
                i++;
            }
            return sb.ToString();
        }

        internal static RefReason Create(string code, IReadOnlyDictionary<string, string> parameters)
        {
            var t = ReasonCodes.TemplateOf(code);
            var copy = parameters.ToList();
            if (t == null) return new RefReason(code, code, "", copy);
            return new RefReason(code, Render(t.Message, parameters), Render(t.Hint, parameters), copy);
        }

        internal static List<RefReason> Decode(string? encoded)
        {
            var list = new List<RefReason>(2);
            if (string.IsNullOrEmpty(encoded)) return list;
            int i = 0;
            string s = encoded!;
            while (i < s.Length)
            {
                int codeEnd = i;
                while (codeEnd < s.Length && s[codeEnd] != '{' && s[codeEnd] != ';') codeEnd++;
                string code = s.Substring(i, codeEnd - i);
                var p = new Dictionary<string, string>(StringComparer.Ordinal);
                i = codeEnd;
                if (i < s.Length && s[i] == '{')
                {
                    i++;
                    while (i < s.Length && s[i] != '}')
                    {
                        int eq = s.IndexOf('=', i);
                        string key = s.Substring(i, eq - i);
                        i = eq + 1;
                        var val = new StringBuilder();
                        while (i < s.Length && s[i] != ',' && s[i] != '}')
                        {
                            if (s[i] == '\\' && i + 1 < s.Length) { val.Append(s[i + 1]); i += 2; continue; }
                            val.Append(s[i]); i++;
                        }
                        p[key] = val.ToString();
                        if (i < s.Length && s[i] == ',') i++;
                    }
                    i++; // '}'
                }
                if (i < s.Length && s[i] == ';') i++;
                list.Add(Create(code, p));
            }
            return list;
        }

        // ---- MoneyRounding (old: decimal division, GetBits) ----

        internal static decimal Round(decimal amount, decimal step, RoundingMode mode)
        {
            if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step));
            decimal shown = step > 0.01m ? Math.Round(amount, 2, MidpointRounding.AwayFromZero) : amount;
            decimal units = shown / step;
            decimal whole = Math.Truncate(units);
            decimal fraction = Math.Abs(units - whole);
            decimal sign = units < 0 ? -1m : 1m;
            decimal rounded;
            switch (mode)
            {
                case RoundingMode.HalfDown: rounded = fraction > 0.5m ? whole + sign : whole; break;
                case RoundingMode.HalfUp: rounded = fraction >= 0.5m ? whole + sign : whole; break;
                case RoundingMode.HalfEven:
                    rounded = fraction > 0.5m || (fraction == 0.5m && decimal.Remainder(whole, 2m) != 0) ? whole + sign : whole;
                    break;
                case RoundingMode.Up: rounded = fraction > 0 ? whole + sign : whole; break;
                case RoundingMode.Down: rounded = whole; break;
                default: throw new ArgumentOutOfRangeException(nameof(mode));
            }
            return Normalize(rounded * step, step);
        }

        internal static decimal Normalize(decimal amount, decimal step)
        {
            int scale = Scale(step);
            return Math.Round(amount, scale, MidpointRounding.AwayFromZero) + (scale == 0 ? 0m : new decimal(0, 0, 0, false, (byte)scale));
        }

        internal static int Scale(decimal value)
        {
            value = value / 1.0000000000000000000000000000m;
            int[] bits = decimal.GetBits(value);
            return (bits[3] >> 16) & 0xFF;
        }

        internal static decimal Percent(decimal price, decimal reference) => Math.Round(Exact(price, reference), 2, MidpointRounding.AwayFromZero);

        internal static decimal Exact(decimal price, decimal reference)
        {
            if (reference == 0) return price == 0 ? 0m : 100m;
            return Math.Abs(price - reference) / reference * 100m;
        }

        // ---- CategoryList.Matches and Offer.HasTranslation (old) ----

        internal static bool Matches(IReadOnlyList<string> entries, string? category)
        {
            if (string.IsNullOrEmpty(category) || entries.Count == 0) return false;
            var c = CategoryList.Normalize(category!);
            foreach (var e in entries)
            {
                if (c.Length == e.Length)
                {
                    if (string.Equals(c, e, StringComparison.OrdinalIgnoreCase)) return true;
                }
                else if (c.Length > e.Length && c[e.Length] == '/' && c.StartsWith(e, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }

        internal static bool LanguageMatches(string have, string want)
        {
            if (string.Equals(have, want, StringComparison.OrdinalIgnoreCase)) return true;
            int dash = want.IndexOf('-');
            string wantLang = dash > 0 ? want.Substring(0, dash) : want;
            return string.Equals(have, wantLang, StringComparison.OrdinalIgnoreCase);
        }

        internal static bool HasTranslation(Offer offer, string language)
        {
            foreach (var t in offer.Translations) if (LanguageMatches(t, language)) return true;
            return false;
        }

        // ---- OfferParser (old: Key copies, Split) ----

        internal static string Key(string value)
        {
            var t = value.Trim();
            if (t.Length == 0) return "";
            var chars = new char[t.Length];
            int n = 0;
            foreach (var c in t)
            {
                if (c == ' ' || c == '_' || c == '-') continue;
                chars[n++] = char.ToLowerInvariant(c);
            }
            return new string(chars, 0, n);
        }

        internal static IReadOnlyList<string> SplitList(IReadOnlyList<string> values)
        {
            var seps = new[] { ';', ',', '|' };
            var list = new List<string>();
            foreach (var v in values)
            {
                if (string.IsNullOrEmpty(v)) continue;
                var parts = v.IndexOfAny(seps) < 0 ? new[] { v } : v.Split(seps);
                foreach (var raw in parts)
                {
                    var s = raw.Trim();
                    if (s.Length == 0 || list.Any(e => string.Equals(e, s, StringComparison.OrdinalIgnoreCase))) continue;
                    list.Add(s);
                }
            }
            return list;
        }

        // ---- OfferVerifier.Verify (old) ----

        internal sealed class RefResult
        {
            public ShareState State;
            public List<RefReason> Reasons = new List<RefReason>();
            public List<string> Warnings = new List<string>();
            public List<DeliveryQuote> Delivery = new List<DeliveryQuote>();
            public TranslationKind Translation;
        }

        internal static RefResult Verify(RuleSet rules, Offer offer, MarketRule market, MarketPrice price, bool autoTranslate, decimal? rate)
        {
            var policy = market.Policy ?? new SharePolicy();
            var res = new RefResult();
            string marketId = market.Id;

            void Add(string code, params (string Key, string Value)[] p)
            {
                var d = new Dictionary<string, string>(p.Length + 1, StringComparer.Ordinal);
                foreach (var (k, v) in p) d[k] = v;
                res.Reasons.Add(Create(code, d));
            }

            if (policy.RequireCompanyAccount && offer.AccountType == AccountType.Personal)
                Add(ReasonCodes.PersonalAccount, ("market", marketId));
            if (policy.RejectB2BOnly && offer.B2BOnly)
                Add(ReasonCodes.B2BOnly, ("market", marketId));
            if (policy.RejectCharity && offer.Charity)
                Add(ReasonCodes.Charity, ("market", marketId));
            if (!policy.SellingFormats.Contains(offer.SellingFormat))
                Add(ReasonCodes.NotBuyNow, ("sellingFormat", offer.SellingFormat == SellingFormat.Auction ? "auction"
                    : offer.SellingFormat == SellingFormat.Classified ? "classified ad" : "buy-now offer"), ("market", marketId));
            bool linked = !string.IsNullOrEmpty(offer.ProductId);
            if (policy.RequireCatalogueProduct && !linked)
                Add(ReasonCodes.NoCatalogueProduct, ("market", marketId));
            bool productBanned = linked && (policy.ProductsNotAllowed is HashSet<string> h ? h.Contains(offer.ProductId!)
                : policy.ProductsNotAllowed.Any(x => string.Equals(x, offer.ProductId, StringComparison.OrdinalIgnoreCase)));
            if (productBanned || Matches(policy.CategoriesNotAllowed.Entries, offer.Category))
                Add(ReasonCodes.ProductNotAllowed, ("productId", linked ? offer.ProductId! : "(" + offer.Category + ")"),
                    ("country", market.Country), ("market", marketId));
            if (Matches(policy.UnavailableCategories.Entries, offer.Category))
                Add(ReasonCodes.CategoryUnavailable, ("category", offer.Category ?? ""), ("market", marketId));

            foreach (var id in offer.DeliveryMethods)
            {
                if (!policy.DeliveryMethods.TryGetValue(id, out var rule)) continue;
                decimal? p = rule.Price;
                bool converted = false;
                if (!p.HasValue && rule.BasePrice.HasValue && rate.HasValue)
                {
                    var c = rules.GetCurrency(market.Currency);
                    p = Round(rule.BasePrice.Value * rate.Value, c.Step, c.Rounding);
                    converted = true;
                }
                if (!p.HasValue) continue;
                res.Delivery.Add(new DeliveryQuote(rule.Id, rule.Name, p.Value, market.Currency, converted));
            }
            if (policy.DeliveryMethods.Count > 0 && res.Delivery.Count == 0)
                Add(ReasonCodes.DeliveryNotAvailable, ("country", market.Country), ("methods", string.Join(", ", policy.DeliveryMethods.Select(kv => kv.Key))), ("market", marketId));

            if (!policy.RequireTranslation || string.IsNullOrEmpty(market.Language) || Matches(policy.TranslationExemptCategories.Entries, offer.Category))
                res.Translation = TranslationKind.NotRequired;
            else if (HasTranslation(offer, market.Language))
                res.Translation = TranslationKind.Own;
            else if (autoTranslate)
                res.Translation = TranslationKind.Automatic;
            else
            {
                res.Translation = TranslationKind.None;
                Add(ReasonCodes.LanguageNotAvailable, ("language", market.Language), ("market", marketId));
            }

            string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);
            if (!price.Price.HasValue)
            {
                Add(ReasonCodes.CurrencyNotAvailable, ("currency", market.Currency), ("market", marketId));
            }
            else if (price.ConvertedBase.HasValue)
            {
                decimal deviation = Percent(price.Price.Value, price.ConvertedBase.Value);
                decimal exact = Exact(price.Price.Value, price.ConvertedBase.Value);
                var currency = rules.GetCurrency(market.Currency);
                string converted = Round(price.ConvertedBase.Value, currency.Step, currency.Rounding).ToString(CultureInfo.InvariantCulture);
                if (exact > policy.MaxPriceDeviationPercent)
                {
                    Add(ReasonCodes.PriceMismatch,
                        ("maxAllowedPriceDecreasePercent", Num(policy.MaxPriceDeviationPercent)),
                        ("deviationPercent", Num(deviation)),
                        ("price", Num(price.Price.Value)),
                        ("convertedPrice", converted),
                        ("currency", market.Currency));
                }
                else if (exact > policy.WarnPriceDeviationPercent)
                {
                    res.Warnings.Add(string.Format(CultureInfo.InvariantCulture,
                        "PriceDeviation: the {0} price {1} differs by {2}% from the converted base price {3} (more than {4}%).",
                        market.Currency, Num(price.Price.Value), Num(deviation), converted, Num(policy.WarnPriceDeviationPercent)));
                }
            }

            res.State = res.Reasons.Count > 0 ? ShareState.Refused
                : offer.Status != OfferStatus.Active ? ShareState.Pending
                : ShareState.Approved;
            return res;
        }
    }
}
