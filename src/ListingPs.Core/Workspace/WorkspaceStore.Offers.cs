using System.Data.Common;
using System;
using System.Collections.Generic;
using ListingPs.Core.Model;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    public sealed partial class WorkspaceStore
    {
        private const string OfferColumns =
            "offer_id, market, title, category, price, selling_format, account_type, b2b, charity, product_id, status, delivery, translations, condition, fulfillment, updated_at, shipping_rate";

        public Offer? GetOffer(string offerId) => GetOffer(offerId, null, out _);

        /// <summary>
        /// The stored offer and, when <paramref name="shareMarket"/> is given, its share to that market, in one statement (what
        /// Submit-Offer needs to know per record).
        /// </summary>
        internal Offer? GetOffer(string offerId, string? shareMarket, out StoredShare? share)
        {
            share = null;
            IStatement st;
            if (shareMarket == null)
            {
                st = Statement("offer.get", "SELECT " + OfferColumns + " FROM offers WHERE offer_id = ?1");
                st.Text(1, offerId);
            }
            else
            {
                st = Statement("offer.getWithShare", "SELECT " + OfferColumnsAliased + ", " + StoredShareColumns +
                    " FROM offers o LEFT JOIN shares s ON s.market = ?2 AND s.offer_id = o.offer_id WHERE o.offer_id = ?1");
                st.Text(1, offerId).Text(2, shareMarket);
            }
            try
            {
                if (!st.Read()) return null;
                var offer = ReadOffer(st);
                if (shareMarket != null) share = ReadStoredShare(st, OfferColumnCount);
                return offer;
            }
            finally { st.Reset(); }
        }

        /// <summary>Adds the offer or updates every field of the stored one.</summary>
        public void UpsertOffer(Offer o)
        {
            BeginWrite();
            var st = Statement("offer.upsert",
                "INSERT INTO offers(" + OfferColumns + ") VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17) " +
                "ON CONFLICT(offer_id) DO UPDATE SET market = excluded.market, title = excluded.title, category = excluded.category, " +
                "price = excluded.price, selling_format = excluded.selling_format, account_type = excluded.account_type, b2b = excluded.b2b, " +
                "charity = excluded.charity, product_id = excluded.product_id, status = excluded.status, delivery = excluded.delivery, " +
                "translations = excluded.translations, condition = excluded.condition, fulfillment = excluded.fulfillment, updated_at = excluded.updated_at, shipping_rate = excluded.shipping_rate");
            st.Text(1, o.OfferId).Text(2, o.Market).Text(3, o.Title).Text(4, o.Category).Text(5, DecimalText(o.Price))
              .Text(6, StoredEnum<SellingFormat>.Name(o.SellingFormat)).Text(7, StoredEnum<AccountType>.Name(o.AccountType))
              .Int(8, o.B2BOnly ? 1 : 0).Int(9, o.Charity ? 1 : 0).Text(10, o.ProductId).Text(11, StoredEnum<OfferStatus>.Name(o.Status))
              .Text(12, JoinStored(o.DeliveryMethods)).Text(13, JoinStored(o.Translations))
              .Text(14, StoredEnum<OfferCondition>.Name(o.Condition)).Text(15, StoredEnum<FulfillmentMethod>.Name(o.Fulfillment))
              .Text(16, Stamp(o.UpdatedAt)).Text(17, o.ShippingRate);
            st.Execute();
        }

        /// <summary>
        /// Offer ids starting with <paramref name="prefix"/> (tab completion), with title and market, in id order: a key range
        /// first (case as typed), then a case-insensitive match when the range finds nothing.
        /// </summary>
        public List<(string OfferId, string? Title, string Market)> OfferIdsStartingWith(string prefix, int limit)
        {
            var found = new List<(string, string?, string)>();
            var range = Statement("offer.complete", "SELECT offer_id, title, market FROM offers WHERE offer_id >= ?1 AND offer_id < ?2 ORDER BY offer_id LIMIT ?3");
            range.Text(1, prefix).Text(2, prefix + "\uffff").Int(3, limit);
            Collect(range, found);
            if (found.Count > 0 || prefix.Length == 0) return found;
            var like = Statement("offer.completeLike", "SELECT offer_id, title, market FROM offers WHERE offer_id " + Like() + " ?1 ESCAPE '\\' ORDER BY offer_id LIMIT ?2");
            like.Text(1, ToLike(prefix) + "%").Int(2, limit);
            Collect(like, found);
            return found;
        }

        private static void Collect(IStatement st, List<(string, string?, string)> into)
        {
            try
            {
                while (st.Read()) into.Add((st.GetString(0), st.GetText(1), st.GetString(2)));
            }
            finally { st.Reset(); }
        }

        /// <summary>Whether two offers store the same fields (their times aside): an unchanged offer need not be written again.
        /// Prices compare as stored, scale included (45.00 is not written as 45).</summary>
        internal static bool SameStoredFields(Offer a, Offer b) =>
            a.OfferId == b.OfferId && a.Market == b.Market && a.Title == b.Title && a.Category == b.Category && SamePrice(a.Price, b.Price) &&
            a.SellingFormat == b.SellingFormat && a.AccountType == b.AccountType && a.B2BOnly == b.B2BOnly && a.Charity == b.Charity &&
            a.ProductId == b.ProductId && a.Status == b.Status && a.Condition == b.Condition && a.Fulfillment == b.Fulfillment &&
            SameList(a.DeliveryMethods, b.DeliveryMethods) && SameList(a.Translations, b.Translations) && a.ShippingRate == b.ShippingRate;

        private static bool SamePrice(decimal? a, decimal? b) =>
            a.HasValue == b.HasValue && (!a.HasValue || (a.Value == b!.Value && decimal.GetBits(a.Value)[3] == decimal.GetBits(b.Value)[3]));

        private static bool SameList(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            if (a.Count != b.Count) return false;
            for (int i = 0; i < a.Count; i++) if (a[i] != b[i]) return false;
            return true;
        }

        private static string JoinStored(IReadOnlyList<string> items)
        {
            if (items.Count == 0) return "";
            if (items.Count == 1) return items[0];
            return string.Join(";", items);
        }

        /// <summary>Removes an offer and everything shared from it.</summary>
        public bool DeleteOffer(string offerId)
        {
            BeginWrite();
            using (var c = NewCommand("DELETE FROM share_reasons WHERE offer_id = @id; DELETE FROM shares WHERE offer_id = @id;"))
            {
                c.Parameters.AddWithValue("@id", offerId);
                c.ExecuteNonQuery();
            }
            using var cmd = NewCommand("DELETE FROM offers WHERE offer_id = @id");
            cmd.Parameters.AddWithValue("@id", offerId);
            return cmd.ExecuteNonQuery() > 0;
        }

        private static Offer ReadOffer(DbDataReader r) => ReadOffer(new ReaderRow(r));

        private static Offer ReadOffer<TRow>(TRow r) where TRow : IStoredRow
        {
            var o = new Offer(r.GetString(0))
            {
                Market = r.GetString(1),
                Title = r.GetText(2),
                Category = r.GetText(3),
                Price = ReadDec(r.GetText(4)),
                SellingFormat = StoredEnum<SellingFormat>.Parse(r.GetString(5)),
                AccountType = StoredEnum<AccountType>.Parse(r.GetString(6)),
                B2BOnly = r.GetInt64(7) != 0,
                Charity = r.GetInt64(8) != 0,
                ProductId = r.GetText(9),
                Status = StoredEnum<OfferStatus>.Parse(r.GetString(10)),
                DeliveryMethods = SplitStored(r.GetString(11)),
                Translations = SplitStored(r.GetString(12)),
                Condition = StoredEnum<OfferCondition>.Parse(r.GetString(13)),
                Fulfillment = StoredEnum<FulfillmentMethod>.Parse(r.GetString(14)),
                UpdatedAt = StoredText.ParseStamp(r.GetString(15)),
                ShippingRate = r.GetText(16),
                IsStored = true,
            };
            return o;
        }

        internal static IReadOnlyList<string> SplitStored(string s) =>
            s.Length == 0 ? Array.Empty<string>() : s.Split(';');
    }
}

namespace ListingPs.Core.Workspace
{
    public sealed partial class WorkspaceStore
    {
        public bool OfferExists(string offerId)
        {
            var st = Statement("offer.exists", "SELECT 1 FROM offers WHERE offer_id = ?1");
            st.Text(1, offerId);
            try { return st.Read(); }
            finally { st.Reset(); }
        }
    }
}
