using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ListingPs.Core.Model;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>The seller's market filter: market, offer status, verification state, rejection reason.</summary>
    public sealed class ShareQuery
    {
        public IReadOnlyList<string>? Markets { get; set; }
        /// <summary>Offer ids or PowerShell wildcard patterns.</summary>
        public IReadOnlyList<string>? OfferIds { get; set; }
        public IReadOnlyList<ShareState>? States { get; set; }
        /// <summary>Reason codes: a share matches when it has any of them.</summary>
        public IReadOnlyList<string>? Reasons { get; set; }
        public IReadOnlyList<OfferStatus>? OfferStatuses { get; set; }
        /// <summary>Keyset paging: only shares after this (market, offer id).</summary>
        public (string Market, string OfferId)? After { get; set; }
        public int? Limit { get; set; }
    }

    public sealed partial class WorkspaceStore
    {
        /// <summary>
        /// One page of share records matching the filter, ordered by market and offer id. Pages are read whole, so no
        /// statement stays open while the caller writes (a pipeline may fix what it reads).
        /// <para>The walk goes market by market (one statement each), and within a market every arm of the statement seeks
        /// to its place: one arm per state (index shares_state: market, state, offer_id), or with a reason filter one per
        /// reason code (index share_reasons_code: market, code, offer_id), times one per id range (<see cref="IdFilter"/>);
        /// SQLite merges the arms in offer id order, so a page late in the walk costs what the first one does.</para>
        /// </summary>
        /// <para><paramref name="deliveryNames"/> gives a delivery method's display name by (market, method id), from the
        /// caller's rules; without it the name is the method id.</para>
        public List<ShareRecord> QueryShares(ShareQuery q, Func<string, string, string>? deliveryNames = null)
        {
            var result = new List<ShareRecord>();
            int? limit = q.Limit.HasValue && q.Limit.Value >= 0 ? q.Limit : null; // SQLite: a negative LIMIT is no limit
            if (limit == 0) return result;
            var ids = IdFilter.Parse(q.OfferIds);
            var states = Distinct(q.States != null && q.States.Count > 0 ? ToStrings(q.States) : null);
            var reasons = Distinct(q.Reasons);
            var statuses = q.OfferStatuses != null && q.OfferStatuses.Count > 0 ? ToStrings(q.OfferStatuses) : null;
            if (ids != null && ids.ExactOnly && ids.Exact.Count <= MaxArms)
            {
                // A few exact ids (Get-Offer X | Get-VerificationStatus): their shares are few, one statement over every
                // market reads them through the offer id index; the keyset condition filters a handful of rows here.
                ReadSharesOfIds(q, ids.Exact, states, reasons, statuses, limit, deliveryNames, result);
                return result;
            }
            foreach (var market in SharedMarkets(q.Markets, q.After?.Market))
            {
                string? after = q.After.HasValue && market == q.After.Value.Market ? q.After.Value.OfferId : null;
                using var cmd = NewCommand("");
                cmd.Parameters.AddWithValue("@m", market);
                var arms = new List<string>();
                // the driving arms: reason codes, else states, else the market alone
                var drivers = reasons ?? states ?? new List<string> { "" };
                if (drivers.Count > MaxArms) drivers = new List<string> { "" };
                bool byReason = reasons != null && drivers[0].Length > 0;
                bool byState = !byReason && states != null && drivers[0].Length > 0;
                string idColumn = byReason ? "r.offer_id" : "s.offer_id";
                var idConditions = IdFilter.ConditionsOf(ids, cmd, idColumn, after, Math.Max(1, MaxArms / drivers.Count));
                if (idConditions.Count == 0) continue;
                var common = new List<string>();
                if (!byState && states != null) AddInFilter(cmd, common, "s.state", "@s", states);
                if (!byReason && reasons != null)
                {
                    var w = new List<string>();
                    AddInFilter(cmd, w, "r.code", "@r", reasons);
                    common.Add("EXISTS (SELECT 1 FROM share_reasons r WHERE r.market = s.market AND r.offer_id = s.offer_id AND " + w[0] + ")");
                }
                if (statuses != null) AddInFilter(cmd, common, "o.status", "@os", statuses);
                for (int d = 0; d < drivers.Count; d++)
                {
                    string select, driver;
                    if (byReason)
                    {
                        // CROSS JOIN keeps share_reasons the outer loop, so the arm walks the reason index in offer id order
                        select = "SELECT r.market, r.offer_id, " + ShareColumns.Substring(ShareColumns.IndexOf("s.state", StringComparison.Ordinal)) +
                            " FROM share_reasons r " + (IsPostgres ? "JOIN" : "CROSS JOIN") + " shares s ON s.market = r.market AND s.offer_id = r.offer_id JOIN offers o ON o.offer_id = s.offer_id";
                        driver = "r.market = @m AND r.code = @d" + d;
                        cmd.Parameters.AddWithValue("@d" + d, drivers[d]);
                    }
                    else
                    {
                        // Per state, the index seeks to (market, state, cursor): without it SQLite may walk the primary
                        // key from the cursor and skip the other states' rows (25 rows read per Pending record at 1M).
                        select = "SELECT " + ShareColumns + " FROM shares s" + (byState && !IsPostgres ? " INDEXED BY shares_state" : "") +
                            " JOIN offers o ON o.offer_id = s.offer_id";
                        driver = "s.market = @m";
                        if (byState)
                        {
                            driver += " AND s.state = @d" + d;
                            cmd.Parameters.AddWithValue("@d" + d, drivers[d]);
                        }
                    }
                    foreach (var idCondition in idConditions)
                    {
                        var where = new List<string> { driver };
                        if (idCondition.Length > 0) where.Add(idCondition);
                        where.AddRange(common);
                        arms.Add(select + " WHERE " + string.Join(" AND ", where));
                    }
                }
                bool union = (byReason && drivers.Count > 1) || (ids != null && ids.MayOverlap && idConditions.Count > 1);
                int? remaining = limit.HasValue ? limit.Value - result.Count : (int?)null;
                cmd.CommandText = Compound(arms, union, remaining);
                QueryObserver?.Invoke(cmd);
                using (var r = cmd.ExecuteReader())
                    while (r.Read()) result.Add(ReadShare(r, deliveryNames));
                if (limit.HasValue && result.Count >= limit.Value) break;
            }
            return result;
        }

        private void ReadSharesOfIds(ShareQuery q, List<string> ids, List<string>? states, List<string>? reasons, List<string>? statuses,
            int? limit, Func<string, string, string>? deliveryNames, List<ShareRecord> result)
        {
            using var cmd = NewCommand("");
            var where = new List<string>();
            AddInFilter(cmd, where, "s.offer_id", "@id", ids);
            AddInFilter(cmd, where, "s.market", "@m", Distinct(q.Markets));
            if (states != null) AddInFilter(cmd, where, "s.state", "@s", states);
            if (statuses != null) AddInFilter(cmd, where, "o.status", "@os", statuses);
            if (reasons != null)
            {
                var w = new List<string>();
                AddInFilter(cmd, w, "r.code", "@r", reasons);
                where.Add("EXISTS (SELECT 1 FROM share_reasons r WHERE r.market = s.market AND r.offer_id = s.offer_id AND " + w[0] + ")");
            }
            if (q.After.HasValue)
            {
                where.Add("(s.market > @am OR (s.market = @am AND s.offer_id > @ao))");
                cmd.Parameters.AddWithValue("@am", q.After.Value.Market);
                cmd.Parameters.AddWithValue("@ao", q.After.Value.OfferId);
            }
            cmd.CommandText = "SELECT " + ShareColumns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE " + string.Join(" AND ", where) +
                " ORDER BY s.market, s.offer_id" + (limit.HasValue ? " LIMIT " + limit.Value.ToString(CultureInfo.InvariantCulture) : "");
            QueryObserver?.Invoke(cmd);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result.Add(ReadShare(r, deliveryNames));
        }

        /// <summary>Sees every query statement of the read path before it runs (tests check their plans).</summary>
        internal Action<DbCommand>? QueryObserver { get; set; }

        /// <summary>How many arms one statement may have (SQLite allows 500 in a compound SELECT).</summary>
        internal const int MaxArms = 64;

        /// <summary>Arms merged in order of the first column after the market (offer id); one arm is a plain SELECT.</summary>
        internal static string Compound(List<string> arms, bool distinct, int? limit, int orderColumn = 2) =>
            string.Join(distinct ? " UNION " : " UNION ALL ", arms) + " ORDER BY " + orderColumn.ToString(CultureInfo.InvariantCulture) +
            (limit.HasValue ? " LIMIT " + limit.Value.ToString(CultureInfo.InvariantCulture) : "");

        /// <summary>The markets to walk in SQLite's order: the ones asked for, or every market with a share, from <paramref name="from"/> on.</summary>
        private IEnumerable<string> SharedMarkets(IReadOnlyList<string>? markets, string? from)
        {
            if (markets != null && markets.Count > 0)
            {
                foreach (var m in Distinct(markets)!)
                    if (from == null || StoredText.CompareBinary(m, from) >= 0) yield return m;
                yield break;
            }
            string? current = null;
            while (true)
            {
                string? next;
                using (var cmd = NewCommand(current == null
                    ? (from == null ? "SELECT min(market) FROM shares" : "SELECT min(market) FROM shares WHERE market >= @from")
                    : "SELECT min(market) FROM shares WHERE market > @after"))
                {
                    if (current == null && from != null) cmd.Parameters.AddWithValue("@from", from);
                    if (current != null) cmd.Parameters.AddWithValue("@after", current);
                    next = cmd.ExecuteScalar() as string;
                }
                if (next == null) yield break;
                yield return next;
                current = next;
            }
        }

        /// <summary>The values once each, in SQLite's BINARY order; null for none.</summary>
        internal static List<string>? Distinct(IReadOnlyList<string>? values)
        {
            if (values == null || values.Count == 0) return null;
            return new List<string>(new SortedSet<string>(values, StoredText.BinaryOrder));
        }

        /// <summary>Counts shares by state for a market (used by summaries and the report).</summary>
        public Dictionary<ShareState, long> CountSharesByState(string market)
        {
            var result = new Dictionary<ShareState, long>();
            using var cmd = NewCommand("SELECT state, count(*) FROM shares WHERE market = @m GROUP BY state");
            cmd.Parameters.AddWithValue("@m", market);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result[StoredEnum<ShareState>.Parse(r.GetString(0))] = r.GetInt64(1);
            return result;
        }

        /// <summary>Counts shares by reason code for a market.</summary>
        public Dictionary<string, long> CountSharesByReason(string market)
        {
            var result = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            using var cmd = NewCommand("SELECT code, count(*) FROM share_reasons WHERE market = @m GROUP BY code");
            cmd.Parameters.AddWithValue("@m", market);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result[r.GetString(0)] = r.GetInt64(1);
            return result;
        }

        private static ShareRecord ReadShare(DbDataReader r, Func<string, string, string>? deliveryNames)
        {
            var market = r.GetString(0);
            var warnings = r.GetString(14);
            return new ShareRecord
            {
                Market = market,
                OfferId = r.GetString(1),
                State = StoredEnum<ShareState>.Parse(r.GetString(2)),
                Reasons = ReasonCodes.Decode(r.GetString(3)),
                Price = ReadDecimal(r, 4),
                Currency = r.GetString(5),
                PriceSource = StoredEnum<PriceSource>.Parse(r.GetString(6)),
                BasePrice = ReadDecimal(r, 7),
                BaseCurrency = r.GetString(8),
                ExchangeRate = ReadDecimal(r, 9),
                RateSource = ReadStr(r, 10),
                Translation = StoredEnum<TranslationKind>.Parse(r.GetString(11)),
                AutoTranslate = r.GetInt64(12) != 0,
                Delivery = DecodeDelivery(r.GetString(13), market, deliveryNames),
                Warnings = warnings.Length == 0 ? Array.Empty<string>() : warnings.Split('\n'),
                UpdatedAt = StoredText.ParseStamp(r.GetString(15)),
                OfferStatus = StoredEnum<OfferStatus>.Parse(r.GetString(16)),
            };
        }

        /// <summary><see cref="Workspace.ReadDec"/> through the fast decimal reader.</summary>
        internal static decimal? ReadDecimal(DbDataReader r, int i) => r.IsDBNull(i) ? (decimal?)null : StoredText.ParseDecimal(r.GetString(i));

        /// <summary>Reads what EncodeDelivery writes: method|price|currency|converted, ';' between quotes.</summary>
        private static IReadOnlyList<DeliveryQuote> DecodeDelivery(string s, string market, Func<string, string, string>? deliveryNames)
        {
            if (s.Length == 0) return Array.Empty<DeliveryQuote>();
            int count = 1;
            foreach (var c in s) if (c == ';') count++;
            var list = new DeliveryQuote[count];
            int start = 0;
            for (int i = 0; i < count; i++)
            {
                int end = s.IndexOf(';', start);
                if (end < 0) end = s.Length;
                int p1 = s.IndexOf('|', start, end - start);
                int p2 = p1 < 0 ? -1 : s.IndexOf('|', p1 + 1, end - p1 - 1);
                int p3 = p2 < 0 ? -1 : s.IndexOf('|', p2 + 1, end - p2 - 1);
                if (p3 < 0 || s.IndexOf('|', p3 + 1, end - p3 - 1) >= 0)
                    list[i] = DecodeQuoteSlow(s.Substring(start, end - start), market, deliveryNames); // not the usual shape: as before
                else
                {
                    var method = s.Substring(start, p1 - start);
                    var name = deliveryNames?.Invoke(market, method) ?? method;
                    list[i] = new DeliveryQuote(method, name, StoredText.ParseDecimal(s, p1 + 1, p2 - p1 - 1),
                        s.Substring(p2 + 1, p3 - p2 - 1), end - p3 - 1 == 1 && s[p3 + 1] == '1');
                }
                start = end + 1;
            }
            return list;
        }

        private static DeliveryQuote DecodeQuoteSlow(string part, string market, Func<string, string, string>? deliveryNames)
        {
            var f = part.Split('|');
            var name = deliveryNames?.Invoke(market, f[0]) ?? f[0];
            return new DeliveryQuote(f[0], name, decimal.Parse(f[1], NumberStyles.Number, CultureInfo.InvariantCulture), f[2], f[3] == "1");
        }

        /// <summary>
        /// Offers listed on <paramref name="baseMarket"/> that have no share record for <paramref name="market"/>
        /// (the NotRequested state of the seller's filter), in id order.
        /// </summary>
        public List<Offer> QueryUnshared(string market, string baseMarket, IReadOnlyList<string>? offerIds, IReadOnlyList<OfferStatus>? statuses,
            string? afterOfferId, int limit)
        {
            using var cmd = NewCommand("");
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
                arms.Add("SELECT " + OfferColumnsAliased + " FROM offers o WHERE " + string.Join(" AND ", where));
            }
            cmd.CommandText = Compound(arms, ids != null && ids.MayOverlap && arms.Count > 1, limit, orderColumn: 1);
            QueryObserver?.Invoke(cmd);
            return ReadAll(cmd, ReadOffer);
        }

        /// <summary>What the visibility check needs of an offer's share on the checked market.</summary>
        public readonly struct ShareSummary
        {
            public ShareSummary(ShareState state, bool hasPrice, bool autoTranslate, bool hasReasons)
            {
                State = state; HasPrice = hasPrice; AutoTranslate = autoTranslate; HasReasons = hasReasons;
            }
            public ShareState State { get; }
            public bool HasPrice { get; }
            public bool AutoTranslate { get; }
            public bool HasReasons { get; }
        }

        /// <summary>
        /// One page of the offers listed on <paramref name="baseMarket"/> in id order, each with a summary of its share on
        /// <paramref name="market"/> (null: none): one statement instead of a share lookup per offer.
        /// </summary>
        public List<(Offer Offer, ShareSummary? Share)> QueryOffersWithShare(string baseMarket, string market, string? afterOfferId, int limit)
        {
            using var cmd = NewCommand("SELECT " + OfferColumnsAliased + ", s.state, CASE WHEN s.price IS NOT NULL THEN 1 ELSE 0 END, s.auto_translate, CASE WHEN s.reasons <> '' THEN 1 ELSE 0 END " +
                "FROM offers o LEFT JOIN shares s ON s.market = @mk AND s.offer_id = o.offer_id WHERE o.market = @base" +
                (afterOfferId != null ? " AND o.offer_id > @after" : "") +
                " ORDER BY o.offer_id LIMIT " + limit.ToString(CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("@base", baseMarket);
            cmd.Parameters.AddWithValue("@mk", market);
            if (afterOfferId != null) cmd.Parameters.AddWithValue("@after", afterOfferId);
            QueryObserver?.Invoke(cmd);
            return ReadAll(cmd, r =>
            {
                int c = OfferColumnCount;
                ShareSummary? share = r.IsDBNull(c) ? (ShareSummary?)null
                    : new ShareSummary(StoredEnum<ShareState>.Parse(r.GetString(c)), r.GetInt64(c + 1) != 0, r.GetInt64(c + 2) != 0, r.GetInt64(c + 3) != 0);
                return (ReadOffer(r), share);
            });
        }

        private static readonly int OfferColumnCount = OfferColumns.Split(',').Length;

        private static readonly string OfferColumnsAliased = "o." + OfferColumns.Replace(", ", ", o.");
    }
}
