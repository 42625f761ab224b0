using System;
using System.Collections.Generic;
using ListingPs.Core.Model;

namespace ListingPs.Core.Rules
{
    /// <summary>How an amount is brought to a currency's step.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum RoundingMode
    {
        /// <summary>A remainder up to and including half a step goes down, above half goes up (Allegro's CZK converter: 229.50 -> 229, 229.51 -> 230).</summary>
        HalfDown,
        /// <summary>Half a step and more goes up (commercial rounding).</summary>
        HalfUp,
        /// <summary>Half a step goes to the even step (banker's rounding).</summary>
        HalfEven,
        /// <summary>Always up to the next step.</summary>
        Up,
        /// <summary>Always down to the step below.</summary>
        Down,
    }

    /// <summary>A currency's precision: prices are whole multiples of <see cref="Step"/>.</summary>
    public sealed class CurrencyRule
    {
        public CurrencyRule(string code, decimal step, RoundingMode rounding)
        {
            Code = code; Step = step; Rounding = rounding;
        }
        /// <summary>ISO 4217 code, upper case.</summary>
        public string Code { get; }
        /// <summary>Smallest price increment: 0.01 for cents, 1 for whole crowns, 5 for HUF (amounts end in 0 or 5).</summary>
        public decimal Step { get; }
        /// <summary>How the converter rounds to the step.</summary>
        public RoundingMode Rounding { get; }
    }

    /// <summary>An exchange rate: 1 <see cref="From"/> = <see cref="Rate"/> <see cref="To"/>.</summary>
    public sealed class ExchangeRateRule
    {
        public ExchangeRateRule(string from, string to, decimal rate, string source, DateTime? date)
        {
            From = from; To = to; Rate = rate; Source = source; Date = date;
        }
        public string From { get; }
        public string To { get; }
        public decimal Rate { get; }
        /// <summary>Who published it (NBP, ECB, Manual...).</summary>
        public string Source { get; }
        public DateTime? Date { get; }
        public override string ToString() =>
            From + "->" + To + " " + Rate.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (" + Source + (Date.HasValue ? " " + Date.Value.ToString("yyyy-MM-dd") : "") + ")";
    }

    /// <summary>Categories named by id or path; a path also covers every category below it ("Dom i Ogród" covers "Dom i Ogród/Meble").</summary>
    public sealed class CategoryList
    {
        private readonly TextList<string> _entries;
        /// <summary>The normalised entries, precompiled at rule load for <see cref="MatchesNormalized"/>.</summary>
        private readonly string[] _match;
        public static readonly CategoryList Empty = new CategoryList(Array.Empty<string>());

        public CategoryList(IEnumerable<string> entries)
        {
            var list = new List<string>();
            foreach (var e in entries)
            {
                var t = Normalize(e);
                if (t.Length > 0) list.Add(t);
            }
            _match = list.ToArray();
            _entries = TextList<string>.From(list);
        }

        public IReadOnlyList<string> Entries => _entries;
        public int Count => _entries.Count;

        /// <summary>The entries joined with ';'.</summary>
        public override string ToString() => _entries.ToString();

        public bool Matches(string? category)
        {
            if (string.IsNullOrEmpty(category) || _match.Length == 0) return false;
            return MatchesNormalized(Normalize(category!));
        }

        /// <summary>
        /// <see cref="Matches"/> for a category already passed through <see cref="Normalize"/> (null for none), so a caller
        /// that checks several lists normalises the category once.
        /// </summary>
        internal bool MatchesNormalized(string? c)
        {
            var entries = _match;
            if (c == null || entries.Length == 0) return false;
            for (int i = 0; i < entries.Length; i++)
            {
                var e = entries[i];
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

        /// <summary>Trims, and treats " > " and "\" path separators like "/".</summary>
        internal static string Normalize(string category)
        {
            var t = category.Trim();
            if (t.IndexOf('>') >= 0 || t.IndexOf('\\') >= 0 || t.IndexOf(" /", StringComparison.Ordinal) >= 0 || t.IndexOf("/ ", StringComparison.Ordinal) >= 0)
            {
                var parts = t.Split(new[] { '>', '/', '\\' }, StringSplitOptions.RemoveEmptyEntries);
                for (int i = 0; i < parts.Length; i++) parts[i] = parts[i].Trim();
                t = string.Join("/", parts);
            }
            return t;
        }
    }

    /// <summary>A delivery method that serves a market's country.</summary>
    public sealed class DeliveryMethodRule
    {
        public DeliveryMethodRule(string id, string name, decimal? price, decimal? basePrice)
        {
            Id = id; Name = name; Price = price; BasePrice = basePrice;
        }
        public string Id { get; }
        public string Name { get; }
        /// <summary>Preset price in the market currency (Allegro's own methods), or null.</summary>
        public decimal? Price { get; }
        /// <summary>The seller's own method: price in the base market's currency, converted with the offer's rate and rounding.</summary>
        public decimal? BasePrice { get; }
        public bool IsOwn => !Price.HasValue;
        public override string ToString() =>
            Id + (Price.HasValue ? " " + Price.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : BasePrice.HasValue ? " " + BasePrice.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (base currency)" : "");
    }

    /// <summary>A market's sales policy for offers shared to it (SPEC B).</summary>
    public sealed class SharePolicy
    {
        /// <summary>Offers from personal (non-company) accounts are refused (LPS101).</summary>
        public bool RequireCompanyAccount { get; set; } = true;
        /// <summary>Business-only (B2B) offers are refused (LPS102).</summary>
        public bool RejectB2BOnly { get; set; } = true;
        /// <summary>Charity offers are refused (LPS103).</summary>
        public bool RejectCharity { get; set; } = true;
        /// <summary>Selling formats that can be shared (LPS104 otherwise).</summary>
        public IReadOnlyList<SellingFormat> SellingFormats { get; set; } = new[] { SellingFormat.BuyNow };
        /// <summary>The offer must be linked to the product catalogue (LPS105).</summary>
        public bool RequireCatalogueProduct { get; set; } = true;
        /// <summary>Catalogue products that may not be sold in the market's country (LPS106).</summary>
        public IReadOnlyCollection<string> ProductsNotAllowed { get; set; } = Array.Empty<string>();
        /// <summary>Categories whose products may not be sold in the market's country (LPS106).</summary>
        public CategoryList CategoriesNotAllowed { get; set; } = CategoryList.Empty;
        /// <summary>Base-market categories not available on this market (LPS107).</summary>
        public CategoryList UnavailableCategories { get; set; } = CategoryList.Empty;
        /// <summary>A translation into the market's language is required (VQR002) ...</summary>
        public bool RequireTranslation { get; set; } = true;
        /// <summary>... except in these categories.</summary>
        public CategoryList TranslationExemptCategories { get; set; } = CategoryList.Empty;
        /// <summary>Delivery methods to the market's country (at least one required: VQR003).</summary>
        public IReadOnlyDictionary<string, DeliveryMethodRule> DeliveryMethods { get; set; } =
            new Dictionary<string, DeliveryMethodRule>(StringComparer.OrdinalIgnoreCase);
        /// <summary>A market price further than this from the converted base price is refused (VQR009).</summary>
        public decimal MaxPriceDeviationPercent { get; set; } = 20m;
        /// <summary>A market price further than this from the converted base price draws a warning.</summary>
        public decimal WarnPriceDeviationPercent { get; set; } = 10m;
        /// <summary>Whether the price converter is on for newly shared offers.</summary>
        public bool ConverterByDefault { get; set; } = true;
        /// <summary>Promotion options are available (and charged) on this market.</summary>
        public bool PromotionsAvailable { get; set; }
        /// <summary>Restricted products that need approval on this market (market connections: NotSynchronized RestrictedProduct).</summary>
        public IReadOnlyCollection<string> RestrictedProducts { get; set; } = Array.Empty<string>();

        /// <summary>A one-line summary (what Export-Csv and string conversion show): price limits, delivery methods, translation.</summary>
        public override string ToString()
        {
            var ci = System.Globalization.CultureInfo.InvariantCulture;
            var parts = new List<string>
            {
                "price within " + MaxPriceDeviationPercent.ToString(ci) + "% (warn " + WarnPriceDeviationPercent.ToString(ci) + "%)",
                "delivery: " + (DeliveryMethods.Count == 0 ? "none" : string.Join(";", DeliveryMethods.Keys)),
                RequireTranslation ? "translation required" + (TranslationExemptCategories.Count > 0 ? " (" + TranslationExemptCategories.Count + " exempt categories)" : "") : "no translation required",
            };
            if (UnavailableCategories.Count > 0) parts.Add(UnavailableCategories.Count + " unavailable categories");
            if (CategoriesNotAllowed.Count + ProductsNotAllowed.Count > 0) parts.Add((CategoriesNotAllowed.Count + ProductsNotAllowed.Count) + " categories/products not allowed");
            return string.Join("; ", parts);
        }
    }

    /// <summary>A marketplace the rules define.</summary>
    public sealed class MarketRule
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>allegro or amazon.</summary>
        public string Platform { get; set; } = "";

        /// <summary>
        /// An Allegro market (<see cref="Platform"/> allegro, by <see cref="Platforms.IsAllegro"/>). Offers reach an Allegro
        /// target of a connection through the shared-offers flow; any other target is priced by the connection alone. Not a
        /// public property, so that Get-Market's output (and its CSV) keeps its columns; the cmdlets ask <see cref="Platforms"/>.
        /// </summary>
        internal bool IsAllegro => Platforms.IsAllegro(Platform);

        /// <summary>An Amazon market (<see cref="Platform"/> amazon, by <see cref="Platforms.IsAmazon"/>).</summary>
        internal bool IsAmazon => Platforms.IsAmazon(Platform);
        /// <summary>allegro, EU, NA or FE.</summary>
        public string Region { get; set; } = "";
        /// <summary>ISO 3166 country the market sells to (CZ).</summary>
        public string Country { get; set; } = "";
        public string Currency { get; set; } = "";
        /// <summary>The market's language (cs-CZ).</summary>
        public string Language { get; set; } = "";
        /// <summary>A base market: offers are listed here and shared from here.</summary>
        public bool IsBase { get; set; }
        /// <summary>For an additional market: the base market its shared offers come from.</summary>
        public string? ShareFrom { get; set; }
        /// <summary>Business markets carry the base price unchanged.</summary>
        public bool KeepsBasePrice { get; set; }
        public DateTime? Launched { get; set; }
        /// <summary>The sales policy for offers shared here; null for a base market.</summary>
        public SharePolicy? Policy { get; set; }
        /// <summary>The rule file and line that defined the market.</summary>
        public string? DefinedAt { get; set; }

        /// <summary>
        /// The policy's delivery methods in rule order, as "id: price" (the seller's own methods: "id: base price (base currency,
        /// converted)"); empty without a policy. A list of text, so a market read back from Export-Clixml lists them the same,
        /// in the same order (the policy's dictionary comes back as an unordered Hashtable).
        /// </summary>
        public TextList<string> DeliveryMethods
        {
            get
            {
                if (Policy == null || Policy.DeliveryMethods.Count == 0) return TextList<string>.EmptyOf("; ");
                var ci = System.Globalization.CultureInfo.InvariantCulture;
                var lines = new List<string>(Policy.DeliveryMethods.Count);
                foreach (var m in Policy.DeliveryMethods.Values)
                    lines.Add(m.Price.HasValue ? m.Id + ": " + m.Price.Value.ToString(ci)
                        : m.BasePrice.HasValue ? m.Id + ": " + m.BasePrice.Value.ToString(ci) + " (base currency, converted)"
                        : m.Id);
                return new TextList<string>(lines, "; ");
            }
        }

        public override string ToString() => Id;
    }
}
