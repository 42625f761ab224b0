using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs the weekly visibility check of an additional market.</para>
    /// <para type="description">Every active offer in the assortment with a delivery method to the market's country and no
    /// price in the market's currency becomes Refused with VQR001_CURRENCY_NOT_AVAILABLE (plus any other reason that applies):
    /// buyers there do not see it until the price is filled in. Withdrawn offers are left alone. Emits the refused records,
    /// ready to pipe into Set-OfferCzkPrice -UseConverter.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "VisibilityCheck", SupportsShouldProcess = true)]
    [OutputType(typeof(ShareRecord))]
    public sealed class InvokeVisibilityCheckCommand : ListingPsCmdlet
    {
        /// <summary>The additional market to check (allegro-cz, allegro-sk, allegro-hu).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(AdditionalMarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string Market { get; set; } = "";

        protected override void ProcessRecord()
        {
            if (!Confirm(Market, "Refuse offers without a market price (weekly visibility check)")) return;
            var activity = "Visibility check on " + Market;
            Try(Market, () =>
            {
                foreach (var record in Shares.RunVisibilityCheck(Market, (done, total) => ReportProgress(1, activity, done, total)))
                {
                    WriteObject(record);
                    FlushLog();
                    if (Stopping) break;
                }
            });
            CompleteProgress(1, activity);
        }
    }
}
