using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Rules;
using ListingPs.Core.Model;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>Market connections in the workspace: connections and their targets, one row per source offer x target, catalogues, FBA inventory, the seller profile.</summary>
    public sealed partial class WorkspaceStore
    {
        partial void InitializeExtensions(DbTransaction tx)
        {
            Exec(Ddl(@"
CREATE TABLE IF NOT EXISTS seller_profile(
  id INTEGER PRIMARY KEY CHECK (id = 1), seller_name TEXT, linked_regions TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connections(
  connection_id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, source TEXT NOT NULL UNIQUE, platform TEXT NOT NULL,
  region TEXT NOT NULL, rules TEXT NOT NULL, created_at TEXT NOT NULL, obligations_at TEXT NOT NULL, synced_at TEXT,
  summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connection_targets(
  target TEXT PRIMARY KEY, connection_id TEXT NOT NULL, position INTEGER NOT NULL, added_at TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS connection_targets_conn ON connection_targets(connection_id, position);
CREATE TABLE IF NOT EXISTS connection_offers(
  target TEXT NOT NULL, sku TEXT NOT NULL, connection_id TEXT NOT NULL, product_id TEXT, status TEXT NOT NULL,
  reason TEXT NOT NULL, reason_params TEXT NOT NULL, price TEXT, currency TEXT NOT NULL, price_source TEXT NOT NULL,
  pricing TEXT NOT NULL, source_price TEXT, source_currency TEXT NOT NULL, rate TEXT, rate_source TEXT,
  fulfillment TEXT NOT NULL, offer_state TEXT NOT NULL, synced_at TEXT NOT NULL,
  PRIMARY KEY(target, sku)) WITHOUT ROWID;
-- A target belongs to one connection: rows are found by target (the key), never by a second index that every write would pay for.
CREATE TABLE IF NOT EXISTS catalog_markets(market TEXT PRIMARY KEY, imported_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fba_inventory(
  market TEXT NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY(market, sku)) WITHOUT ROWID;
"), tx);
            // A product id matches whatever the case of its ASCII letters (ASINs are upper case, files are not always): SQLite's
            // NOCASE collation; on PostgreSQL the key is the id in lower case (ASCII letters only under COLLATE "C", as NOCASE).
            Exec(IsPostgres
                ? Ddl(@"CREATE TABLE IF NOT EXISTS catalog_products(
  market TEXT NOT NULL, product_id TEXT NOT NULL, product_key TEXT GENERATED ALWAYS AS (lower(product_id)) STORED,
  PRIMARY KEY(market, product_key));")
                : @"CREATE TABLE IF NOT EXISTS catalog_products(
  market TEXT NOT NULL, product_id TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY(market, product_id)) WITHOUT ROWID;", tx);
        }

        // ---- seller profile -------------------------------------------------------------------------------------------

        public SellerProfile GetSellerProfile()
        {
            var cmd = CachedCommand("profile.get", "SELECT seller_name, linked_regions, updated_at FROM seller_profile WHERE id = 1");
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return new SellerProfile();
            return new SellerProfile { SellerName = ReadStr(r, 0), LinkedRegions = SplitStored(r.GetString(1)), UpdatedAt = ReadStamp(r, 2) };
        }

        public void SaveSellerProfile(SellerProfile profile)
        {
            BeginWrite();
            var cmd = CachedCommand("profile.set",
                Upsert("seller_profile", "id, seller_name, linked_regions, updated_at", "id", "1, @n, @r, @at"), "@n", "@r", "@at");
            cmd.Parameters[0].Value = OrNull(profile.SellerName);
            cmd.Parameters[1].Value = string.Join(";", profile.LinkedRegions);
            cmd.Parameters[2].Value = Stamp(profile.UpdatedAt ?? DateTimeOffset.UtcNow);
            cmd.ExecuteNonQuery();
            RecordWritten();
        }

        // ---- connections ----------------------------------------------------------------------------------------------

        private const string ConnectionColumns = "connection_id, source, platform, region, rules, created_at, obligations_at, synced_at, summary";

        /// <summary>Connections in creation order; <paramref name="ids"/> may hold wildcards.</summary>
        public List<MarketConnection> QueryConnections(IReadOnlyList<string>? ids = null)
        {
            using var cmd = NewCommand("");
            var where = new List<string>();
            AddIdFilter(cmd, where, "connection_id", ids);
            cmd.CommandText = "SELECT " + ConnectionColumns + " FROM connections" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY seq";
            var list = ReadAll(cmd, ReadConnection);
            foreach (var c in list) c.TargetMarkets = GetConnectionTargets(c.ConnectionId);
            return list;
        }

        public MarketConnection? GetConnection(string connectionId)
        {
            var list = QueryConnections(new[] { connectionId });
            return list.Count == 0 ? null : list[0];
        }

        /// <summary>The connection whose source is <paramref name="market"/>, or null.</summary>
        public string? ConnectionOfSource(string market)
        {
            var cmd = CachedCommand("conn.bySource", "SELECT connection_id FROM connections WHERE source = @m", "@m");
            cmd.Parameters[0].Value = market;
            return cmd.ExecuteScalar() as string;
        }

        /// <summary>The connection <paramref name="market"/> is a target of, or null.</summary>
        public string? ConnectionOfTarget(string market)
        {
            var cmd = CachedCommand("conn.byTarget", "SELECT connection_id FROM connection_targets WHERE target = @m", "@m");
            cmd.Parameters[0].Value = market;
            return cmd.ExecuteScalar() as string;
        }

        public List<string> GetConnectionTargets(string connectionId)
        {
            var cmd = CachedCommand("conn.targets", "SELECT target FROM connection_targets WHERE connection_id = @c ORDER BY position", "@c");
            cmd.Parameters[0].Value = connectionId;
            var list = new List<string>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(r.GetString(0));
            return list;
        }

        /// <summary>The next connection number (1, 2, ...): never reused, also after a connection was removed.</summary>
        public long NextConnectionNumber()
        {
            using var cmd = NewCommand("SELECT " + (IsPostgres ? "greatest" : "max") + "(coalesce((SELECT max(seq) FROM connections), 0), " +
                "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'connections.last'), 0)) + 1");
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        public void InsertConnection(MarketConnection c, long number)
        {
            BeginWrite();
            using var cmd = NewCommand("INSERT INTO connections(connection_id, seq, source, platform, region, rules, created_at, obligations_at, synced_at, summary) " +
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
            using var last = NewCommand(Upsert("meta", "key, value", "key", "'connections.last', @n"));
            last.Parameters.AddWithValue("@n", number.ToString(CultureInfo.InvariantCulture));
            last.ExecuteNonQuery();
        }

        public void UpdateConnection(MarketConnection c)
        {
            BeginWrite();
            using var cmd = NewCommand("UPDATE connections SET rules = @rules, obligations_at = @ob, synced_at = @sync, summary = @sum WHERE connection_id = @id");
            cmd.Parameters.AddWithValue("@id", c.ConnectionId);
            cmd.Parameters.AddWithValue("@rules", c.Rules.ToYaml());
            cmd.Parameters.AddWithValue("@ob", Stamp(c.ObligationsAcceptedAt));
            cmd.Parameters.AddWithValue("@sync", c.SyncedAt.HasValue ? (object)Stamp(c.SyncedAt.Value) : DBNull.Value);
            cmd.Parameters.AddWithValue("@sum", c.Summary.Encode());
            cmd.ExecuteNonQuery();
        }

        public void AddConnectionTarget(string connectionId, string target, int position, DateTimeOffset at)
        {
            BeginWrite();
            using var cmd = NewCommand("INSERT INTO connection_targets(target, connection_id, position, added_at) VALUES(@t, @c, @p, @at)");
            cmd.Parameters.AddWithValue("@t", target);
            cmd.Parameters.AddWithValue("@c", connectionId);
            cmd.Parameters.AddWithValue("@p", position);
            cmd.Parameters.AddWithValue("@at", Stamp(at));
            cmd.ExecuteNonQuery();
        }

        /// <summary>Deletes the connection, its targets and every row of its status report.</summary>
        public bool DeleteConnection(string connectionId)
        {
            BeginWrite();
            using (var rows = NewCommand("DELETE FROM connection_offers WHERE target IN (SELECT target FROM connection_targets WHERE connection_id = @c); " +
                "DELETE FROM connection_targets WHERE connection_id = @c;"))
            {
                rows.Parameters.AddWithValue("@c", connectionId);
                rows.ExecuteNonQuery();
            }
            using var cmd = NewCommand("DELETE FROM connections WHERE connection_id = @c");
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
        /// <param name="liveRowsOfFirstTarget">The first target's rows not removed, when the caller has counted them (<see cref="TallyConnectionRows"/>); else they are counted here.</param>
        public bool IsSyncDue(MarketConnection c, long? liveRowsOfFirstTarget = null)
        {
            if (!c.SyncedAt.HasValue) return true;
            var cmd = CachedCommand("conn.due",
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
            var offers = CachedCommand("conn.due.offers", "SELECT count(*) FROM offers WHERE market = @src", "@src");
            offers.Parameters[0].Value = c.SourceMarket;
            long sourceOffers = Convert.ToInt64(offers.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (!liveRowsOfFirstTarget.HasValue)
            {
                var live = CachedCommand("conn.due.live", "SELECT count(*) FROM connection_offers WHERE target = @t AND offer_state <> 'Removed'", "@t");
                live.Parameters[0].Value = c.TargetMarkets[0];
                liveRowsOfFirstTarget = Convert.ToInt64(live.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            return sourceOffers != liveRowsOfFirstTarget.Value;
        }

        // ---- status report rows ---------------------------------------------------------------------------------------

        private const string RowColumns =
            "connection_id, target, sku, product_id, status, reason, reason_params, price, currency, price_source, pricing, source_price, " +
            "source_currency, rate, rate_source, fulfillment, offer_state, synced_at";

        public ConnectionReportRow? GetConnectionRow(string target, string sku)
        {
            var cmd = CachedCommand("conn.row.get", "SELECT " + RowColumns + " FROM connection_offers WHERE target = @t AND sku = @s", "@t", "@s");
            cmd.Parameters[0].Value = target;
            cmd.Parameters[1].Value = sku;
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadRow(r, null) : null;
        }

        /// <summary>The rows of <paramref name="target"/> for SKUs from <paramref name="fromSku"/> to <paramref name="toSku"/> (a page of source offers), by SKU.</summary>
        public Dictionary<string, ConnectionReportRow> GetConnectionRows(string target, string fromSku, string toSku, string sourceMarket)
        {
            var cmd = CachedCommand("conn.row.range",
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

        public void UpsertConnectionRow(ConnectionReportRow row)
        {
            BeginWrite();
            // The connection, target and currencies are the same for every row of a target: they are part of the statement
            // (one prepared statement per target) instead of four more parameters bound and encoded for every row.
            if (!(row.ConnectionId == _rowConnection && row.TargetMarket == _rowTarget && row.Currency == _rowCurrency && row.SourceCurrency == _rowSourceCurrency))
            {
                _rowConnection = row.ConnectionId; _rowTarget = row.TargetMarket; _rowCurrency = row.Currency; _rowSourceCurrency = row.SourceCurrency;
                _rowKey = "conn.row.upsert\n" + _rowConnection + "\n" + _rowTarget + "\n" + _rowCurrency + "\n" + _rowSourceCurrency;
                _rowSql = Upsert("connection_offers", RowColumns, "target, sku", Literal(_rowConnection) + "," + Literal(_rowTarget) +
                    ",@s,@p,@st,@r,@rp,@price," + Literal(_rowCurrency) + ",@ps,@rule,@sp," + Literal(_rowSourceCurrency) + ",@rate,@rs,@ful,@os,@at");
            }
            var cmd = CachedCommand(_rowKey!, _rowSql!, "@s", "@p", "@st", "@r", "@rp", "@price", "@ps", "@rule", "@sp", "@rate", "@rs", "@ful", "@os", "@at");
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

        /// <summary>The shares of <paramref name="market"/> for offers from <paramref name="fromId"/> to <paramref name="toId"/> (a page of source offers), by offer id: one read per page instead of one per offer. <paramref name="deliveryNames"/> as for <see cref="GetShare"/>.</summary>
        public Dictionary<string, ShareRecord> GetSharesInRange(string market, string fromId, string toId, Func<string, string, string>? deliveryNames = null)
        {
            var cmd = CachedCommand("conn.share.range",
                "SELECT " + ShareColumns + " FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.market = @m AND s.offer_id >= @from AND s.offer_id <= @to",
                "@m", "@from", "@to");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = fromId;
            cmd.Parameters[2].Value = toId;
            var d = new Dictionary<string, ShareRecord>(StringComparer.Ordinal);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var share = ReadShare(r, deliveryNames);
                d[share.OfferId] = share;
            }
            return d;
        }

        /// <summary>FBA units of <paramref name="market"/> for SKUs from <paramref name="fromSku"/> to <paramref name="toSku"/> (a page of source offers); SKUs without a record are not in it.</summary>
        public Dictionary<string, int> GetFbaQuantities(string market, string fromSku, string toSku)
        {
            var cmd = CachedCommand("fba.range", "SELECT sku, quantity FROM fba_inventory WHERE market = @m AND sku >= @from AND sku <= @to", "@m", "@from", "@to");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = fromSku;
            cmd.Parameters[2].Value = toSku;
            var d = new Dictionary<string, int>(StringComparer.Ordinal);
            using var r = cmd.ExecuteReader();
            while (r.Read()) d[r.GetString(0)] = Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture);
            return d;
        }

        public void DeleteConnectionRow(string target, string sku)
        {
            BeginWrite();
            var cmd = CachedCommand("conn.row.delete", "DELETE FROM connection_offers WHERE target = @t AND sku = @s", "@t", "@s");
            cmd.Parameters[0].Value = target;
            cmd.Parameters[1].Value = sku;
            cmd.ExecuteNonQuery();
        }

        /// <summary>Rows of <paramref name="target"/> not yet removed whose source offer is no longer on <paramref name="sourceMarket"/>, in SKU order.</summary>
        public List<ConnectionReportRow> RowsWithoutSource(string connectionId, string target, string sourceMarket, string? afterSku, int limit)
        {
            using var cmd = NewCommand("SELECT " + RowColumns + " FROM connection_offers c WHERE c.connection_id = @c AND c.target = @t AND c.offer_state <> 'Removed' " +
                (afterSku != null ? "AND c.sku > @after " : "") +
                "AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.offer_id = c.sku AND o.market = @src) ORDER BY c.sku LIMIT " + limit.ToString(CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("@c", connectionId);
            cmd.Parameters.AddWithValue("@t", target);
            cmd.Parameters.AddWithValue("@src", sourceMarket);
            if (afterSku != null) cmd.Parameters.AddWithValue("@after", afterSku);
            return ReadAll(cmd, r => ReadRow(r, sourceMarket));
        }

        /// <summary>One page of report rows, ordered by target and SKU.</summary>
        public List<ConnectionReportRow> QueryConnectionRows(ConnectionReportQuery q, Func<string, string>? sourceOf = null)
        {
            using var cmd = NewCommand("");
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
        public List<(SyncStatus Status, string Reason, long Count)> CountConnectionRows(string connectionId) => TallyConnectionRows(connectionId, null, out _);

        /// <summary>
        /// <see cref="CountConnectionRows"/>, and in the same pass the rows of <paramref name="liveTarget"/> that are not
        /// removed (what <see cref="IsSyncDue"/> compares with the source's offers).
        /// </summary>
        public List<(SyncStatus Status, string Reason, long Count)> TallyConnectionRows(string connectionId, string? liveTarget, out long live)
        {
            var counts = new Dictionary<(string Status, string Reason), long>();
            var cmd = CachedCommand("conn.row.tally", "SELECT status, reason, CASE WHEN offer_state <> 'Removed' THEN 1 ELSE 0 END FROM connection_offers WHERE target = @t", "@t");
            live = 0;
            foreach (var target in GetConnectionTargets(connectionId))
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

        public long CountConnectionRowsOf(string connectionId)
        {
            using var cmd = NewCommand("SELECT count(*) FROM connection_offers WHERE target IN (SELECT target FROM connection_targets WHERE connection_id = @c)");
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
                Price = ReadDec(r, 7),
                Currency = r.GetString(8),
                PriceSource = ParsePriceSource(r.GetString(9)),
                PricingRule = r.GetString(10),
                SourcePrice = ReadDec(r, 11),
                SourceCurrency = r.GetString(12),
                ExchangeRate = ReadDec(r, 13),
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

        // ---- catalogues -----------------------------------------------------------------------------------------------

        /// <summary>Whether a catalogue was imported for the market (without one, every product is taken to exist there).</summary>
        public bool HasCatalog(string market)
        {
            var cmd = CachedCommand("catalog.has", "SELECT 1 FROM catalog_markets WHERE market = @m", "@m");
            cmd.Parameters[0].Value = market;
            return cmd.ExecuteScalar() != null;
        }

        public bool CatalogContains(string market, string productId)
        {
            var cmd = CachedCommand("catalog.contains", "SELECT 1 FROM catalog_products WHERE market = @m AND " + (IsPostgres ? "product_key = lower(@p COLLATE \"C\")" : "product_id = @p"), "@m", "@p");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = productId;
            return cmd.ExecuteScalar() != null;
        }

        /// <summary>Marks the market as having a catalogue (imported now); <paramref name="replace"/> drops the products it held.</summary>
        public void BeginCatalog(string market, bool replace, DateTimeOffset at)
        {
            BeginWrite();
            if (replace)
            {
                using var del = NewCommand("DELETE FROM catalog_products WHERE market = @m");
                del.Parameters.AddWithValue("@m", market);
                del.ExecuteNonQuery();
            }
            using var cmd = NewCommand(Upsert("catalog_markets", "market, imported_at", "market", "@m, @at"));
            cmd.Parameters.AddWithValue("@m", market);
            cmd.Parameters.AddWithValue("@at", Stamp(at));
            cmd.ExecuteNonQuery();
        }

        public void AddCatalogProduct(string market, string productId)
        {
            BeginWrite();
            var cmd = CachedCommand("catalog.add", "INSERT INTO catalog_products(market, product_id) VALUES(@m, @p) ON CONFLICT DO NOTHING", "@m", "@p");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = productId;
            cmd.ExecuteNonQuery();
        }

        public long CountCatalog(string market)
        {
            using var cmd = NewCommand("SELECT count(*) FROM catalog_products WHERE market = @m");
            cmd.Parameters.AddWithValue("@m", market);
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        // ---- FBA inventory --------------------------------------------------------------------------------------------

        public void SetFbaQuantity(string market, string sku, int quantity, DateTimeOffset at)
        {
            BeginWrite();
            var cmd = CachedCommand("fba.set", Upsert("fba_inventory", "market, sku, quantity, updated_at", "market, sku", "@m, @s, @q, @at"), "@m", "@s", "@q", "@at");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = sku;
            cmd.Parameters[2].Value = quantity;
            cmd.Parameters[3].Value = Stamp(at);
            cmd.ExecuteNonQuery();
        }

        /// <summary>Units recorded for the SKU in the market's fulfilment centres (0 when none were recorded).</summary>
        public int GetFbaQuantity(string market, string sku)
        {
            var cmd = CachedCommand("fba.get", "SELECT quantity FROM fba_inventory WHERE market = @m AND sku = @s", "@m", "@s");
            cmd.Parameters[0].Value = market;
            cmd.Parameters[1].Value = sku;
            var v = cmd.ExecuteScalar();
            return v == null || v == DBNull.Value ? 0 : Convert.ToInt32(v, CultureInfo.InvariantCulture);
        }
    }
}
