using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes market connections with the target offers they created.</para>
    /// <para type="description">High impact: asks for confirmation unless -Force or -Confirm:$false; -WhatIf only says what
    /// would be removed. The connection's Amazon target offers and its status report go with it; offers it shared to Allegro
    /// markets are withdrawn there (their price is kept for a later Submit-Offer). The source offers stay in the assortment.
    /// Each connection is removed in one transaction.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "MarketConnection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MarketConnection))]
    public sealed class RemoveMarketConnectionCommand : ConnectionCmdlet
    {
        /// <summary>The connections to remove (pipeline: connections from Get-MarketConnection).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ConnectionIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] ConnectionId { get; set; } = new string[0];

        /// <summary>Removes without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes each removed connection (as it was before removal).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in ConnectionId)
            {
                if (Stopping) break;
                Try(id, () =>
                {
                    var c = Connections.GetConnection(id);
                    if (!Confirm("Connection " + c.ConnectionId + " (" + c.SourceMarket + " -> " + string.Join(", ", c.TargetMarkets) + ")",
                        "Remove the connection and its " + (c.Summary.Synchronized + c.Summary.NotSynchronized + c.Summary.Disconnected) + " report rows and target offers", Force)) return;
                    var removed = Connections.Remove(c.ConnectionId);
                    if (PassThru) WriteObject(removed);
                });
            }
        }
    }
}
