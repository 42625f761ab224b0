using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Model;

namespace ListingPs.Core.Input
{
    /// <summary>A field of an input record that cannot be read; names the record and the field.</summary>
    public sealed class OfferFieldException : ListingPsException
    {
        public OfferFieldException(string? offerId, string field, string? value, string expected, string? origin)
            : base(ErrorIds.InvalidOfferField, Describe(offerId, field, value, expected, origin), ErrorKind.InvalidData)
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

        /// <summary>Reads the fields; values not supplied come from <paramref name="existing"/> or the defaults.</summary>
        /// <exception cref="OfferFieldException">A field cannot be read.</exception>
        public static Offer Parse(OfferFields f, Offer? existing, string defaultMarket)
        {
            var id = f.OfferId?.Trim();
            if (string.IsNullOrEmpty(id))
                throw new ListingPsException(ErrorIds.MissingOfferId,
                    "An input record has no OfferId" + (f.Origin != null ? " (" + f.Origin + ")" : "") + "; every offer needs one.",
                    ErrorKind.InvalidData);
            var o = new Offer(id!);
            o.Title = f.Title != null ? Blank(f.Title) : existing?.Title;
            o.Category = f.Category != null ? Blank(f.Category) : existing?.Category;
            o.Price = f.Price != null ? ParsePrice(f.Price, id, "Price", f.Origin) : existing?.Price;
            o.Market = f.Market != null && f.Market.Trim().Length > 0 ? f.Market.Trim().ToLowerInvariant()
                : existing?.Market ?? defaultMarket;
            o.SellingFormat = f.SellingFormat != null ? ParseSellingFormat(f.SellingFormat, id, f.Origin) : existing?.SellingFormat ?? SellingFormat.BuyNow;
            o.AccountType = f.AccountType != null ? ParseAccountType(f.AccountType, id, f.Origin) : existing?.AccountType ?? AccountType.Company;
            o.B2BOnly = f.B2BOnly != null ? ParseFlag(f.B2BOnly, id, "B2BOnly", f.Origin) : existing?.B2BOnly ?? false;
            o.Charity = f.Charity != null ? ParseFlag(f.Charity, id, "Charity", f.Origin) : existing?.Charity ?? false;
            o.ProductId = f.ProductId != null ? Blank(f.ProductId) : existing?.ProductId;
            o.Status = f.Status != null ? ParseStatus(f.Status, id, f.Origin) : existing?.Status ?? OfferStatus.Active;
            o.DeliveryMethods = f.DeliveryMethods != null ? SplitList(f.DeliveryMethods) : existing?.DeliveryMethods ?? Array.Empty<string>();
            o.Translations = f.Translations != null ? SplitList(f.Translations) : existing?.Translations ?? Array.Empty<string>();
            o.Condition = f.Condition != null ? ParseCondition(f.Condition, id, f.Origin) : existing?.Condition ?? OfferCondition.New;
            o.Fulfillment = f.Fulfillment != null ? ParseFulfillment(f.Fulfillment, id, f.Origin) : existing?.Fulfillment ?? FulfillmentMethod.Merchant;
            return o;
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
            return d;
        }

        public static SellingFormat ParseSellingFormat(string value, string? offerId, string? origin)
        {
            switch (Key(value))
            {
                case "": case "buynow": return SellingFormat.BuyNow;
                case "auction": return SellingFormat.Auction;
                case "classified": case "advertisement": case "classifiedad": return SellingFormat.Classified;
            }
            throw new OfferFieldException(offerId, "SellingFormat", value, "BuyNow, Auction or Classified", origin);
        }

        public static AccountType ParseAccountType(string value, string? offerId, string? origin)
        {
            switch (Key(value))
            {
                case "": case "company": case "business": return AccountType.Company;
                case "personal": case "private": case "regular": return AccountType.Personal;
            }
            throw new OfferFieldException(offerId, "AccountType", value, "Company or Personal", origin);
        }

        public static OfferStatus ParseStatus(string value, string? offerId, string? origin)
        {
            switch (Key(value))
            {
                case "": case "active": return OfferStatus.Active;
                case "inactive": return OfferStatus.Inactive;
                case "ended": return OfferStatus.Ended;
            }
            throw new OfferFieldException(offerId, "Status", value, "Active, Inactive or Ended", origin);
        }

        public static OfferCondition ParseCondition(string value, string? offerId, string? origin)
        {
            switch (Key(value))
            {
                case "": case "new": return OfferCondition.New;
                case "used": return OfferCondition.Used;
            }
            throw new OfferFieldException(offerId, "Condition", value, "New or Used", origin);
        }

        public static FulfillmentMethod ParseFulfillment(string value, string? offerId, string? origin)
        {
            switch (Key(value))
            {
                case "": case "merchant": case "selffulfilled": case "mfn": case "fbm": return FulfillmentMethod.Merchant;
                case "fba": case "amazon": return FulfillmentMethod.FBA;
            }
            throw new OfferFieldException(offerId, "Fulfillment", value, "FBA or Merchant", origin);
        }

        /// <summary>Each element may itself hold several values separated by ';', ',' or '|' ("a;b"); blanks dropped, duplicates dropped.</summary>
        public static IReadOnlyList<string> SplitList(IReadOnlyList<string> values)
        {
            if (values.Count == 0) return Array.Empty<string>();
            List<string>? list = null;
            foreach (var v in values)
            {
                if (string.IsNullOrEmpty(v)) continue;
                if (v.IndexOfAny(ListSeparators) < 0)
                {
                    Add(ref list, v.Trim());
                    continue;
                }
                foreach (var part in v.Split(ListSeparators)) Add(ref list, part.Trim());
            }
            return (IReadOnlyList<string>?)list ?? Array.Empty<string>();

            static void Add(ref List<string>? l, string s)
            {
                if (s.Length == 0) return;
                l ??= new List<string>(2);
                foreach (var e in l) if (string.Equals(e, s, StringComparison.OrdinalIgnoreCase)) return;
                l.Add(s);
            }
        }

        private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static string Key(string value)
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
    }
}
