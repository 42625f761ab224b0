using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the status report of market connections: one row per source offer and target, with its status, reason and next step.</para>
    /// <para type="description">Each row has the sync date, Sku, ProductId (ASIN), source and target markets, the target
    /// price and currency (and whether the connection's rule or a hand-set price made it), Status (Synchronized,
    /// NotSynchronized, Disconnected), Reason (NoDetailPage, SourceOfferInactive, SkuExcluded, RestrictedProduct, FilteredOut,
    /// NoSourcePrice; ManualPrice and AwaitingFbaInventory on synchronized rows; SourceRemoved and WithdrawnOnTarget on
    /// disconnected ones; the shared-offers reason codes on Allegro targets) and the recommended NextStep. Filter by
    /// connection, target, status, reason and SKU; rows stream in target and SKU order.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ConnectionReport")]
    [OutputType(typeof(ConnectionReportRow))]
    public sealed class GetConnectionReportCommand : ConnectionCmdlet
    {
        /// <summary>Connection ids; wildcards allowed (pipeline: connections). Default: every connection.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ConnectionIdCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? ConnectionId { get; set; }

        /// <summary>Only rows of these target markets.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? TargetMarket { get; set; }

        /// <summary>Only rows with these statuses: Synchronized, NotSynchronized, Disconnected.</summary>
        [Parameter]
        public SyncStatus[]? Status { get; set; }

        /// <summary>Only rows with these reasons (NoDetailPage, SkuExcluded...).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ConnectionReasonCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Reason { get; set; }

        /// <summary>Only rows of these SKUs; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Sku { get; set; }

        /// <summary>At most this many rows.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? First { get; set; }

        private long _written;

        protected override void ProcessRecord()
        {
            Try(ConnectionId, () =>
            {
                var query = new ConnectionReportQuery { ConnectionIds = ConnectionId, TargetMarkets = TargetMarket, Statuses = Status, Reasons = Reason, Skus = Sku };
                foreach (var row in Connections.Report(query))
                {
                    if (Stopping || (First.HasValue && _written >= First.Value)) break;
                    WriteObject(row);
                    _written++;
                }
            });
        }
    }
}
