using System.Data.Common;
using System;
using System.Collections.Generic;
using ListingPs.Core.Model;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>What <see cref="Workspace.QueryOffers"/> returns: every condition set must hold.</summary>
    public sealed class OfferQuery
    {
        /// <summary>Offer ids or PowerShell wildcard patterns (*, ?).</summary>
        public IReadOnlyList<string>? OfferIds { get; set; }
        public IReadOnlyList<string>? Markets { get; set; }
        public IReadOnlyList<OfferStatus>? Statuses { get; set; }
        /// <summary>Keyset paging: only offers whose id sorts after this one.</summary>
        public string? AfterOfferId { get; set; }
        public int? Limit { get; set; }
    }

    public sealed partial class WorkspaceStore
    {
        /// <summary>One page of offers in id order (use <see cref="OfferQuery.AfterOfferId"/> and a limit to walk them all).</summary>
        /// <remarks>
        /// One arm per market asked for (index offers_market: market, offer_id) and per id range (<see cref="IdFilter"/>),
        /// merged by SQLite in id order: every page seeks to its place, whatever the number of markets.
        /// </remarks>
        public List<Offer> QueryOffers(OfferQuery q)
        {
            using var cmd = NewCommand("");
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
                    arms.Add("SELECT " + OfferColumns + " FROM offers" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : ""));
                }
            }
            // an offer has one market, so only overlapping id arms can repeat a row
            int? limit = q.Limit.HasValue && q.Limit.Value >= 0 ? q.Limit : null;
            cmd.CommandText = Compound(arms, ids != null && ids.MayOverlap && idConditions.Count > 1, limit, orderColumn: 1);
            QueryObserver?.Invoke(cmd);
            return ReadAll(cmd, ReadOffer);
        }

        public long CountOffers(string? market = null)
        {
            using var cmd = NewCommand(market == null ? "SELECT count(*) FROM offers" : "SELECT count(*) FROM offers WHERE market = @m");
            if (market != null) cmd.Parameters.AddWithValue("@m", market);
            return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        private static List<T> ReadAll<T>(DbCommand cmd, Func<DbDataReader, T> read)
        {
            var list = new List<T>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(read(r));
            return list;
        }

        /// <summary>
        /// SQLite's INSERT OR REPLACE written as both engines take it: INSERT ... ON CONFLICT (the key) DO UPDATE SET every other
        /// column to the new row's value.
        /// </summary>
        internal static string Upsert(string table, string columns, string keyColumns, string values)
        {
            var keys = new HashSet<string>(keyColumns.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries));
            var set = new List<string>();
            foreach (var c in columns.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
                if (!keys.Contains(c)) set.Add(c + " = excluded." + c);
            return "INSERT INTO " + table + "(" + columns + ") VALUES(" + values + ") ON CONFLICT(" + keyColumns + ") DO "
                + (set.Count == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", set));
        }

        internal static List<string> ToStrings<T>(IEnumerable<T> values)
        {
            var l = new List<string>();
            foreach (var v in values) l.Add(v!.ToString()!);
            return l;
        }

        internal static void AddInFilter(DbCommand cmd, List<string> where, string column, string prefix, IReadOnlyList<string>? values)
        {
            if (values == null || values.Count == 0) return;
            var names = new string[values.Count];
            for (int i = 0; i < values.Count; i++)
            {
                names[i] = prefix + i;
                cmd.Parameters.AddWithValue(names[i], values[i]);
            }
            where.Add(column + " IN (" + string.Join(",", names) + ")");
        }

        /// <summary>Exact ids use IN; PowerShell wildcards (* and ?) become LIKE patterns, case-insensitive.</summary>
        internal static void AddIdFilter(DbCommand cmd, List<string> where, string column, IReadOnlyList<string>? ids)
        {
            if (ids == null || ids.Count == 0) return;
            var exact = new List<string>();
            var likes = new List<string>();
            foreach (var id in ids)
            {
                if (id.IndexOf('*') >= 0 || id.IndexOf('?') >= 0)
                {
                    var name = "@like" + likes.Count;
                    cmd.Parameters.AddWithValue(name, ToLike(id));
                    likes.Add(column + " " + Like(cmd) + " " + name + " ESCAPE '\\'");
                }
                else exact.Add(id);
            }
            var parts = new List<string>();
            if (exact.Count > 0)
            {
                var names = new string[exact.Count];
                for (int i = 0; i < exact.Count; i++)
                {
                    names[i] = "@id" + i;
                    cmd.Parameters.AddWithValue(names[i], exact[i]);
                }
                parts.Add(column + " IN (" + string.Join(",", names) + ")");
            }
            parts.AddRange(likes);
            where.Add("(" + string.Join(" OR ", parts) + ")");
        }

        internal static string ToLike(string wildcard)
        {
            var sb = new System.Text.StringBuilder(wildcard.Length + 4);
            foreach (var c in wildcard)
            {
                switch (c)
                {
                    case '*': sb.Append('%'); break;
                    case '?': sb.Append('_'); break;
                    case '%': case '_': case '\\': sb.Append('\\').Append(c); break;
                    default: sb.Append(c); break;
                }
            }
            return sb.ToString();
        }
    }
}
