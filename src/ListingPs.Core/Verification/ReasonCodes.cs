using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ListingPs.Core.Model;

namespace ListingPs.Core.Verification
{
    /// <summary>
    /// Refusal reason codes. VQR codes are Allegro's public ones; LPS1xx are ListingPs's own, in the same style, for the
    /// sharing rules Allegro's public list does not name.
    /// </summary>
    public static class ReasonCodes
    {
        public const string CurrencyNotAvailable = "VQR001_CURRENCY_NOT_AVAILABLE";
        public const string LanguageNotAvailable = "VQR002_LANGUAGE_NOT_AVAILABLE";
        public const string DeliveryNotAvailable = "VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE";
        public const string PriceMismatch = "VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH";
        public const string SellerQualityLow = "VQR010_SAURON_LEVEL_LOW";
        public const string PersonalAccount = "LPS101_PERSONAL_ACCOUNT";
        public const string B2BOnly = "LPS102_B2B_ONLY";
        public const string Charity = "LPS103_CHARITY";
        public const string NotBuyNow = "LPS104_NOT_BUY_NOW";
        public const string NoCatalogueProduct = "LPS105_NO_CATALOGUE_PRODUCT";
        public const string ProductNotAllowed = "LPS106_PRODUCT_NOT_ALLOWED";
        public const string CategoryUnavailable = "LPS107_CATEGORY_UNAVAILABLE";

        private sealed class Template
        {
            public Template(string message, string hint) { Message = message; Hint = hint; }
            public string Message { get; }
            public string Hint { get; }
        }

        private static readonly Dictionary<string, Template> Templates = new Dictionary<string, Template>(StringComparer.OrdinalIgnoreCase)
        {
            [CurrencyNotAvailable] = new Template(
                "The offer has no price in {currency}, the currency of {market}.",
                "Set a {currency} price: Set-OfferPrice -Market {market} -UseConverter, or an own price in whole units of the currency's step."),
            [LanguageNotAvailable] = new Template(
                "The offer has no {language} translation.",
                "Add an own {language} translation (Translations column) or submit with -AutoTranslate."),
            [DeliveryNotAvailable] = new Template(
                "The offer has no delivery method to {country}.",
                "Add at least one delivery method to {country}, e.g. {methods}."),
            [PriceMismatch] = new Template(
                "The {currency} price {price} differs by {deviationPercent}% from the converted base price {convertedPrice} (at most {maxAllowedPriceDecreasePercent}% allowed).",
                "Bring the price within {maxAllowedPriceDecreasePercent}% of {convertedPrice} {currency}, or switch the price converter on (-UseConverter)."),
            [SellerQualityLow] = new Template(
                "The seller's quality level is too low to sell on {market}.",
                "Improve the seller rating on the base market, then submit again."),
            [PersonalAccount] = new Template(
                "Offers listed from a personal (non-company) account are never shown on {market}.",
                "Switch to a company account, then submit the offer again."),
            [B2BOnly] = new Template(
                "Business-only (B2B) offers cannot be shared to {market}.",
                "Make the offer available to all buyers, or keep it on the base market only."),
            [Charity] = new Template(
                "Charity offers cannot be shared to {market}.",
                "Keep charity offers on the base market only."),
            [NotBuyNow] = new Template(
                "Only buy-now offers can be shared; this offer is a {sellingFormat}.",
                "List the item as a buy-now offer to share it."),
            [NoCatalogueProduct] = new Template(
                "The offer is not linked to the product catalogue.",
                "Link the offer to a catalogue product (ProductId), then submit again."),
            [ProductNotAllowed] = new Template(
                "The product {productId} is not allowed for sale in {country}.",
                "This product cannot be sold on {market}; withdraw the offer from the market."),
            [CategoryUnavailable] = new Template(
                "The category {category} is not available on {market}.",
                "Move the offer to a category available on {market}, or keep it on the base market only."),
        };

        /// <summary>Every code the engine knows, for completion and documentation.</summary>
        public static IEnumerable<string> All => Templates.Keys;

        public static bool IsKnown(string code) => Templates.ContainsKey(code);

        /// <summary>The code's message with its placeholders left as names, for completion tooltips and help.</summary>
        public static string Describe(string code) => Templates.TryGetValue(code, out var t) ? t.Message : code;

        /// <summary>Builds the reason with its message and hint rendered from the parameters.</summary>
        public static Reason Create(string code, IReadOnlyDictionary<string, string> parameters)
        {
            if (!Templates.TryGetValue(code, out var t))
                return new Reason(code, code, "", parameters);
            return new Reason(code, Render(t.Message, parameters), Render(t.Hint, parameters), parameters);
        }

        private static string Render(string template, IReadOnlyDictionary<string, string> parameters)
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

        /// <summary>Compact storage form: CODE{k=v,k=v};CODE2 (values escaped).</summary>
        public static string Encode(IReadOnlyList<Reason> reasons)
        {
            if (reasons.Count == 0) return "";
            var sb = new StringBuilder();
            for (int r = 0; r < reasons.Count; r++)
            {
                if (r > 0) sb.Append(';');
                sb.Append(reasons[r].Code);
                if (reasons[r].Parameters.Count > 0)
                {
                    sb.Append('{');
                    bool first = true;
                    foreach (var kv in reasons[r].Parameters)
                    {
                        if (!first) sb.Append(',');
                        first = false;
                        sb.Append(kv.Key).Append('=').Append(Escape(kv.Value));
                    }
                    sb.Append('}');
                }
            }
            return sb.ToString();
        }

        public static IReadOnlyList<Reason> Decode(string? encoded)
        {
            if (string.IsNullOrEmpty(encoded)) return Array.Empty<Reason>();
            var list = new List<Reason>(2);
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

        private static string Escape(string v)
        {
            if (v.IndexOfAny(new[] { '\\', ',', '}', ';', '{' }) < 0) return v;
            var sb = new StringBuilder(v.Length + 4);
            foreach (var ch in v)
            {
                if (ch == '\\' || ch == ',' || ch == '}' || ch == ';' || ch == '{') sb.Append('\\');
                sb.Append(ch);
            }
            return sb.ToString();
        }

        internal static string Format(decimal d) => d.ToString(CultureInfo.InvariantCulture);
    }
}
