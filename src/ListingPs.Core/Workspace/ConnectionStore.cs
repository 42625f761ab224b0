using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Rules;
using ListingPs.Core.Model;
using static ListingPs.Core.Workspace.WorkspaceStore;

namespace ListingPs.Core.Workspace
{
    /// <summary>The connections, connection_targets and connection_offers tables, through the session's statements and transaction (<see cref="WorkspaceStore.Connections"/>).</summary>
    internal sealed class ConnectionStore : IConnectionStore
    {
        private readonly WorkspaceStore _ws;

        internal ConnectionStore(WorkspaceStore session) { _ws = session; }

        private const string ConnectionColumns = "connection_id, source, platform, region, rules, created_at, obligations_at, synced_at, summary";

        /// <summary>Connections in creation order; <paramref name="ids"/> may hold wildcards.</summary>
        public List<MarketConnection> Query(IReadOnlyList<string>? ids = null)
        {
            using var cmd = _ws.NewCommand("");
            var where = new List<string>();
            AddIdFilter(cmd, where, "connection_id", ids);
            cmd.CommandText = "SELECT " + ConnectionColumns + " FROM connections" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY seq";
            var list = ReadAll(cmd, ReadConnection);
            foreach (var c in list) c.TargetMarkets = GetTargets(c.ConnectionId);
            return list;
        }

        public MarketConnection? Get(string connectionId)
        {
            var list = Query(new[] { connectionId });
            return list.Count == 0 ? null : list[0];
        }

        /// <summary>The connection <paramref name="market"/> is a target of, or null.</summary>
        public string? OfTarget(string market)
        {
            var cmd = _ws.CachedCommand("conn.byTarget", "SELECT connection_id FROM connection_targets WHERE target = @m", "@m");
            cmd.Parameters[0].Value = market;
            return cmd.ExecuteScalar() as string;
        }

        public List<string> GetTargets(string connectionId)
        {
            var cmd = _ws.CachedCommand("conn.targets", "SELECT target FROM connection_targets WHERE connection_id = @c ORDER BY position", "@c");
            cmd.Parameters[0].Value = connectionId;
            var list = new List<string>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(r.GetString(0));
            return list;
        }

        /// <summary>The next connection number (1, 2, ...): never reused, also after a connection was removed.</summary>
        public long NextNumber()
        {
            using var cmd = _ws.NewCommand("SELECT " + (_ws.IsPostgres ? "greatest" : "max") + "(coalesce((SELECT max(seq) FROM connections), 0), " +
                "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'connections.last'), 0)) + 1");
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        public void Insert(MarketConnection c, long number)
        {
            _ws.BeginWrite();
            using var cmd = _ws.NewCommand("INSERT INTO connections(connection_id, seq, source, platform, region, rules, created_at, obligations_at, synced_at, summary) " +
                "VALUES(@id, @seq, @src, @pf, @rg, @rules, @at, @ob, @sync, @sum)");
            cmd.Parameters.AddWithValue("@id", c.ConnectionId);
            cmd.Parameters.AddWithValue("@seq", number);
            cmd.Parameters.AddWithValue("@src", c.SourceMarket);
            cmd.Parameters.AddWithValue("@pf", c.Platform);
            cmd.Parameters.AddWithValue("@rg", c.Region);
            cmd.Parameters.AddWithValue("@rules", c.Rules.ToYaml());
            cmd.Parameters.AddWithValue("@at", Stamp(c.CreatedAt));
            cmd.Parameters.AddWithValue("@ob", Stamp(c.ObligationsAcceptedAt));
            cmd.Parameters.AddWithValue("@sync", c.SyncedAt.HasValue ? (object)Stamp(c.SyncedAt.Value) : DBNull.Value);
            cmd.Parameters.AddWithValue("@sum", c.Summary.Encode());
            cmd.ExecuteNonQuery();
            using var last = _ws.NewCommand(Upsert("meta", "key, value", "key", "'connections.last', @n"));
            last.Parameters.AddWithValue("@n", number.ToString(CultureInfo.InvariantCulture));
            last.ExecuteNonQuery();
        }

        public void Update(MarketConnection c)
        {
            _ws.BeginWrite();
            using var cmd = _ws.NewCommand("UPDATE connections SET rules = @rules, obligations_at = @ob, synced_at = @sync, summary = @sum WHERE connection_id = @id");
            cmd.Parameters.AddWithValue("@id", c.ConnectionId);
            cmd.Parameters.AddWithValue("@rules", c.Rules.ToYaml());
            cmd.Parameters.AddWithValue("@ob", Stamp(c.ObligationsAcceptedAt));
            cmd.Parameters.AddWithValue("@sync", c.SyncedAt.HasValue ? (object)Stamp(c.SyncedAt.Value) : DBNull.Value);
            cmd.Parameters.AddWithValue("@sum", c.Summary.Encode());
            cmd.ExecuteNonQuery();
        }

        public void AddTarget(string connectionId, string target, int position, DateTimeOffset at)
        {
            _ws.BeginWrite();
            using var cmd = _ws.NewCommand("INSERT INTO connection_targets(target, connection_id, position, added_at) VALUES(@t, @c, @p, @at)");
            cmd.Parameters.AddWithValue("@t", target);
            cmd.Parameters.AddWithValue("@c", connectionId);
            cmd.Parameters.AddWithValue("@p", position);
            cmd.Parameters.AddWithValue("@at", Stamp(at));
            cmd.ExecuteNonQuery();
        }

        /// <summary>Deletes the connection, its targets and every row of its status report.</summary>
        public bool Delete(string connectionId)
        {
            _ws.BeginWrite();
            using (var rows = _ws.NewCommand("DELETE FROM connection_offers WHERE target IN (SELECT target FROM connection_targets WHERE connection_id = @c); " +
                "DELETE FROM connection_targets WHERE connection_id = @c;"))
            {
                rows.Parameters.AddWithValue("@c", connectionId);
                rows.ExecuteNonQuery();
            }
            using var cmd = _ws.NewCommand("DELETE FROM connections WHERE connection_id = @c");
            cmd.Parameters.AddWithValue("@c", connectionId);
            return cmd.ExecuteNonQuery() > 0;
        }

        private MarketConnection ReadConnection(DbDataReader r)
        {
            var id = r.GetString(0);
            return new MarketConnection
            {
                ConnectionId = id,
                SourceMarket = r.GetString(1),
                Platform = r.GetString(2),
                Region = r.GetString(3),
                Rules = ConnectionRuleLoader.Parse(r.GetString(4), "connection " + id, null),
                CreatedAt = ReadStamp(r, 5),
                ObligationsAcceptedAt = ReadStamp(r, 6),
                SyncedAt = r.IsDBNull(7) ? (DateTimeOffset?)null : ReadStamp(r, 7),
                Summary = ConnectionSummary.Decode(r.GetString(8)),
            };
        }

        /// <summary>
        /// True when something the connection depends on changed since it was last processed: a source offer was added,
        /// updated or removed, an exchange rate was set, or a target's catalogue was imported.
        /// </summary>
        /// <param name="liveRowsOfFirstTarget">The first target's rows not removed, when the caller has counted them (<see cref="TallyRows"/>); else they are counted here.</param>
        public bool IsSyncDue(MarketConnection c, long? liveRowsOfFirstTarget = null)
        {
            if (!c.SyncedAt.HasValue) return true;
            var cmd = _ws.CachedCommand("conn.due",
                "SELECT EXISTS(SELECT 1 FROM offers WHERE market = @src AND updated_at > @since) " +
                "OR EXISTS(SELECT 1 FROM exchange_rates WHERE set_at > @since) " +
                "OR EXISTS(SELECT 1 FROM catalog_markets m JOIN connection_targets t ON t.target = m.market WHERE t.connection_id = @c AND m.imported_at > @since) " +
                "OR EXISTS(SELECT 1 FROM fba_inventory f JOIN connection_targets t ON t.target = f.market WHERE t.connection_id = @c AND f.updated_at > @since)",
                "@src", "@since", "@c");
            cmd.Parameters[0].Value = c.SourceMarket;
            cmd.Parameters[1].Value = Stamp(c.SyncedAt.Value);
            cmd.Parameters[2].Value = c.ConnectionId;
            if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) != 0) return true;
            if (c.TargetMarkets.Count == 0) return false;
            // Added or removed source offers: the first target's live rows no longer match the source's offers.
            var offers = _ws.CachedCommand("conn.due.offers", "SELECT count(*) FROM offers WHERE market = @src", "@src");
            offers.Parameters[0].Value = c.SourceMarket;
            long sourceOffers = Convert.ToInt64(offers.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (!liveRowsOfFirstTarget.HasValue)
            {
                var live = _ws.CachedCommand("conn.due.live", "SELECT count(*) FROM connection_offers WHERE target = @t AND offer_state <> 'Removed'", "@t");
                live.Parameters[0].Value = c.TargetMarkets[0];
                liveRowsOfFirstTarget = Convert.ToInt64(live.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            return sourceOffers != liveRowsOfFirstTarget.Value;
        }

        private const string RowColumns =
            "connection_id, target, sku, product_id, status, reason, reason_params, price, currency, price_source, pricing, source_price, " +
            "source_currency, rate, rate_source, fulfillment, offer_state, synced_at";

        public ConnectionReportRow? GetRow(string target, string sku)
        {
            var cmd = _ws.CachedCommand("conn.row.get", "SELECT " + RowColumns + " FROM connection_offers WHERE target = @t AND sku = @s", "@t", "@s");
            cmd.Parameters[0].Value = target;
            cmd.Parameters[1].Value = sku;
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadRow(r, null) : null;
        }

        /// <summary>The rows of <paramref name="target"/> for SKUs from <paramref name="fromSku"/> to <paramref name="toSku"/> (a page of source offers), by SKU.</summary>
        public Dictionary<string, ConnectionReportRow> GetRows(string target, string fromSku, string toSku, string sourceMarket)
        {
            var cmd = _ws.CachedCommand("conn.row.range",
                "SELECT " + RowColumns + " FROM connection_offers WHERE target = @t AND sku >= @from AND sku <= @to", "@t", "@from", "@to");
            cmd.Parameters[0].Value = target;
            cmd.Parameters[1].Value = fromSku;
            cmd.Parameters[2].Value = toSku;
            var d = new Dictionary<string, ConnectionReportRow>(StringComparer.Ordinal);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var row = ReadRow(r, sourceMarket);
                d[row.Sku] = row;
            }
            return d;
        }

        public void UpsertRow(ConnectionReportRow row)
        {
            _ws.BeginWrite();
            // The connection, target and currencies are the same for every row of a target: they are part of the statement
            // (one prepared statement per target) instead of four more parameters bound and encoded for every row.
            if (!(row.ConnectionId == _rowConnection && row.TargetMarket == _rowTarget && row.Currency == _rowCurrency && row.SourceCurrency == _rowSourceCurrency))
            {
                _rowConnection = row.ConnectionId; _rowTarget = row.TargetMarket; _rowCurrency = row.Currency; _rowSourceCurrency = row.SourceCurrency;
                _rowKey = "conn.row.upsert\n" + _rowConnection + "\n" + _rowTarget + "\n" + _rowCurrency + "\n" + _rowSourceCurrency;
                _rowSql = Upsert("connection_offers", RowColumns, "target, sku", Literal(_rowConnection) + "," + Literal(_rowTarget) +
                    ",@s,@p,@st,@r,@rp,@price," + Literal(_rowCurrency) + ",@ps,@rule,@sp," + Literal(_rowSourceCurrency) + ",@rate,@rs,@ful,@os,@at");
            }
            var cmd = _ws.CachedCommand(_rowKey!, _rowSql!, "@s", "@p", "@st", "@r", "@rp", "@price", "@ps", "@rule", "@sp", "@rate", "@rs", "@ful", "@os", "@at");
            var p = cmd.Parameters;
            p[0].Value = row.Sku;
            p[1].Value = OrNull(row.ProductId);
            p[2].Value = StatusText(row.Status);
            p[3].Value = row.Reason;
            p[4].Value = EncodedParameters(row.ReasonParameters);
            p[5].Value = OrNull(DecimalText(row.Price));
            p[6].Value = PriceSourceText(row.PriceSource);
            p[7].Value = row.PricingRule;
            p[8].Value = OrNull(DecimalText(row.SourcePrice));
            p[9].Value = OrNull(DecimalText(row.ExchangeRate));
            p[10].Value = OrNull(row.RateSource);
            p[11].Value = row.Fulfillment == FulfillmentMethod.FBA ? "FBA" : "Merchant";
            p[12].Value = StateText(row.TargetOfferState);
            p[13].Value = RowStamp(row.SyncDate);
            cmd.ExecuteNonQuery();
        }

        private string? _rowConnection, _rowTarget, _rowCurrency, _rowSourceCurrency, _rowKey, _rowSql;

        /// <summary>A text as an SQL string literal.</summary>
        private static string Literal(string? value) => value == null ? "NULL" : "'" + value.Replace("'", "''") + "'";

        // A processing run writes many rows with the same sync time and the same (shared) reason parameters: the texts are
        // made once, not per row.
        private DateTimeOffset _rowStampAt;
        private string? _rowStamp;
        private IReadOnlyDictionary<string, string>? _encodedFor;
        private string _encoded = "";

        private string RowStamp(DateTimeOffset at)
        {
            if (_rowStamp == null || at != _rowStampAt || at.Offset != _rowStampAt.Offset) { _rowStamp = Stamp(at); _rowStampAt = at; }
            return _rowStamp;
        }

        private string EncodedParameters(IReadOnlyDictionary<string, string> p)
        {
            if (p.Count == 0) return "";
            if (!(p is TextMap)) return ConnectionReasons.EncodeParameters(p); // only the immutable maps are remembered
            if (!ReferenceEquals(p, _encodedFor)) { _encoded = ConnectionReasons.EncodeParameters(p); _encodedFor = p; }
            return _encoded;
        }

        public void DeleteRow(string target, string sku)
        {
            _ws.BeginWrite();
            var cmd = _ws.CachedCommand("conn.row.delete", "DELETE FROM connection_offers WHERE target = @t AND sku = @s", "@t", "@s");
            cmd.Parameters[0].Value = target;
            cmd.Parameters[1].Value = sku;
            cmd.ExecuteNonQuery();
        }

        /// <summary>Rows of <paramref name="target"/> not yet removed whose source offer is no longer on <paramref name="sourceMarket"/>, in SKU order.</summary>
        public List<ConnectionReportRow> RowsWithoutSource(string connectionId, string target, string sourceMarket, string? afterSku, int limit)
        {
            using var cmd = _ws.NewCommand("SELECT " + RowColumns + " FROM connection_offers c WHERE c.connection_id = @c AND c.target = @t AND c.offer_state <> 'Removed' " +
                (afterSku != null ? "AND c.sku > @after " : "") +
                "AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.offer_id = c.sku AND o.market = @src) ORDER BY c.sku LIMIT " + limit.ToString(CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("@c", connectionId);
            cmd.Parameters.AddWithValue("@t", target);
            cmd.Parameters.AddWithValue("@src", sourceMarket);
            if (afterSku != null) cmd.Parameters.AddWithValue("@after", afterSku);
            return ReadAll(cmd, r => ReadRow(r, sourceMarket));
        }

        /// <summary>One page of report rows, ordered by target and SKU.</summary>
        public List<ConnectionReportRow> QueryRows(ConnectionReportQuery q, Func<string, string>? sourceOf = null)
        {
            using var cmd = _ws.NewCommand("");
            var where = new List<string>();
            if (q.ConnectionIds != null && q.ConnectionIds.Count > 0)
            {
                var sub = new List<string>();
                AddPatternFilter(cmd, sub, "connection_id", "@cid", q.ConnectionIds);
                where.Add("target IN (SELECT target FROM connection_targets WHERE " + sub[0] + ")");
            }
            AddInFilter(cmd, where, "target", "@tm", q.TargetMarkets);
            if (q.Statuses != null && q.Statuses.Count > 0)
            {
                var s = new List<string>();
                foreach (var st in q.Statuses) s.Add(StatusText(st));
                AddInFilter(cmd, where, "status", "@st", s);
            }
            AddInFilter(cmd, where, "reason", "@rs", q.Reasons);
            AddPatternFilter(cmd, where, "sku", "@sku", q.Skus);
            if (q.After.HasValue)
            {
                where.Add("(target > @at OR (target = @at AND sku > @as))");
                cmd.Parameters.AddWithValue("@at", q.After.Value.Target);
                cmd.Parameters.AddWithValue("@as", q.After.Value.Sku);
            }
            cmd.CommandText = "SELECT " + RowColumns + " FROM connection_offers" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
                " ORDER BY target, sku" + (q.Limit.HasValue ? " LIMIT " + q.Limit.Value.ToString(CultureInfo.InvariantCulture) : "");
            // The rows first, then their connections' sources: a source may be read from the workspace, and PostgreSQL runs one
            // statement at a time on a connection.
            var rows = ReadAll(cmd, r => ReadRow(r, null));
            var sources = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (!sources.TryGetValue(row.ConnectionId, out var src)) sources[row.ConnectionId] = src = sourceOf?.Invoke(row.ConnectionId) ?? "";
                row.SourceMarket = src;
            }
            return rows;
        }

        /// <summary>
        /// Rows of a connection by status and reason. Counted while the rows stream past, target by target in key order: a
        /// GROUP BY over the rows would sort all of them first, in memory (temp_store=MEMORY), which grew with the assortment
        /// (42 MB of SQLite memory for 600,000 rows).
        /// </summary>
        public List<(SyncStatus Status, string Reason, long Count)> CountRowsByStatusAndReason(string connectionId) => TallyRows(connectionId, null, out _);

        /// <summary>
        /// <see cref="CountRowsByStatusAndReason"/>, and in the same pass the rows of <paramref name="liveTarget"/> that are not
        /// removed (what <see cref="IsSyncDue"/> compares with the source's offers).
        /// </summary>
        public List<(SyncStatus Status, string Reason, long Count)> TallyRows(string connectionId, string? liveTarget, out long live)
        {
            var counts = new Dictionary<(string Status, string Reason), long>();
            var cmd = _ws.CachedCommand("conn.row.tally", "SELECT status, reason, CASE WHEN offer_state <> 'Removed' THEN 1 ELSE 0 END FROM connection_offers WHERE target = @t", "@t");
            live = 0;
            foreach (var target in GetTargets(connectionId))
            {
                bool countLive = liveTarget != null && string.Equals(target, liveTarget, StringComparison.Ordinal);
                cmd.Parameters[0].Value = target;
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    var key = (r.GetString(0), r.GetString(1));
                    counts[key] = (counts.TryGetValue(key, out var n) ? n : 0) + 1;
                    if (countLive && r.GetInt64(2) != 0) live++;
                }
            }
            var list = new List<(SyncStatus, string, long)>(counts.Count);
            foreach (var kv in counts) list.Add((ParseStatus(kv.Key.Status), kv.Key.Reason, kv.Value));
            return list;
        }

        public long CountRows(string connectionId)
        {
            using var cmd = _ws.NewCommand("SELECT count(*) FROM connection_offers WHERE target IN (SELECT target FROM connection_targets WHERE connection_id = @c)");
            cmd.Parameters.AddWithValue("@c", connectionId);
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        /// <summary>Exact values use IN; PowerShell wildcards (* and ?) become LIKE patterns. Parameters are named after <paramref name="prefix"/>.</summary>
        private static void AddPatternFilter(DbCommand cmd, List<string> where, string column, string prefix, IReadOnlyList<string>? values)
        {
            if (values == null || values.Count == 0) return;
            var parts = new List<string>();
            var exact = new List<string>();
            for (int i = 0; i < values.Count; i++)
            {
                var v = values[i];
                if (v.IndexOf('*') >= 0 || v.IndexOf('?') >= 0)
                {
                    var name = prefix + "l" + i.ToString(CultureInfo.InvariantCulture);
                    cmd.Parameters.AddWithValue(name, ToLike(v));
                    parts.Add(column + " " + Like(cmd) + " " + name + " ESCAPE '\\'");
                }
                else
                {
                    var name = prefix + "e" + i.ToString(CultureInfo.InvariantCulture);
                    cmd.Parameters.AddWithValue(name, v);
                    exact.Add(name);
                }
            }
            if (exact.Count > 0) parts.Insert(0, column + " IN (" + string.Join(",", exact) + ")");
            where.Add("(" + string.Join(" OR ", parts) + ")");
        }

        private static ConnectionReportRow ReadRow(DbDataReader r, string? sourceMarket)
        {
            var row = new ConnectionReportRow
            {
                ConnectionId = r.GetString(0),
                TargetMarket = r.GetString(1),
                Sku = r.GetString(2),
                ProductId = ReadStr(r, 3),
                Status = ParseStatus(r.GetString(4)),
                Reason = r.GetString(5),
                ReasonParameters = ConnectionReasons.DecodeParameters(r.GetString(6)),
                Price = ReadDecimal(r, 7),
                Currency = r.GetString(8),
                PriceSource = ParsePriceSource(r.GetString(9)),
                PricingRule = r.GetString(10),
                SourcePrice = ReadDecimal(r, 11),
                SourceCurrency = r.GetString(12),
                ExchangeRate = ReadDecimal(r, 13),
                RateSource = ReadStr(r, 14),
                Fulfillment = r.GetString(15) == "FBA" ? FulfillmentMethod.FBA : FulfillmentMethod.Merchant,
                TargetOfferState = ParseState(r.GetString(16)),
                SyncDate = ReadStamp(r, 17),
                SourceMarket = sourceMarket ?? "",
            };
            return row;
        }

        private static string StatusText(SyncStatus s) => s == SyncStatus.Synchronized ? "Synchronized" : s == SyncStatus.NotSynchronized ? "NotSynchronized" : "Disconnected";

        private static SyncStatus ParseStatus(string s) => s == "Synchronized" ? SyncStatus.Synchronized : s == "NotSynchronized" ? SyncStatus.NotSynchronized : SyncStatus.Disconnected;

        private static string PriceSourceText(TargetPriceSource s) => s == TargetPriceSource.Rule ? "Rule" : s == TargetPriceSource.Manual ? "Manual" : "None";

        private static TargetPriceSource ParsePriceSource(string s) => s == "Rule" ? TargetPriceSource.Rule : s == "Manual" ? TargetPriceSource.Manual : TargetPriceSource.None;

        private static string StateText(TargetOfferState s)
        {
            switch (s)
            {
                case TargetOfferState.Active: return "Active";
                case TargetOfferState.Inactive: return "Inactive";
                case TargetOfferState.Removed: return "Removed";
                default: return "None";
            }
        }

        private static TargetOfferState ParseState(string s) =>
            s == "Active" ? TargetOfferState.Active : s == "Inactive" ? TargetOfferState.Inactive : s == "Removed" ? TargetOfferState.Removed : TargetOfferState.None;
    }
}
