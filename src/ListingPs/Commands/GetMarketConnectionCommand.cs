using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the market connections of the workspace, with their targets, state and the summary of their last processing.</para>
    /// <para type="description">State is Active, or SyncDue when source offers, exchange rates, catalogues or FBA inventory
    /// changed since the connection was last processed (Sync-MarketConnection brings it up to date). The summary counts the
    /// target offers the last run created, updated and removed, and the connection's rows by status and reason.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MarketConnection")]
    [OutputType(typeof(MarketConnection))]
    public sealed class GetMarketConnectionCommand : ConnectionCmdlet
    {
        /// <summary>Connection ids; wildcards allowed. Default: every connection.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ConnectionIdCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? ConnectionId { get; set; }

        /// <summary>Only the connection whose source this market is.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string? SourceMarket { get; set; }

        /// <summary>Only the connection this market is a target of.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string? TargetMarket { get; set; }

        protected override void ProcessRecord()
        {
            Try(ConnectionId, () =>
            {
                foreach (var c in Connections.GetConnections(ConnectionId, SourceMarket, TargetMarket, (id, ex) => WriteError(ToErrorRecord(ex, id))))
                {
                    if (Stopping) return;
                    WriteObject(c);
                }
            });
        }
    }
}
