using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Connections
{
    /// <summary>
    /// Reads connections and their status report: each connection with its state (SyncDue) and totals, the report rows page
    /// by page, each with its target's platform set from the rules.
    /// </summary>
    internal sealed class ConnectionReader
    {
        private readonly WorkspaceStore _ws;
        private readonly RuleSet _rules;

        public ConnectionReader(WorkspaceStore workspace, RuleSet rules)
        {
            _ws = workspace; _rules = rules;
        }

        /// <summary>Connections in creation order, filtered by id (wildcards), source and target; each with its current state.</summary>
        public IEnumerable<MarketConnection> GetConnections(IReadOnlyList<string>? ids = null, string? sourceMarket = null, string? targetMarket = null) =>
            GetConnections(ids, sourceMarket, targetMarket, null);

        /// <summary>
        /// Connections as the filters select them; after them, <paramref name="notFound"/> gets a ConnectionNotFound error for
        /// each id without wildcards that names no connection of the workspace (one the source or target filter leaves out
        /// is there, and gets none).
        /// </summary>
        public IEnumerable<MarketConnection> GetConnections(IReadOnlyList<string>? ids, string? sourceMarket, string? targetMarket,
            Action<string, ListingPsException>? notFound)
        {
            var found = _ws.Connections.Query(ids);
            foreach (var c in found)
            {
                if (sourceMarket != null && !string.Equals(c.SourceMarket, sourceMarket, StringComparison.OrdinalIgnoreCase)) continue;
                if (targetMarket != null && !c.TargetMarkets.Contains(targetMarket, StringComparer.OrdinalIgnoreCase)) continue;
                Complete(c);
                yield return c;
            }
            if (notFound == null || ids == null) yield break;
            foreach (var id in ids)
            {
                if (id.IndexOf('*') >= 0 || id.IndexOf('?') >= 0) continue;
                // the workspace compares ids as stored (BINARY), so does this
                if (!found.Exists(c => string.Equals(c.ConnectionId, id, StringComparison.Ordinal))) notFound(id, NotFound(id));
            }
        }

        /// <exception cref="ListingPsException">ConnectionNotFound.</exception>
        public MarketConnection GetConnection(string connectionId)
        {
            var c = _ws.Connections.Get(connectionId) ?? throw NotFound(connectionId);
            Complete(c);
            return c;
        }

        private void Complete(MarketConnection c)
        {
            // One pass over the rows gives the totals and the first target's live rows that SyncDue compares with the source.
            var tally = _ws.Connections.TallyRows(c.ConnectionId, c.TargetMarkets.Count > 0 ? c.TargetMarkets[0] : null, out long live);
            c.State = _ws.Connections.IsSyncDue(c, live) ? ConnectionState.SyncDue : ConnectionState.Active;
            FillTotals(c.Summary, tally);
        }

        /// <summary>The connection whose target <paramref name="market"/> is, or null.</summary>
        public string? ConnectionOfTarget(string market) => _ws.Connections.OfTarget(market);

        /// <summary>The status report: one row per source offer and target, streamed page by page in target and SKU order.</summary>
        public IEnumerable<ConnectionReportRow> Report(ConnectionReportQuery query)
        {
            var connections = new Dictionary<string, MarketConnection?>(StringComparer.Ordinal);
            MarketConnection? ConnectionOf(string id)
            {
                if (!connections.TryGetValue(id, out var c)) connections[id] = c = _ws.Connections.Get(id);
                return c;
            }
            string SourceOf(string id) => ConnectionOf(id)?.SourceMarket ?? "";
            var q = new ConnectionReportQuery
            {
                ConnectionIds = query.ConnectionIds, TargetMarkets = query.TargetMarkets, Statuses = query.Statuses, Reasons = query.Reasons,
                Skus = query.Skus, After = query.After, Limit = ConnectionService.PageSize,
            };
            long left = query.Limit ?? long.MaxValue;
            while (left > 0)
            {
                var page = _ws.Connections.QueryRows(q, SourceOf);
                foreach (var row in page)
                {
                    if (left-- <= 0) yield break;
                    row.TargetPlatform = TargetPlatform(row.TargetMarket, ConnectionOf(row.ConnectionId));
                    yield return row;
                }
                if (page.Count < ConnectionService.PageSize) break;
                q.After = (page[page.Count - 1].TargetMarket, page[page.Count - 1].Sku);
            }
        }

        /// <summary>
        /// A target's platform: its market rule's; for a market these rules do not define, the platform the connection was made
        /// on (targets are on their connection's platform: <see cref="ConnectionPlanner.CheckPlatform"/>).
        /// </summary>
        private string TargetPlatform(string targetMarket, MarketConnection? connection) =>
            _rules.TryGetMarket(targetMarket, out var m) ? m.Platform : connection?.Platform ?? "";

        /// <summary>Totals over the whole connection's rows: by status, and not-synchronized rows by reason.</summary>
        internal void FillTotals(string connectionId, ConnectionSummary s) => FillTotals(s, _ws.Connections.CountRowsByStatusAndReason(connectionId));

        internal static void FillTotals(ConnectionSummary s, List<(SyncStatus Status, string Reason, long Count)> rows)
        {
            s.Synchronized = s.NotSynchronized = s.Disconnected = 0;
            var byReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (status, reason, count) in rows)
            {
                switch (status)
                {
                    case SyncStatus.Synchronized: s.Synchronized += count; break;
                    case SyncStatus.NotSynchronized:
                        s.NotSynchronized += count;
                        if (reason.Length > 0) byReason[reason] = (byReason.TryGetValue(reason, out var n) ? n : 0) + count;
                        break;
                    default: s.Disconnected += count; break;
                }
            }
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in byReason.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
                map[kv.Key] = kv.Value.ToString(CultureInfo.InvariantCulture);
            s.ByReason = map;
        }

        /// <summary>ConnectionNotFound for an id that names no connection of the workspace.</summary>
        internal static ListingPsException NotFound(string id) =>
            new ListingPsException(ErrorIds.ConnectionNotFound, "There is no connection '" + id + "' in the workspace (Get-MarketConnection lists them).", ErrorKind.ObjectNotFound);
    }
}
