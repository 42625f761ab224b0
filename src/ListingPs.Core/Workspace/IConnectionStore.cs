using System;
using System.Collections.Generic;
using ListingPs.Core.Model;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// Market connections, their targets, and their status report (one row per source offer x target): the connections,
    /// connection_targets and connection_offers tables (<see cref="WorkspaceStore.Connections"/>).
    /// </summary>
    public interface IConnectionStore
    {
        /// <summary>Connections in creation order; <paramref name="ids"/> may hold wildcards.</summary>
        List<MarketConnection> Query(IReadOnlyList<string>? ids = null);

        /// <summary>The connection, or null.</summary>
        MarketConnection? Get(string connectionId);

        /// <summary>The connection <paramref name="market"/> is a target of, or null.</summary>
        string? OfTarget(string market);

        /// <summary>The connection's target markets in their order.</summary>
        List<string> GetTargets(string connectionId);

        /// <summary>The next connection number (1, 2, ...): never reused, also after a connection was removed.</summary>
        long NextNumber();

        /// <summary>Stores a new connection under its number.</summary>
        void Insert(MarketConnection c, long number);

        /// <summary>Stores what a connection's processing changes: rules, obligations, sync time, summary.</summary>
        void Update(MarketConnection c);

        /// <summary>Adds a target market to the connection at <paramref name="position"/>.</summary>
        void AddTarget(string connectionId, string target, int position, DateTimeOffset at);

        /// <summary>Deletes the connection, its targets and every row of its status report.</summary>
        bool Delete(string connectionId);

        /// <summary>
        /// True when something the connection depends on changed since it was last processed: a source offer was added,
        /// updated or removed, an exchange rate was set, or a target's catalogue was imported.
        /// </summary>
        /// <param name="c">The connection.</param>
        /// <param name="liveRowsOfFirstTarget">The first target's rows not removed, when the caller has counted them (<see cref="TallyRows"/>); else they are counted here.</param>
        bool IsSyncDue(MarketConnection c, long? liveRowsOfFirstTarget = null);

        /// <summary>The report row of the SKU on the target, or null.</summary>
        ConnectionReportRow? GetRow(string target, string sku);

        /// <summary>The rows of <paramref name="target"/> for SKUs from <paramref name="fromSku"/> to <paramref name="toSku"/> (a page of source offers), by SKU.</summary>
        Dictionary<string, ConnectionReportRow> GetRows(string target, string fromSku, string toSku, string sourceMarket);

        /// <summary>Adds the report row or updates the stored one.</summary>
        void UpsertRow(ConnectionReportRow row);

        /// <summary>Removes the report row of the SKU on the target.</summary>
        void DeleteRow(string target, string sku);

        /// <summary>Rows of <paramref name="target"/> not yet removed whose source offer is no longer on <paramref name="sourceMarket"/>, in SKU order.</summary>
        List<ConnectionReportRow> RowsWithoutSource(string connectionId, string target, string sourceMarket, string? afterSku, int limit);

        /// <summary>One page of report rows, ordered by target and SKU.</summary>
        List<ConnectionReportRow> QueryRows(ConnectionReportQuery q, Func<string, string>? sourceOf = null);

        /// <summary>Rows of a connection by status and reason.</summary>
        List<(SyncStatus Status, string Reason, long Count)> CountRowsByStatusAndReason(string connectionId);

        /// <summary>
        /// <see cref="CountRowsByStatusAndReason"/>, and in the same pass the rows of <paramref name="liveTarget"/> that are not
        /// removed (what <see cref="IsSyncDue"/> compares with the source's offers).
        /// </summary>
        List<(SyncStatus Status, string Reason, long Count)> TallyRows(string connectionId, string? liveTarget, out long live);

        /// <summary>How many report rows the connection has.</summary>
        long CountRows(string connectionId);
    }
}
