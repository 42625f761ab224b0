using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Records the FBA inventory of SKUs in a target marketplace's fulfilment centres, which activates their FBA target offers.</para>
    /// <para type="description">An FBA offer listed on a target by a market connection stays inactive (report reason
    /// AwaitingFbaInventory) until inventory reaches a fulfilment centre in that marketplace. Set-FbaInventory records the
    /// units that arrived: a quantity above zero activates the SKU's target offer at once, zero deactivates it again. Rows
    /// bind by property name (Market, Sku or OfferId, Quantity), so an inventory CSV pipes straight in.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "FbaInventory", SupportsShouldProcess = true)]
    [OutputType(typeof(FbaInventoryRecord))]
    public sealed class SetFbaInventoryCommand : ConnectionCmdlet
    {
        /// <summary>The Amazon marketplace whose fulfilment centres hold the units (amazon-de...). Binds from report rows' TargetMarket.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TargetMarket")]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string Market { get; set; } = "";

        /// <summary>The SKUs (pipeline: report rows, offers or inventory rows).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("OfferId")]
        [ValidateNotNullOrEmpty]
        public string[] Sku { get; set; } = new string[0];

        /// <summary>Units in the marketplace's fulfilment centres (0 or more).</summary>
        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, int.MaxValue)]
        public int Quantity { get; set; }

        /// <summary>Writes the recorded inventory with the target offer's state.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private long _count;

        protected override void ProcessRecord()
        {
            foreach (var sku in Sku)
            {
                if (Stopping) break;
                Try(sku, () =>
                {
                    if (!ShouldProcess(sku + " on " + Market, "Record " + Quantity + " unit(s) of FBA inventory")) return;
                    var record = Connections.SetFbaInventory(Market, sku, Quantity);
                    _count++;
                    if (PassThru) WriteStored(record);
                    CommitIfDue();
                    ReportProgress(1, "Recording FBA inventory", _count, -1, sku);
                });
            }
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            CompleteProgress(1, "Recording FBA inventory");
        }
    }
}
