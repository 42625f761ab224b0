using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ListingPs.Core.Model
{
    /// <summary>A reason code's message and hint, with "{name}" placeholders for its parameters.</summary>
    internal sealed class ReasonTemplate
    {
        public ReasonTemplate(string code, string message, string hint, string? variantKey = null, string? variantMessage = null, string? variantHint = null)
        {
            Code = code; Message = message; Hint = hint;
            VariantKey = variantKey; VariantMessage = variantMessage ?? message; VariantHint = variantHint ?? hint;
        }

        public string Code { get; }
        public string Message { get; }
        public string Hint { get; }

        /// <summary>A parameter whose presence picks the other wording (VQR003 names the shipping rate when the offer has one), or null.</summary>
        public string? VariantKey { get; }
        public string VariantMessage { get; }
        public string VariantHint { get; }
    }

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

        internal static readonly ReasonTemplate CurrencyNotAvailableTemplate = new ReasonTemplate(CurrencyNotAvailable,
            "The offer has no price in {currency}, the currency of {market}.",
            "Price it from the base price with the converter (Set-OfferPrice -Market {market} -UseConverter), or set your own {currency} price (Set-OfferPrice -Market {market} -Price <amount>).");
        internal static readonly ReasonTemplate LanguageNotAvailableTemplate = new ReasonTemplate(LanguageNotAvailable,
            "The offer has no {language} translation.",
            "Add a {language} translation (the Translations column), or submit with -AutoTranslate.");
        internal static readonly ReasonTemplate DeliveryNotAvailableTemplate = new ReasonTemplate(DeliveryNotAvailable,
            "The offer has no delivery method to {country}.",
            "Add at least one delivery method to {country}, e.g. {methods}.",
            "shippingRate",
            "The offer's shipping rate '{shippingRate}' has no delivery method to {country}.",
            "Move the offer to a shipping rate with a delivery method to {country} (Get-AllegroShippingRate -Market {market} lists them; Submit-Offer -Remote -ShippingRate moves it), or add one to the rate on Allegro, e.g. {methods}.");
        internal static readonly ReasonTemplate PriceMismatchTemplate = new ReasonTemplate(PriceMismatch,
            "The {currency} price {price} differs by {deviationPercent}% from the converted base price {convertedPrice} (at most {maxAllowedPriceDecreasePercent}% allowed).",
            "Bring the price within {maxAllowedPriceDecreasePercent}% of {convertedPrice} {currency}, or switch the price converter on (-UseConverter).");
        internal static readonly ReasonTemplate SellerQualityLowTemplate = new ReasonTemplate(SellerQualityLow,
            "The seller's quality level is too low to sell on {market}.",
            "Improve the seller rating on the base market, then submit again.");
        internal static readonly ReasonTemplate PersonalAccountTemplate = new ReasonTemplate(PersonalAccount,
            "Offers listed from a personal (non-company) account are never shown on {market}.",
            "Switch to a company account, then submit the offer again.");
        internal static readonly ReasonTemplate B2BOnlyTemplate = new ReasonTemplate(B2BOnly,
            "Business-only (B2B) offers cannot be shared to {market}.",
            "Make the offer available to all buyers, or keep it on the base market only.");
        internal static readonly ReasonTemplate CharityTemplate = new ReasonTemplate(Charity,
            "Charity offers cannot be shared to {market}.",
            "Keep charity offers on the base market only.");
        internal static readonly ReasonTemplate NotBuyNowTemplate = new ReasonTemplate(NotBuyNow,
            "Only buy-now offers can be shared; this offer's selling format is {sellingFormat}.",
            "List the item as a buy-now offer to share it.");
        internal static readonly ReasonTemplate NoCatalogueProductTemplate = new ReasonTemplate(NoCatalogueProduct,
            "The offer is not linked to the product catalogue.",
            "Link the offer to a catalogue product (ProductId), then submit again.");
        internal static readonly ReasonTemplate ProductNotAllowedTemplate = new ReasonTemplate(ProductNotAllowed,
            "The product {productId} is not allowed for sale in {country}.",
            "This product cannot be sold on {market}; withdraw the offer from it (Unpublish-Offer -Market {market}).");
        internal static readonly ReasonTemplate CategoryUnavailableTemplate = new ReasonTemplate(CategoryUnavailable,
            "The category {category} is not available on {market}.",
            "Move the offer to a category available on {market}, or keep it on the base market only.");

        private static readonly ReasonTemplate[] TemplateList =
        {
            CurrencyNotAvailableTemplate, LanguageNotAvailableTemplate, DeliveryNotAvailableTemplate, PriceMismatchTemplate,
            SellerQualityLowTemplate, PersonalAccountTemplate, B2BOnlyTemplate, CharityTemplate, NotBuyNowTemplate,
            NoCatalogueProductTemplate, ProductNotAllowedTemplate, CategoryUnavailableTemplate,
        };

        private static readonly Dictionary<string, ReasonTemplate> Templates = BuildTemplates();

        private static Dictionary<string, ReasonTemplate> BuildTemplates()
        {
            var d = new Dictionary<string, ReasonTemplate>(TemplateList.Length, StringComparer.OrdinalIgnoreCase);
            foreach (var t in TemplateList) d.Add(t.Code, t);
            return d;
        }

        /// <summary>Parameter names the codes use: Decode reuses these strings instead of cutting new ones.</summary>
        private static readonly string[] KnownParameterNames =
        {
            "market", "currency", "language", "country", "methods", "maxAllowedPriceDecreasePercent", "deviationPercent",
            "price", "convertedPrice", "sellingFormat", "productId", "category", "shippingRate",
        };

        /// <summary>The code's template (any case), or null for a code the engine does not know.</summary>
        internal static ReasonTemplate? TemplateOf(string code) => Templates.TryGetValue(code, out var t) ? t : null;

        /// <summary>Every code the engine knows, for completion and documentation.</summary>
        public static IEnumerable<string> All => Templates.Keys;

        public static bool IsKnown(string code) => Templates.ContainsKey(code);

        /// <summary>The code's message with its placeholders left as names, for completion tooltips and help.</summary>
        public static string Describe(string code) => Templates.TryGetValue(code, out var t) ? t.Message : code;

        /// <summary>Builds the reason; its message and hint are rendered from the parameters when first read.</summary>
        public static Reason Create(string code, IReadOnlyDictionary<string, string> parameters)
        {
            Templates.TryGetValue(code, out var t);
            if (parameters == null || parameters.Count == 0)
                return Reason.Lazy(code, t, Array.Empty<string>(), Array.Empty<string>());
            if (parameters is TextMap map)
                return Reason.Lazy(code, t, map);
            if (parameters is Dictionary<string, string> dict && IsOrdinal(dict.Comparer))
            {
                // A snapshot, as the caller may change its dictionary later; same order, same ordinal lookups.
                var keys = new string[dict.Count];
                var values = new string[dict.Count];
                int n = 0;
                foreach (var kv in dict) { keys[n] = kv.Key; values[n] = kv.Value; n++; }
                return Reason.Lazy(code, t, keys, values);
            }
            // Another comparer decides which placeholders match: render now, through the caller's dictionary.
            if (t == null) return new Reason(code, code, "", parameters);
            bool variant = t.VariantKey != null && parameters.ContainsKey(t.VariantKey);
            return new Reason(code, TemplateText.Render(variant ? t.VariantMessage : t.Message, new TemplateText.DictionaryValues(parameters)),
                TemplateText.Render(variant ? t.VariantHint : t.Hint, new TemplateText.DictionaryValues(parameters)), parameters);
        }

        private static bool IsOrdinal(IEqualityComparer<string> comparer) =>
            ReferenceEquals(comparer, StringComparer.Ordinal) || ReferenceEquals(comparer, EqualityComparer<string>.Default);

        /// <summary>The engine's own reasons: parameter names and values in order (no name twice), handed over, not copied.</summary>
        internal static Reason Create(ReasonTemplate template, string[] keys, string[] values) => Reason.Lazy(template.Code, template, keys, values);

        /// <summary>Compact storage form: CODE{k=v,k=v};CODE2 (values escaped).</summary>
        public static string Encode(IReadOnlyList<Reason> reasons)
        {
            if (reasons.Count == 0) return "";
            if (reasons.Count == 1 && reasons[0].ParameterCount == 0) return reasons[0].Code;
            var sb = new StringBuilder(64 * reasons.Count);
            for (int r = 0; r < reasons.Count; r++)
            {
                if (r > 0) sb.Append(';');
                var reason = reasons[r];
                sb.Append(reason.Code);
                if (reason.ParameterCount > 0)
                {
                    sb.Append('{');
                    if (reason.TryGetParameterArrays(out var keys, out var values))
                    {
                        for (int k = 0; k < keys.Length; k++)
                        {
                            if (k > 0) sb.Append(',');
                            sb.Append(keys[k]).Append('=');
                            AppendEscaped(sb, values[k]);
                        }
                    }
                    else
                    {
                        bool first = true;
                        foreach (var kv in reason.Parameters)
                        {
                            if (!first) sb.Append(',');
                            first = false;
                            sb.Append(kv.Key).Append('=');
                            AppendEscaped(sb, kv.Value);
                        }
                    }
                    sb.Append('}');
                }
            }
            return sb.ToString();
        }

        /// <summary>Reads the storage form back; messages and hints are rendered when first read, as they would be now.</summary>
        public static IReadOnlyList<Reason> Decode(string? encoded)
        {
            if (string.IsNullOrEmpty(encoded)) return Array.Empty<Reason>();
            var list = new List<Reason>(2);
            int i = 0;
            string s = encoded!;
            var keys = new List<string>(6);
            var values = new List<string>(6);
            while (i < s.Length)
            {
                int codeEnd = i;
                while (codeEnd < s.Length && s[codeEnd] != '{' && s[codeEnd] != ';') codeEnd++;
                var template = FindTemplate(s, i, codeEnd - i);
                string code = template != null ? template.Code : s.Substring(i, codeEnd - i);
                keys.Clear(); values.Clear();
                i = codeEnd;
                if (i < s.Length && s[i] == '{')
                {
                    i++;
                    while (i < s.Length && s[i] != '}')
                    {
                        int eq = s.IndexOf('=', i);
                        string key = KnownName(s, i, eq - i) ?? s.Substring(i, eq - i);
                        i = eq + 1;
                        int start = i;
                        bool escaped = false;
                        while (i < s.Length && s[i] != ',' && s[i] != '}')
                        {
                            if (s[i] == '\\' && i + 1 < s.Length) { escaped = true; i += 2; continue; }
                            i++;
                        }
                        string val = escaped ? Unescape(s, start, i) : s.Substring(start, i - start);
                        int at = keys.IndexOf(key);   // a name twice: the last value, in the first one's place (as a dictionary keeps it)
                        if (at >= 0) values[at] = val;
                        else { keys.Add(key); values.Add(val); }
                        if (i < s.Length && s[i] == ',') i++;
                    }
                    i++; // '}'
                }
                if (i < s.Length && s[i] == ';') i++;
                if (template == null && code.Length > 0) Templates.TryGetValue(code, out template);
                list.Add(Reason.Lazy(code, template, keys.Count == 0 ? Array.Empty<string>() : keys.ToArray(),
                    values.Count == 0 ? Array.Empty<string>() : values.ToArray()));
            }
            return list;
        }

        /// <summary>The template whose code is exactly s[start, +length) (ordinal: a code stored in another case keeps its case).</summary>
        private static ReasonTemplate? FindTemplate(string s, int start, int length)
        {
            foreach (var t in TemplateList)
                if (t.Code.Length == length && string.CompareOrdinal(t.Code, 0, s, start, length) == 0) return t;
            return null;
        }

        private static string? KnownName(string s, int start, int length)
        {
            if (length <= 0) return null;
            foreach (var n in KnownParameterNames)
                if (n.Length == length && string.CompareOrdinal(n, 0, s, start, length) == 0) return n;
            return null;
        }

        private static string Unescape(string s, int start, int end)
        {
            var val = new StringBuilder(end - start);
            int i = start;
            while (i < end)
            {
                if (s[i] == '\\' && i + 1 < s.Length) { val.Append(s[i + 1]); i += 2; continue; }
                val.Append(s[i]); i++;
            }
            return val.ToString();
        }

        private static void AppendEscaped(StringBuilder sb, string v)
        {
            int start = 0;
            for (int i = 0; i < v.Length; i++)
            {
                char ch = v[i];
                if (ch == '\\' || ch == ',' || ch == '}' || ch == ';' || ch == '{')
                {
                    sb.Append(v, start, i - start).Append('\\');
                    start = i;
                }
            }
            sb.Append(v, start, v.Length - start);
        }

        internal static string Format(decimal d) => d.ToString(CultureInfo.InvariantCulture);
    }
}
