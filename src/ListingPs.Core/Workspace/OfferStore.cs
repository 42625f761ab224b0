using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Model;
using static ListingPs.Core.Workspace.WorkspaceStore;

namespace ListingPs.Core.Workspace
{
    /// <summary>The offers table, through the session's statements and transaction (<see cref="WorkspaceStore.Offers"/>).</summary>
    internal sealed class OfferStore : IOfferStore
    {
        private readonly WorkspaceStore _ws;

        internal OfferStore(WorkspaceStore session) { _ws = session; }

        internal const string Columns =
            "offer_id, market, title, category, price, selling_format, account_type, b2b, charity, product_id, status, delivery, translations, condition, fulfillment, updated_at, shipping_rate";

        internal static readonly int ColumnCount = Columns.Split(',').Length;

        internal static readonly string ColumnsAliased = "o." + Columns.Replace(", ", ", o.");

        public Offer? Get(string offerId) => Get(offerId, null, out _);

        /// <summary>
        /// The stored offer and, when <paramref name="shareMarket"/> is given, its share to that market, in one statement (what
        /// Submit-Offer needs to know per record).
        /// </summary>
        internal Offer? Get(string offerId, string? shareMarket, out StoredShare? share)
        {
            share = null;
            IStatement st;
            if (shareMarket == null)
            {
                st = _ws.Statement("offer.get", "SELECT " + Columns + " FROM offers WHERE offer_id = ?1");
                st.Text(1, offerId);
            }
            else
            {
                st = _ws.Statement("offer.getWithShare", "SELECT " + ColumnsAliased + ", " + ShareStore.StoredColumns +
                    " FROM offers o LEFT JOIN shares s ON s.market = ?2 AND s.offer_id = o.offer_id WHERE o.offer_id = ?1");
                st.Text(1, offerId).Text(2, shareMarket);
            }
            try
            {
                if (!st.Read()) return null;
                var offer = Read(st);
                if (shareMarket != null) share = ShareStore.ReadStored(st, ColumnCount);
                return offer;
            }
            finally { st.Reset(); }
        }

        public bool Exists(string offerId)
        {
            var st = _ws.Statement("offer.exists", "SELECT 1 FROM offers WHERE offer_id = ?1");
            st.Text(1, offerId);
            try { return st.Read(); }
            finally { st.Reset(); }
        }

        public void Upsert(Offer o)
        {
            _ws.BeginWrite();
            var st = _ws.Statement("offer.upsert",
                "INSERT INTO offers(" + Columns + ") VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17) " +
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
        public List<(string OfferId, string? Title, string Market)> IdsStartingWith(string prefix, int limit)
        {
            var found = new List<(string, string?, string)>();
            var range = _ws.Statement("offer.complete", "SELECT offer_id, title, market FROM offers WHERE offer_id >= ?1 AND offer_id < ?2 ORDER BY offer_id LIMIT ?3");
            range.Text(1, prefix).Text(2, prefix + "\uffff").Int(3, limit);
            Collect(range, found);
            if (found.Count > 0 || prefix.Length == 0) return found;
            var like = _ws.Statement("offer.completeLike", "SELECT offer_id, title, market FROM offers WHERE offer_id " + _ws.Like() + " ?1 ESCAPE '\\' ORDER BY offer_id LIMIT ?2");
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

        public bool Delete(string offerId)
        {
            _ws.BeginWrite();
            using (var c = _ws.NewCommand("DELETE FROM share_reasons WHERE offer_id = @id; DELETE FROM shares WHERE offer_id = @id;"))
            {
                c.Parameters.AddWithValue("@id", offerId);
                c.ExecuteNonQuery();
            }
            using var cmd = _ws.NewCommand("DELETE FROM offers WHERE offer_id = @id");
            cmd.Parameters.AddWithValue("@id", offerId);
            return cmd.ExecuteNonQuery() > 0;
        }

        /// <summary>One page of offers in id order (use <see cref="OfferQuery.AfterOfferId"/> and a limit to walk them all).</summary>
        /// <remarks>
        /// One arm per market asked for (index offers_market: market, offer_id) and per id range (<see cref="IdFilter"/>),
        /// merged by SQLite in id order: every page seeks to its place, whatever the number of markets.
        /// </remarks>
        public List<Offer> Query(OfferQuery q)
        {
            using var cmd = _ws.NewCommand("");
            var common = new List<string>();
            if (q.Statuses != null && q.Statuses.Count > 0)
                AddInFilter(cmd, common, "status", "@s", ToStrings(q.Statuses));
            var markets = Distinct(q.Markets);
            if (markets != null && markets.Count > MaxArms)
            {
                AddInFilter(cmd, common, "market", "@m", markets);
                markets = null;
            }
            var ids = IdFilter.Parse(q.OfferIds);
            int marketArms = markets?.Count ?? 1;
            var idConditions = IdFilter.ConditionsOf(ids, cmd, "offer_id", q.AfterOfferId, Math.Max(1, MaxArms / marketArms));
            if (idConditions.Count == 0) return new List<Offer>();
            var arms = new List<string>();
            for (int m = 0; m < marketArms; m++)
            {
                if (markets != null) cmd.Parameters.AddWithValue("@mk" + m, markets[m]);
                foreach (var idCondition in idConditions)
                {
                    var where = new List<string>();
                    if (markets != null) where.Add("market = @mk" + m);
                    if (idCondition.Length > 0) where.Add(idCondition);
                    where.AddRange(common);
                    arms.Add("SELECT " + Columns + " FROM offers" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : ""));
                }
            }
            // an offer has one market, so only overlapping id arms can repeat a row
            int? limit = q.Limit.HasValue && q.Limit.Value >= 0 ? q.Limit : null;
            cmd.CommandText = Compound(arms, ids != null && ids.MayOverlap && idConditions.Count > 1, limit, orderColumn: 1);
            _ws.QueryObserver?.Invoke(cmd);
            return ReadAll(cmd, Read);
        }

        public long Count(string? market = null)
        {
            using var cmd = _ws.NewCommand(market == null ? "SELECT count(*) FROM offers" : "SELECT count(*) FROM offers WHERE market = @m");
            if (market != null) cmd.Parameters.AddWithValue("@m", market);
            return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public List<Offer> QueryUnshared(string market, string baseMarket, IReadOnlyList<string>? offerIds, IReadOnlyList<OfferStatus>? statuses,
            string? afterOfferId, int limit)
        {
            using var cmd = _ws.NewCommand("");
            var common = new List<string> { "NOT EXISTS (SELECT 1 FROM shares s WHERE s.market = @mk AND s.offer_id = o.offer_id)" };
            cmd.Parameters.AddWithValue("@base", baseMarket);
            cmd.Parameters.AddWithValue("@mk", market);
            if (statuses != null && statuses.Count > 0) AddInFilter(cmd, common, "o.status", "@os", ToStrings(statuses));
            var ids = IdFilter.Parse(offerIds);
            var idConditions = IdFilter.ConditionsOf(ids, cmd, "o.offer_id", afterOfferId, MaxArms);
            if (idConditions.Count == 0) return new List<Offer>();
            var arms = new List<string>();
            foreach (var idCondition in idConditions)
            {
                var where = new List<string> { "o.market = @base" };
                if (idCondition.Length > 0) where.Add(idCondition);
                where.AddRange(common);
                arms.Add("SELECT " + ColumnsAliased + " FROM offers o WHERE " + string.Join(" AND ", where));
            }
            cmd.CommandText = Compound(arms, ids != null && ids.MayOverlap && arms.Count > 1, limit, orderColumn: 1);
            _ws.QueryObserver?.Invoke(cmd);
            return ReadAll(cmd, Read);
        }

        public List<(Offer Offer, ShareSummary? Share)> QueryWithShare(string baseMarket, string market, string? afterOfferId, int limit)
        {
            using var cmd = _ws.NewCommand("SELECT " + ColumnsAliased + ", s.state, CASE WHEN s.price IS NOT NULL THEN 1 ELSE 0 END, s.auto_translate, CASE WHEN s.reasons <> '' THEN 1 ELSE 0 END " +
                "FROM offers o LEFT JOIN shares s ON s.market = @mk AND s.offer_id = o.offer_id WHERE o.market = @base" +
                (afterOfferId != null ? " AND o.offer_id > @after" : "") +
                " ORDER BY o.offer_id LIMIT " + limit.ToString(CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("@base", baseMarket);
            cmd.Parameters.AddWithValue("@mk", market);
            if (afterOfferId != null) cmd.Parameters.AddWithValue("@after", afterOfferId);
            _ws.QueryObserver?.Invoke(cmd);
            return ReadAll(cmd, r =>
            {
                int c = ColumnCount;
                ShareSummary? share = r.IsDBNull(c) ? (ShareSummary?)null
                    : new ShareSummary(StoredEnum<ShareState>.Parse(r.GetString(c)), r.GetInt64(c + 1) != 0, r.GetInt64(c + 2) != 0, r.GetInt64(c + 3) != 0);
                return (Read(r), share);
            });
        }

        private static Offer Read(DbDataReader r) => Read(new ReaderRow(r));

        private static Offer Read<TRow>(TRow r) where TRow : IStoredRow
        {
            var o = new Offer(r.GetString(0))
            {
                Market = r.GetString(1),
                Title = r.GetText(2),
                Category = r.GetText(3),
                Price = ReadDecimal(r.GetText(4)),
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
    }
}
