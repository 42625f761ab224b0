using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Withdraws offers from an additional market.</para>
    /// <para type="description">The share becomes Withdrawn; its price is kept and Submit-Offer shares it again. The base market
    /// cannot be withdrawn from: every active offer stays on its own market.</para>
    /// </summary>
    [Cmdlet(VerbsData.Unpublish, "Offer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ShareRecord))]
    public sealed class UnpublishOfferCommand : ListingPsCmdlet
    {
        /// <summary>The market to withdraw from (pipeline: a share record's Market).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AdditionalMarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string Market { get; set; } = "";

        /// <summary>The offers (pipeline: offers or share records).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Sku")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OfferIdCompleter))]
        public string[] OfferId { get; set; } = new string[0];

        /// <summary>Writes the withdrawn share records.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private long _count;

        protected override void ProcessRecord()
        {
            foreach (var id in OfferId)
            {
                if (Stopping) break;
                Try(id, () =>
                {
                    if (!Confirm("Offer " + id, "Withdraw from " + Market)) return;
                    var record = Shares.Withdraw(id, Market);
                    _count++;
                    if (PassThru) WriteStored(record);
                    CommitIfDue();
                    ReportProgress(1, "Withdrawing offers from " + Market, _count, -1, id);
                });
            }
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            CompleteProgress(1, "Withdrawing offers from " + Market);
        }
    }
}
