using System.Collections.Generic;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Evaluates market connections again after source prices, offers, exchange rates, catalogues or FBA inventory changed.</para>
    /// <para type="description">Every source offer is evaluated again for every target: new eligible offers get target
    /// offers, changed source prices re-price them, an exchange rate that moved by 1% or more re-prices them (smaller moves
    /// are skipped and the rate the offer was priced with is kept), a price set by hand on a target is never overwritten, and
    /// target offers whose source offer left the assortment (Remove-Offer) are removed and reported as Disconnected. Each
    /// connection is processed in one transaction (Ctrl+C leaves it as it was) and written with the summary of the run.
    /// When another worker is synchronizing the same connection on the same workspace (a shared PostgreSQL workspace, or
    /// another process on the same file), this run leaves that connection alone and says so with the error JobInProgress;
    /// the other connections are synchronized.</para>
    /// </summary>
    [Cmdlet(VerbsData.Sync, "MarketConnection", SupportsShouldProcess = true)]
    [OutputType(typeof(MarketConnection))]
    public sealed class SyncMarketConnectionCommand : ConnectionCmdlet
    {
        /// <summary>The connections to synchronize (pipeline: connections from Get-MarketConnection). Default: every connection.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ConnectionIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? ConnectionId { get; set; }

        protected override void ProcessRecord()
        {
            var ids = new List<string>();
            if (ConnectionId != null) ids.AddRange(ConnectionId);
            else foreach (var c in Connections.GetConnections()) ids.Add(c.ConnectionId);
            foreach (var id in ids)
            {
                if (Stopping) break;
                var activity = "Synchronizing connection " + id;
                TryProcessing(id, activity, () =>
                {
                    var c = Connections.GetConnection(id);
                    if (!ShouldProcess("Connection " + c.ConnectionId + " (" + c.SourceMarket + " -> " + string.Join(", ", c.TargetMarkets) + ")", "Evaluate every source offer again and update the target offers")) return;
                    // Two workers syncing one connection at once: one runs the sync, the other says so and leaves it.
                    using var job = Store.TryTakeJob("sync " + c.ConnectionId)
                        ?? throw new ListingPsException(ErrorIds.JobInProgress, "Connection " + c.ConnectionId + " is being synchronized by another "
                            + "worker on this workspace right now; this run left it alone. Its result is in Get-ConnectionReport once that sync ends.",
                            ErrorKind.ResourceUnavailable);
                    WriteObject(Connections.Sync(c.ConnectionId, Processing(activity)));
                });
            }
        }
    }
}
