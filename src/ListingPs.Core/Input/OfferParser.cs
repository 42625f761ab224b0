using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;

namespace ListingPs.Core.Input
{
    /// <summary>A field of an input record that cannot be read; names the record and the field.</summary>
    public sealed class OfferFieldException : ListingPsException
    {
        public OfferFieldException(string? offerId, string field, string? value, string expected, string? origin)
            : this(ErrorIds.InvalidOfferField, offerId, field, value, expected, origin)
        {
        }

        /// <summary>A field outside one of the input limits (<see cref="OfferLimits"/>), with that limit's own id.</summary>
        public OfferFieldException(string errorId, string? offerId, string field, string? value, string expected, string? origin)
            : base(errorId, Describe(offerId, field, value, expected, origin), ErrorKind.InvalidData)
        {
            OfferId = offerId; Field = field; Value = value;
        }
        public string? OfferId { get; }
        public string Field { get; }
        public string? Value { get; }

        private static string Describe(string? offerId, string field, string? value, string expected, string? origin) =>
            (offerId != null ? "Offer '" + offerId + "'" : "Offer") + (origin != null ? " (" + origin + ")" : "") +
            ": " + field + " '" + value + "' is not " + expected + ".";
    }

    /// <summary>Turns text fields (Import-Csv shaped) into an <see cref="Offer"/>, merging with the stored one on update.</summary>
    public static class OfferParser
    {
        private static readonly char[] ListSeparators = { ';', ',', '|' };

        /// <summary>
        /// Reads the fields; values not supplied come from <paramref name="existing"/> or the defaults. <paramref name="rules"/>
        /// say what the offer's market is (its platform sets the longest title).
        /// </summary>
        /// <exception cref="OfferFieldException">A field cannot be read.</exception>
        public static Offer Parse(OfferFields f, Offer? existing, string defaultMarket, RuleSet rules)
        {
            var id = f.OfferId?.Trim();
            if (string.IsNullOrEmpty(id))
                throw new ListingPsException(ErrorIds.MissingOfferId,
                    "An input record has no OfferId" + (f.Origin != null ? " (" + f.Origin + ")" : "") + "; every offer needs one.",
                    ErrorKind.InvalidData);
            OfferLimits.CheckOfferId(id!, f.Origin);
            var o = new Offer(id!);
            o.Title = f.Title != null ? Blank(f.Title) : existing?.Title;
            o.Category = f.Category != null ? Blank(f.Category) : existing?.Category;
            if (f.Category != null) OfferLimits.CheckText(o.Category, id!, "Category", f.Origin);
            o.Price = f.Price != null ? ParsePrice(f.Price, id, "Price", f.Origin) : existing?.Price;
            o.Market = f.Market != null && f.Market.Trim().Length > 0 ? f.Market.Trim().ToLowerInvariant()
                : existing?.Market ?? defaultMarket;
            o.SellingFormat = f.SellingFormat != null ? ParseSellingFormat(f.SellingFormat, id, f.Origin) : existing?.SellingFormat ?? SellingFormat.BuyNow;
            o.AccountType = f.AccountType != null ? ParseAccountType(f.AccountType, id, f.Origin) : existing?.AccountType ?? AccountType.Company;
            o.B2BOnly = f.B2BOnly != null ? ParseFlag(f.B2BOnly, id, "B2BOnly", f.Origin) : existing?.B2BOnly ?? false;
            o.Charity = f.Charity != null ? ParseFlag(f.Charity, id, "Charity", f.Origin) : existing?.Charity ?? false;
            o.ProductId = f.ProductId != null ? Blank(f.ProductId) : existing?.ProductId;
            if (f.ProductId != null) OfferLimits.CheckText(o.ProductId, id!, "ProductId", f.Origin);
            if (f.Market != null) OfferLimits.CheckText(o.Market, id!, "Market", f.Origin);
            if (f.Title != null || f.Market != null) OfferLimits.CheckTitle(o.Title, id!, o.Market, rules, f.Origin);
            o.Status = f.Status != null ? ParseStatus(f.Status, id, f.Origin) : existing?.Status ?? OfferStatus.Active;
            o.DeliveryMethods = f.DeliveryMethods != null ? SplitList(f.DeliveryMethods) : existing?.DeliveryMethods ?? Array.Empty<string>();
            // the rate the methods came from (Allegro's import names it) stays while the methods stay as they were
            o.ShippingRate = f.ShippingRate != null ? Blank(f.ShippingRate)
                : existing?.ShippingRate != null && SameMethods(o.DeliveryMethods, existing.DeliveryMethods) ? existing.ShippingRate : null;
            o.Translations = f.Translations != null ? SplitList(f.Translations) : existing?.Translations ?? Array.Empty<string>();
            if (f.DeliveryMethods != null) OfferLimits.CheckList(o.DeliveryMethods, id!, "DeliveryMethods", f.Origin);
            if (f.Translations != null) OfferLimits.CheckList(o.Translations, id!, "Translations", f.Origin);
            o.Condition = f.Condition != null ? ParseCondition(f.Condition, id, f.Origin) : existing?.Condition ?? OfferCondition.New;
            o.Fulfillment = f.Fulfillment != null ? ParseFulfillment(f.Fulfillment, id, f.Origin) : existing?.Fulfillment ?? FulfillmentMethod.Merchant;
            return o;
        }

        private static bool SameMethods(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            if (a.Count != b.Count) return false;
            for (int i = 0; i < a.Count; i++) if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return false;
            return true;
        }

        private static string? Blank(string s)
        {
            var t = s.Trim();
            return t.Length == 0 ? null : t;
        }

        /// <summary>"True", "false", "1", "0", "yes", "no", "" (false).</summary>
        public static bool ParseFlag(string value, string? offerId, string field, string? origin)
        {
            var t = value.Trim();
            if (t.Length == 0) return false;
            if (t == "1" || Eq(t, "true") || Eq(t, "yes") || Eq(t, "y") || Eq(t, "$true")) return true;
            if (t == "0" || Eq(t, "false") || Eq(t, "no") || Eq(t, "n") || Eq(t, "$false")) return false;
            throw new OfferFieldException(offerId, field, value, "a flag (True, False, 1, 0 or empty)", origin);
        }

        /// <summary>A non-negative amount: "12.50", "12,50" (decimal comma), "1 234.56", "1,234.56", "1.234,56"; empty is no price.</summary>
        public static decimal? ParsePrice(string value, string? offerId, string field, string? origin)
        {
            var t = value.Trim();
            if (t.Length == 0) return null;
            var cleaned = t.Replace(" ", "").Replace("\u00a0", "");
            int comma = cleaned.IndexOf(',');
            if (comma >= 0)
            {
                if (cleaned.LastIndexOf('.') > cleaned.LastIndexOf(',')) cleaned = cleaned.Replace(",", "");  // 1,234.56
                else if (cleaned.IndexOf('.') >= 0) cleaned = cleaned.Replace(".", "").Replace(',', '.');   // 1.234,56
                else if (cleaned.IndexOf(',', comma + 1) < 0) cleaned = cleaned.Replace(',', '.'); // 12,50
            }
            if (!decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
                throw new OfferFieldException(offerId, field, value, "a price (a number such as 129.99)", origin);
            if (d < 0)
                throw new OfferFieldException(offerId, field, value, "a price of zero or more", origin);
            OfferLimits.CheckPrice(d, offerId, field, value, origin);
            return d;
        }

        public static SellingFormat ParseSellingFormat(string value, string? offerId, string? origin)
        {
            var k = new Key(value);
            if (k.Is("buynow") || k.Is("")) return SellingFormat.BuyNow;
            if (k.Is("auction")) return SellingFormat.Auction;
            if (k.Is("classified") || k.Is("advertisement") || k.Is("classifiedad")) return SellingFormat.Classified;
            throw new OfferFieldException(offerId, "SellingFormat", value, "BuyNow, Auction or Classified", origin);
        }

        public static AccountType ParseAccountType(string value, string? offerId, string? origin)
        {
            var k = new Key(value);
            if (k.Is("company") || k.Is("") || k.Is("business")) return AccountType.Company;
            if (k.Is("personal") || k.Is("private") || k.Is("regular")) return AccountType.Personal;
            throw new OfferFieldException(offerId, "AccountType", value, "Company or Personal", origin);
        }

        public static OfferStatus ParseStatus(string value, string? offerId, string? origin)
        {
            var k = new Key(value);
            if (k.Is("active") || k.Is("")) return OfferStatus.Active;
            if (k.Is("inactive")) return OfferStatus.Inactive;
            if (k.Is("ended")) return OfferStatus.Ended;
            throw new OfferFieldException(offerId, "Status", value, "Active, Inactive or Ended", origin);
        }

        public static OfferCondition ParseCondition(string value, string? offerId, string? origin)
        {
            var k = new Key(value);
            if (k.Is("new") || k.Is("")) return OfferCondition.New;
            if (k.Is("used")) return OfferCondition.Used;
            throw new OfferFieldException(offerId, "Condition", value, "New or Used", origin);
        }

        public static FulfillmentMethod ParseFulfillment(string value, string? offerId, string? origin)
        {
            var k = new Key(value);
            if (k.Is("merchant") || k.Is("") || k.Is("selffulfilled") || k.Is("mfn") || k.Is("fbm")) return FulfillmentMethod.Merchant;
            if (k.Is("fba") || k.Is("amazon")) return FulfillmentMethod.FBA;
            throw new OfferFieldException(offerId, "Fulfillment", value, "FBA or Merchant", origin);
        }

        /// <summary>Each element may itself hold several values separated by ';', ',' or '|' ("a;b"); blanks dropped, duplicates dropped.</summary>
        public static IReadOnlyList<string> SplitList(IReadOnlyList<string> values)
        {
            int count = values.Count;
            if (count == 0) return Array.Empty<string>();
            // Up to four values in a small buffer: no list grows for the usual one or two delivery methods.
            string? a0 = null, a1 = null, a2 = null, a3 = null;
            List<string>? more = null;
            int n = 0;
            for (int vi = 0; vi < count; vi++)
            {
                var v = values[vi];
                if (string.IsNullOrEmpty(v)) continue;
                int start = 0;
                while (true)
                {
                    int sep = v.IndexOfAny(ListSeparators, start);
                    int end = sep < 0 ? v.Length : sep;
                    Add(v, start, end);
                    if (sep < 0) break;
                    start = sep + 1;
                }
            }
            if (n == 0) return Array.Empty<string>();
            var items = new string[n];
            for (int i = 0; i < n; i++) items[i] = Get(i);
            // Already the list type an offer keeps, so Offer takes it without another copy.
            return new TextList<string>(items);

            string Get(int i) => i == 0 ? a0! : i == 1 ? a1! : i == 2 ? a2! : i == 3 ? a3! : more![i - 4];

            // The part v[start, end) trimmed; a blank or one already there (any case) is dropped.
            void Add(string v, int start, int end)
            {
                while (start < end && char.IsWhiteSpace(v[start])) start++;
                while (end > start && char.IsWhiteSpace(v[end - 1])) end--;
                int length = end - start;
                if (length == 0) return;
                for (int i = 0; i < n; i++)
                {
                    var e = Get(i);
                    if (e.Length == length && string.Compare(e, 0, v, start, length, StringComparison.OrdinalIgnoreCase) == 0) return;
                }
                string s = start == 0 && length == v.Length ? v : v.Substring(start, length);
                switch (n)
                {
                    case 0: a0 = s; break;
                    case 1: a1 = s; break;
                    case 2: a2 = s; break;
                    case 3: a3 = s; break;
                    default: (more ??= new List<string>()).Add(s); break;
                }
                n++;
            }
        }

        private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// A value as the enum fields read it, compared without copying: trimmed, ' ', '_' and '-' left out, lower case
        /// (char.ToLowerInvariant); "Buy-Now", " buy_now " and "BUYNOW" are all "buynow".
        /// </summary>
        private readonly struct Key
        {
            private readonly string _value;
            private readonly int _start;
            private readonly int _end;

            public Key(string value)
            {
                _value = value;
                int start = 0, end = value.Length;
                while (start < end && char.IsWhiteSpace(value[start])) start++;
                while (end > start && char.IsWhiteSpace(value[end - 1])) end--;
                _start = start; _end = end;
            }

            /// <summary>True when the value reads as <paramref name="key"/> (lower case, without ' ', '_', '-').</summary>
            public bool Is(string key)
            {
                int k = 0;
                var v = _value;
                for (int i = _start; i < _end; i++)
                {
                    char c = v[i];
                    if (c == ' ' || c == '_' || c == '-') continue;
                    if (k >= key.Length || char.ToLowerInvariant(c) != key[k]) return false;
                    k++;
                }
                return k == key.Length;
            }
        }
    }
}
