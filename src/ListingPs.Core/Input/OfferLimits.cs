using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Rules;

namespace ListingPs.Core.Input
{
    /// <summary>
    /// The limits an input record must keep, where the marketplace has them (README, "Input limits"). Each check throws an
    /// <see cref="OfferFieldException"/> with its own stable id that names the record (offer id and file line) and the field.
    /// </summary>
    public static class OfferLimits
    {
        /// <summary>Longest offer id: the module's ids are the seller's own (SKU-like) ids, not Allegro's numeric ones.</summary>
        public const int MaxOfferIdLength = 64;
        /// <summary>Allegro's limit for an offer's name (title).</summary>
        public const int MaxAllegroTitleLength = 75;
        /// <summary>Amazon's limit for a listing's item name (title).</summary>
        public const int MaxAmazonTitleLength = 200;
        /// <summary>Longest value of any other text field (category path, product id, a delivery method or language).</summary>
        public const int MaxTextLength = 1000;
        /// <summary>Highest price accepted (any currency): 99,999,999.99.</summary>
        public const decimal MaxPrice = 99_999_999.99m;

        /// <summary>Letters and digits (ASCII), then letters, digits, '-', '_', '.', '/' and spaces (ids come trimmed, so only inner ones); 1 to 64 characters.</summary>
        public static void CheckOfferId(string id, string? origin)
        {
            if (id.Length > MaxOfferIdLength)
                throw new OfferFieldException(ErrorIds.InvalidOfferId, Shorten(id), "OfferId", Shorten(id),
                    "an offer id of at most " + MaxOfferIdLength.ToString(CultureInfo.InvariantCulture) + " characters (it has " +
                    id.Length.ToString(CultureInfo.InvariantCulture) + ")", origin);
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                if (alnum) continue;
                if (i > 0 && (c == '-' || c == '_' || c == '.' || c == '/')) continue;
                if (c == ' ' && i > 0) continue;   // seller SKUs may have inner spaces ("CZ 7"); ids come trimmed
                throw new OfferFieldException(ErrorIds.InvalidOfferId, Printable(id), "OfferId", Printable(id),
                    "an offer id of ASCII letters, digits, - _ . / and inner spaces that starts with a letter or digit (character " +
                    (i + 1).ToString(CultureInfo.InvariantCulture) + " is " + Describe(c) + ")", origin);
            }
        }

        /// <summary>
        /// The longest title the market takes, by its platform: 75 characters on an Allegro market, 200 on an Amazon market and
        /// on a market the rules do not define (null).
        /// </summary>
        public static int MaxTitleLength(MarketRule? market) =>
            market != null && market.IsAllegro ? MaxAllegroTitleLength : MaxAmazonTitleLength;

        /// <summary>The title's text and its length on the market <paramref name="market"/> (an id the <paramref name="rules"/> look up).</summary>
        public static void CheckTitle(string? title, string offerId, string? market, RuleSet rules, string? origin)
        {
            if (title == null) return;
            CheckText(title, offerId, "Title", origin);
            int max = MaxTitleLength(market != null && rules.TryGetMarket(market, out var rule) ? rule : null);
            if (title.Length > max)
                throw new OfferFieldException(ErrorIds.OfferFieldTooLong, offerId, "Title", Shorten(title),
                    "a title of at most " + max.ToString(CultureInfo.InvariantCulture) + " characters on " + (market ?? "this market") +
                    " (it has " + title.Length.ToString(CultureInfo.InvariantCulture) + ")", origin);
        }

        /// <summary>No control characters (NUL, tab, line breaks, ...) and at most <see cref="MaxTextLength"/> characters.</summary>
        public static void CheckText(string? value, string offerId, string field, string? origin)
        {
            if (value == null) return;
            for (int i = 0; i < value.Length; i++)
            {
                if (char.IsControl(value[i]))
                    throw new OfferFieldException(ErrorIds.OfferFieldControlCharacter, offerId, field, Printable(value),
                        "text without control characters (character " + (i + 1).ToString(CultureInfo.InvariantCulture) + " is " + Describe(value[i]) + ")", origin);
            }
            if (value.Length > MaxTextLength)
                throw new OfferFieldException(ErrorIds.OfferFieldTooLong, offerId, field, Shorten(value),
                    "text of at most " + MaxTextLength.ToString(CultureInfo.InvariantCulture) + " characters (it has " +
                    value.Length.ToString(CultureInfo.InvariantCulture) + ")", origin);
        }

        public static void CheckList(IReadOnlyList<string> values, string offerId, string field, string? origin)
        {
            for (int i = 0; i < values.Count; i++) CheckText(values[i], offerId, field, origin);
        }

        public static void CheckPrice(decimal price, string? offerId, string field, string value, string? origin)
        {
            if (price > MaxPrice)
                throw new OfferFieldException(ErrorIds.PriceOutOfRange, offerId, field, Shorten(value),
                    "a price of at most 99999999.99", origin);
        }

        private static string Describe(char c) =>
            c == '\0' ? "NUL" : char.IsControl(c) ? "control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : "'" + c + "' (U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + ")";

        /// <summary>The value for a message: control characters shown as \u escapes, at most 80 characters.</summary>
        internal static string Printable(string s)
        {
            var t = Shorten(s);
            var b = new System.Text.StringBuilder(t.Length);
            foreach (var c in t)
                if (char.IsControl(c)) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else b.Append(c);
            return b.ToString();
        }

        internal static string Shorten(string s) => s.Length > 80 ? s.Substring(0, 77) + "..." : s;
    }
}
