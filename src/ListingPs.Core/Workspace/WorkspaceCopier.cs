using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;

namespace ListingPs.Core.Workspace
{
    /// <summary>What <see cref="WorkspaceCopier"/> did with one table.</summary>
    public sealed class WorkspaceCopyResult
    {
        public string Table { get; set; } = "";
        /// <summary>Rows in the source.</summary>
        public long SourceRows { get; set; }
        /// <summary>Rows copied by this run (a resumed copy copies only what an earlier run did not).</summary>
        public long Copied { get; set; }
        /// <summary>Rows in the target at the end: equal to <see cref="SourceRows"/>, else the copy fails.</summary>
        public long TargetRows { get; set; }
    }

    /// <summary>
    /// Copies a workspace into another, between engines or on the same one (a SQLite file into PostgreSQL and back). Every
    /// table streams in key order, in pages of <see cref="PageSize"/> rows, each page one committed transaction in the target:
    /// memory stays flat whatever the size, and an interrupted copy (Ctrl+C, a lost connection) resumes where its last page
    /// ended when it is run again. The target must be a new workspace or an unfinished copy of the same source (a note in its
    /// meta table says which); anything else is refused, so nothing is ever mixed. At the end every table's rows are
    /// counted on both sides, and a difference is an error.
    /// </summary>
    public sealed class WorkspaceCopier
    {
        /// <summary>The tables, parents first, with their columns and keys (the key orders the stream and marks where a copy is).</summary>
        internal static readonly (string Table, string Columns, string Keys)[] Tables =
        {
            ("offers", "offer_id, market, title, category, price, selling_format, account_type, b2b, charity, product_id, status, delivery, translations, condition, fulfillment, updated_at, shipping_rate", "offer_id"),
            ("shares", "market, offer_id, state, reasons, price, currency, price_source, base_price, base_currency, exchange_rate, rate_source, translation, auto_translate, delivery, warnings, updated_at", "market, offer_id"),
            ("share_reasons", "market, code, offer_id", "market, offer_id, code"),
            ("exchange_rates", "from_ccy, to_ccy, rate_date, rate, source, set_at", "from_ccy, to_ccy, rate_date"),
            ("seller_profile", "id, seller_name, linked_regions, updated_at", "id"),
            ("connections", "connection_id, seq, source, platform, region, rules, created_at, obligations_at, synced_at, summary", "connection_id"),
            ("connection_targets", "target, connection_id, position, added_at", "target"),
            ("connection_offers", "connection_id, target, sku, product_id, status, reason, reason_params, price, currency, price_source, pricing, source_price, source_currency, rate, rate_source, fulfillment, offer_state, synced_at", "target, sku"),
            ("catalog_markets", "market, imported_at", "market"),
            ("catalog_products", "market, product_id", "market, product_id"),
            ("fba_inventory", "market, sku, quantity, updated_at", "market, sku"),
            ("market_verdicts", "market, offer_id, state, reasons, price, currency, shipping_rate, sent_price, sent_at, synced_at", "market, offer_id"),
            ("meta", "key, value", "key"),
        };

        internal const string CopyNoteKey = "copy.from";

        /// <summary>Rows per page (and per target transaction).</summary>
        public int PageSize { get; set; } = 5000;

        /// <summary>Called after every page: table, rows of it copied so far by this run, its rows in the source.</summary>
        public Action<string, long, long>? Progress { get; set; }

        /// <summary>Polled between pages; true stops the copy (what is committed stays, and a rerun resumes).</summary>
        public Func<bool>? Stopping { get; set; }

        public List<WorkspaceCopyResult> Copy(WorkspaceStore from, WorkspaceStore to)
        {
            if (string.Equals(from.Location.Text, to.Location.Text, StringComparison.Ordinal))
                throw new ListingPsException(ErrorIds.WorkspaceCopyRefused, "The workspace '" + from.Path + "' cannot be copied into itself.", ErrorKind.InvalidArgument);
            from.Commit();
            to.Commit();
            CheckTarget(from, to);
            var results = new List<WorkspaceCopyResult>();
            foreach (var (table, columns, keys) in Tables)
            {
                var result = new WorkspaceCopyResult { Table = table, SourceRows = Count(from, table) };
                CopyTable(from, to, table, columns, keys, result);
                if (Stopping?.Invoke() == true) throw new OperationCanceledException();
                result.TargetRows = Count(to, table, table == "meta");
                results.Add(result);
            }
            // Counted on both sides: a row lost on the way (or a target written by someone else meanwhile) fails the copy.
            var wrong = results.Where(r => r.SourceRows != r.TargetRows).ToList();
            if (wrong.Count > 0)
                throw new ListingPsException(ErrorIds.WorkspaceCopyMismatch, "The copy of '" + from.Path + "' into '" + to.Path + "' does not hold what the source holds: "
                    + string.Join("; ", wrong.Select(r => r.Table + " " + r.SourceRows.ToString("N0", CultureInfo.InvariantCulture) + " in the source, "
                    + r.TargetRows.ToString("N0", CultureInfo.InvariantCulture) + " in the copy")) + ". Was either written while it was copied? Copy into a new workspace again.",
                    ErrorKind.InvalidData);
            to.BeginWrite();
            using (var done = to.NewCommand("DELETE FROM meta WHERE key = @k"))
            {
                done.Parameters.AddWithValue("@k", CopyNoteKey);
                done.ExecuteNonQuery();
            }
            to.Commit();
            return results;
        }

        /// <summary>A new target is marked as this source's copy; a marked one (an unfinished copy of this source) is resumed; any other with data is refused.</summary>
        private static void CheckTarget(WorkspaceStore from, WorkspaceStore to)
        {
            string note = from.Location.Display;
            string? marked;
            using (var cmd = to.NewCommand("SELECT value FROM meta WHERE key = @k"))
            {
                cmd.Parameters.AddWithValue("@k", CopyNoteKey);
                marked = cmd.ExecuteScalar() as string;
            }
            if (marked != null && marked != note)
                throw new ListingPsException(ErrorIds.WorkspaceCopyRefused, "The workspace '" + to.Path + "' holds an unfinished copy of '" + marked
                    + "', not of '" + note + "'. Finish that copy, or copy into a new workspace.", ErrorKind.InvalidOperation);
            if (marked == null)
            {
                foreach (var (table, _, _) in Tables)
                {
                    if (table == "meta") continue;
                    if (Count(to, table) > 0)
                        throw new ListingPsException(ErrorIds.WorkspaceCopyRefused, "The workspace '" + to.Path + "' is not empty (its " + table
                            + " hold rows). Nothing was copied: copy into a new workspace (a new file, database or schema), so that nothing is mixed.",
                            ErrorKind.InvalidOperation);
                }
                to.BeginWrite();
                using (var cmd = to.NewCommand(WorkspaceStore.Upsert("meta", "key, value", "key", "@k, @v")))
                {
                    cmd.Parameters.AddWithValue("@k", CopyNoteKey);
                    cmd.Parameters.AddWithValue("@v", note);
                    cmd.ExecuteNonQuery();
                }
                to.Commit();
            }
        }

        private void CopyTable(WorkspaceStore from, WorkspaceStore to, string table, string columns, string keys, WorkspaceCopyResult result)
        {
            var keyList = keys.Split(',').Select(k => k.Trim()).ToArray();
            var columnList = columns.Split(',').Select(c => c.Trim()).ToArray();
            var keyIndex = keyList.Select(k => Array.IndexOf(columnList, k)).ToArray();
            // Where an earlier run ended: its last committed page's last key. The meta table is small and copied whole; so are the
            // catalogue's products, whose key order is SQLite's NOCASE on one side and code points on the other (a key from the
            // target would not mark the same place in the source). Both are written idempotently.
            bool whole = table == "meta" || table == "catalog_products";
            object?[]? after = whole ? null : LastKey(to, table, keys, keyList.Length);
            // Into PostgreSQL rows go in as multi-row INSERTs (up to RowsPerStatement a statement, under its parameter limit):
            // one round trip per statement instead of per row, which was most of a copy's time. Into a file one row a
            // statement, prepared once a page: SQLite binds a parameter by name in time linear in the statement's parameters,
            // so a statement of thousands of them costs more than the rows it saves.
            int perStatement = to.IsPostgres ? Math.Max(1, Math.Min(RowsPerStatement, MaxParameters / columnList.Length)) : 1;
            while (true)
            {
                if (Stopping?.Invoke() == true) return;
                var page = ReadPage(from, table, columns, keyList, after);
                if (page.Count == 0) return;
                to.BeginWrite();
                DbCommand? full = null;
                try
                {
                    for (int start = 0; start < page.Count; start += perStatement)
                    {
                        int n = Math.Min(perStatement, page.Count - start);
                        var cmd = n == perStatement ? full ??= InsertCommand(to, table, columns, keys, columnList.Length, n)
                            : InsertCommand(to, table, columns, keys, columnList.Length, n);
                        try
                        {
                            for (int r = 0; r < n; r++)
                            {
                                var row = page[start + r];
                                for (int i = 0; i < row.Length; i++) cmd.Parameters[r * columnList.Length + i].Value = row[i] ?? DBNull.Value;
                            }
                            cmd.ExecuteNonQuery();
                        }
                        finally { if (cmd != full) cmd.Dispose(); }
                    }
                }
                finally { full?.Dispose(); }
                to.Commit();
                result.Copied += table == "meta" ? 0 : page.Count;
                Progress?.Invoke(table, result.Copied, result.SourceRows);
                var last = page[page.Count - 1];
                after = keyIndex.Select(i => last[i]).ToArray();
                if (page.Count < PageSize) return;
            }
        }

        /// <summary>Rows a multi-row INSERT of the copy holds at most.</summary>
        internal const int RowsPerStatement = 250;

        /// <summary>Parameters a statement may bind: under PostgreSQL's 65,535.</summary>
        private const int MaxParameters = 30000;

        /// <summary>
        /// INSERT of <paramref name="rows"/> rows (parameters @c0, @c1... row after row, unset), an upsert on the table's key;
        /// the catalogue's products skip a product already there (their key is case-insensitive, which the source's rows keep).
        /// </summary>
        private static DbCommand InsertCommand(WorkspaceStore to, string table, string columns, string keys, int columnCount, int rows)
        {
            var tuples = Enumerable.Range(0, rows).Select(r => string.Join(", ",
                Enumerable.Range(0, columnCount).Select(i => "@c" + (r * columnCount + i).ToString(CultureInfo.InvariantCulture))));
            // Upsert writes VALUES(<values>): the tuples joined by "), (" make VALUES(a), (b), (c).
            var values = string.Join("), (", tuples);
            var cmd = to.NewCommand(table == "catalog_products"
                ? "INSERT INTO " + table + "(" + columns + ") VALUES(" + values + ") ON CONFLICT DO NOTHING"
                : WorkspaceStore.Upsert(table, columns, keys, values));
            for (int i = 0; i < rows * columnCount; i++)
            {
                var parameter = cmd.CreateParameter();
                parameter.ParameterName = "@c" + i.ToString(CultureInfo.InvariantCulture);
                cmd.Parameters.Add(parameter);
            }
            return cmd;
        }

        private List<object?[]> ReadPage(WorkspaceStore from, string table, string columns, string[] keys, object?[]? after)
        {
            var rows = new List<object?[]>(PageSize);
            using var cmd = from.NewCommand("");
            string where = "";
            if (after != null)
            {
                where = " WHERE (" + string.Join(", ", keys) + ") > (" + string.Join(", ", keys.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture))) + ")";
                for (int i = 0; i < keys.Length; i++) cmd.Parameters.AddWithValue("@k" + i.ToString(CultureInfo.InvariantCulture), after[i]);
            }
            cmd.CommandText = "SELECT " + columns + " FROM " + table + where + " ORDER BY " + string.Join(", ", keys) + " LIMIT " + PageSize.ToString(CultureInfo.InvariantCulture);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var row = new object?[r.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : Normalize(r.GetValue(i));
                rows.Add(row);
            }
            return rows;
        }

        /// <summary>Text stays text; every integer is a long on both engines (SQLite's INTEGER, PostgreSQL's BIGINT).</summary>
        private static object Normalize(object value) => value is int i ? (long)i : value is short s ? (long)s : value;

        private static object?[]? LastKey(WorkspaceStore to, string table, string keys, int count)
        {
            using var cmd = to.NewCommand("SELECT " + keys + " FROM " + table + " ORDER BY " + string.Join(", ", keys.Split(',').Select(k => k.Trim() + " DESC")) + " LIMIT 1");
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            var key = new object?[count];
            for (int i = 0; i < count; i++) key[i] = Normalize(r.GetValue(i));
            return key;
        }

        private static long Count(WorkspaceStore ws, string table, bool withoutCopyNote = false)
        {
            using var cmd = ws.NewCommand("SELECT count(*) FROM " + table + (withoutCopyNote ? " WHERE key <> '" + CopyNoteKey + "'" : ""));
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }
}
