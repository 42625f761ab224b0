using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ListingPs.Core.Model;
using static ListingPs.Core.Workspace.WorkspaceStore;

namespace ListingPs.Core.Workspace
{
    /// <summary>The fields of a stored share that Submit-Offer and Set-OfferCzkPrice decide on.</summary>
    internal sealed class StoredShare
    {
        /// <summary>Stands for reasons that were not read: the reason index is cleared and written again.</summary>
        internal static readonly string UnknownReasons = new string('?', 1);

        public StoredShare(ShareState state, decimal? price, PriceSource priceSource, bool autoTranslate, string reasons)
        {
            State = state; Price = price; PriceSource = priceSource; AutoTranslate = autoTranslate; Reasons = reasons;
        }

        /// <summary>What a share record read earlier says of the stored share.</summary>
        public static StoredShare From(ShareRecord r) => new StoredShare(r.State, r.Price, r.PriceSource, r.AutoTranslate, ReasonCodes.Encode(r.Reasons));

        public ShareState State { get; }
        public decimal? Price { get; }
        public PriceSource PriceSource { get; }
        public bool AutoTranslate { get; }
        /// <summary>The reasons as stored (<see cref="ReasonCodes.Encode"/>); empty when none.</summary>
        public string Reasons { get; }
    }

    /// <summary>The shares and share_reasons tables, through the session's statements and transaction (<see cref="WorkspaceStore.Shares"/>).</summary>
    internal sealed class ShareStore : IShareStore
    {
        private readonly WorkspaceStore _ws;

        internal ShareStore(WorkspaceStore session) { _ws = session; }

        internal const string Columns =
            "s.market, s.offer_id, s.state, s.reasons, s.price, s.currency, s.price_source, s.base_price, s.base_currency, " +
            "s.exchange_rate, s.rate_source, s.translation, s.auto_translate, s.delivery, s.warnings, s.updated_at, o.status";

        /// <summary>
        /// The share record of the offer on the market. <paramref name="deliveryNames"/> gives a delivery method's display
        /// name by (market, method id), from the caller's rules (the workspace holds no rules); without it the name is the id.
        /// </summary>
        public ShareRecord? Get(string market, string offerId, Func<string, string, string>? deliveryNames = null)
        {
            var cmd = _ws.CachedCommand("share.get",
                "SELECT " + Columns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.market = @m AND s.offer_id = @id",
                "@m", "@id");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = offerId;
            using var r = cmd.ExecuteReader();
            return r.Read() ? Read(r, deliveryNames) : null;
        }

        /// <summary>The offer's share records by market; <paramref name="deliveryNames"/> as for <see cref="Get"/>.</summary>
        public List<ShareRecord> GetForOffer(string offerId, Func<string, string, string>? deliveryNames = null)
        {
            var cmd = _ws.CachedCommand("share.byOffer",
                "SELECT " + Columns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.offer_id = @id ORDER BY s.market",
                "@id");
            cmd.Parameters[0].Value = offerId;
            var list = new List<ShareRecord>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(Read(r, deliveryNames));
            return list;
        }

        /// <summary>Writes the share and its reason index. <paramref name="hadReasons"/>: the stored share may have reasons to clear.</summary>
        public void Upsert(ShareRecord s, bool autoTranslate, bool hadReasons = true) =>
            Write(s, autoTranslate, hadReasons ? StoredShare.UnknownReasons : null);

        /// <summary>
        /// Writes the share; the reason index is rewritten only when the reasons differ from <paramref name="storedReasons"/> (the
        /// stored share's encoded reasons; null when no share is stored, <see cref="StoredShare.UnknownReasons"/> when unknown).
        /// </summary>
        internal void Write(ShareRecord s, bool autoTranslate, string? storedReasons)
        {
            _ws.BeginWrite();
            var reasons = ReasonCodes.Encode(s.Reasons);
            var st = _ws.Statement("share.upsert",
                "INSERT INTO shares(market, offer_id, state, reasons, price, currency, price_source, base_price, base_currency, exchange_rate, rate_source, translation, auto_translate, delivery, warnings, updated_at) " +
                "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16) ON CONFLICT(market, offer_id) DO UPDATE SET " +
                "state = excluded.state, reasons = excluded.reasons, price = excluded.price, currency = excluded.currency, " +
                "price_source = excluded.price_source, base_price = excluded.base_price, base_currency = excluded.base_currency, " +
                "exchange_rate = excluded.exchange_rate, rate_source = excluded.rate_source, translation = excluded.translation, " +
                "auto_translate = excluded.auto_translate, delivery = excluded.delivery, warnings = excluded.warnings, updated_at = excluded.updated_at");
            st.Text(1, s.Market).Text(2, s.OfferId).Text(3, StoredEnum<ShareState>.Name(s.State)).Text(4, reasons)
              .Text(5, DecimalText(s.Price)).Text(6, s.Currency).Text(7, StoredEnum<PriceSource>.Name(s.PriceSource))
              .Text(8, DecimalText(s.BasePrice)).Text(9, s.BaseCurrency).Text(10, DecimalText(s.ExchangeRate)).Text(11, s.RateSource)
              .Text(12, StoredEnum<TranslationKind>.Name(s.Translation)).Int(13, autoTranslate ? 1 : 0)
              .Text(14, EncodeDelivery(s.Delivery)).Text(15, JoinWarnings(s.Warnings)).Text(16, Stamp(s.UpdatedAt));
            st.Execute();

            // The index is rewritten only when the reasons changed (or were not read: UnknownReasons).
            if (storedReasons != null && !ReferenceEquals(storedReasons, StoredShare.UnknownReasons) && storedReasons == reasons) return;
            if (storedReasons != null && storedReasons.Length > 0)
            {
                var del = _ws.Statement("reason.clear", "DELETE FROM share_reasons WHERE market = ?1 AND offer_id = ?2");
                del.Text(1, s.Market).Text(2, s.OfferId).Execute();
            }
            if (s.Reasons.Count > 0)
            {
                var ins = _ws.Statement("reason.add", "INSERT INTO share_reasons(market, code, offer_id) VALUES(?1,?2,?3) ON CONFLICT DO NOTHING");
                for (int i = 0; i < s.Reasons.Count; i++)
                    ins.Text(1, s.Market).Text(2, s.Reasons[i].Code).Text(3, s.OfferId).Execute();
            }
        }

        /// <summary>What a write needs to know of a stored share; read with the offer (<see cref="OfferStore.Get(string, string, out StoredShare)"/>).</summary>
        internal StoredShare? GetStored(string market, string offerId)
        {
            var st = _ws.Statement("share.stored", "SELECT " + StoredColumns + " FROM shares s WHERE s.market = ?1 AND s.offer_id = ?2");
            st.Text(1, market).Text(2, offerId);
            try { return st.Read() ? ReadStored(st, 0) : null; }
            finally { st.Reset(); }
        }

        internal const string StoredColumns = "s.state, s.price, s.price_source, s.auto_translate, s.reasons";

        internal static StoredShare? ReadStored<TRow>(TRow r, int first) where TRow : IStoredRow
        {
            if (r.IsNull(first)) return null; // LEFT JOIN: no share
            return new StoredShare(
                StoredEnum<ShareState>.Parse(r.GetString(first)),
                ReadDecimal(r.GetText(first + 1)),
                StoredEnum<PriceSource>.Parse(r.GetString(first + 2)),
                r.GetInt64(first + 3) != 0,
                r.GetString(first + 4));
        }

        private static string JoinWarnings(IReadOnlyList<string> warnings) =>
            warnings.Count == 0 ? "" : warnings.Count == 1 ? warnings[0] : string.Join("\n", warnings);

        private static string EncodeDelivery(IReadOnlyList<DeliveryQuote> quotes)
        {
            if (quotes.Count == 0) return "";
            var sb = new StringBuilder();
            for (int i = 0; i < quotes.Count; i++)
            {
                if (i > 0) sb.Append(';');
                var q = quotes[i];
                sb.Append(q.Method).Append('|').Append(q.Price.ToString(CultureInfo.InvariantCulture)).Append('|')
                  .Append(q.Currency).Append('|').Append(q.Converted ? '1' : '0');
            }
            return sb.ToString();
        }

        /// <summary>The shares of <paramref name="market"/> for offers from <paramref name="fromId"/> to <paramref name="toId"/> (a page of source offers), by offer id: one read per page instead of one per offer. <paramref name="deliveryNames"/> as for <see cref="Get"/>.</summary>
        public Dictionary<string, ShareRecord> GetInRange(string market, string fromId, string toId, Func<string, string, string>? deliveryNames = null)
        {
            var cmd = _ws.CachedCommand("conn.share.range",
                "SELECT " + Columns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.market = @m AND s.offer_id >= @from AND s.offer_id <= @to",
                "@m", "@from", "@to");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = fromId;
            cmd.Parameters[2].Value = toId;
            var d = new Dictionary<string, ShareRecord>(StringComparer.Ordinal);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var share = Read(r, deliveryNames);
                d[share.OfferId] = share;
            }
            return d;
        }

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
        public List<ShareRecord> Query(ShareQuery q, Func<string, string, string>? deliveryNames = null)
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
                using var cmd = _ws.NewCommand("");
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
                        select = "SELECT r.market, r.offer_id, " + Columns.Substring(Columns.IndexOf("s.state", StringComparison.Ordinal)) +
                            " FROM share_reasons r " + (_ws.IsPostgres ? "JOIN" : "CROSS JOIN") + " shares s ON s.market = r.market AND s.offer_id = r.offer_id JOIN offers o ON o.offer_id = s.offer_id";
                        driver = "r.market = @m AND r.code = @d" + d;
                        cmd.Parameters.AddWithValue("@d" + d, drivers[d]);
                    }
                    else
                    {
                        // Per state, the index seeks to (market, state, cursor): without it SQLite may walk the primary
                        // key from the cursor and skip the other states' rows (25 rows read per Pending record at 1M).
                        select = "SELECT " + Columns + " FROM shares s" + (byState && !_ws.IsPostgres ? " INDEXED BY shares_state" : "") +
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
                _ws.QueryObserver?.Invoke(cmd);
                using (var r = cmd.ExecuteReader())
                    while (r.Read()) result.Add(Read(r, deliveryNames));
                if (limit.HasValue && result.Count >= limit.Value) break;
            }
            return result;
        }

        private void ReadSharesOfIds(ShareQuery q, List<string> ids, List<string>? states, List<string>? reasons, List<string>? statuses,
            int? limit, Func<string, string, string>? deliveryNames, List<ShareRecord> result)
        {
            using var cmd = _ws.NewCommand("");
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
            cmd.CommandText = "SELECT " + Columns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE " + string.Join(" AND ", where) +
                " ORDER BY s.market, s.offer_id" + (limit.HasValue ? " LIMIT " + limit.Value.ToString(CultureInfo.InvariantCulture) : "");
            _ws.QueryObserver?.Invoke(cmd);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result.Add(Read(r, deliveryNames));
        }

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
                using (var cmd = _ws.NewCommand(current == null
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

        /// <summary>Counts shares by state for a market (used by summaries and the report).</summary>
        public Dictionary<ShareState, long> CountByState(string market)
        {
            var result = new Dictionary<ShareState, long>();
            using var cmd = _ws.NewCommand("SELECT state, count(*) FROM shares WHERE market = @m GROUP BY state");
            cmd.Parameters.AddWithValue("@m", market);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result[StoredEnum<ShareState>.Parse(r.GetString(0))] = r.GetInt64(1);
            return result;
        }

        /// <summary>Counts shares by reason code for a market.</summary>
        public Dictionary<string, long> CountByReason(string market)
        {
            var result = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            using var cmd = _ws.NewCommand("SELECT code, count(*) FROM share_reasons WHERE market = @m GROUP BY code");
            cmd.Parameters.AddWithValue("@m", market);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result[r.GetString(0)] = r.GetInt64(1);
            return result;
        }

        internal static ShareRecord Read(DbDataReader r, Func<string, string, string>? deliveryNames)
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
    }
}
