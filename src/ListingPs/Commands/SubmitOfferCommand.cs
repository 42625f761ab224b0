using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;
using Microsoft.Extensions.Logging;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Shares offers to an additional market (allegro-cz, allegro-sk, allegro-hu) and verifies them.</para>
    /// <para type="description">Takes the same input as Import-Offer (the offer is stored too), prices the offer in the market
    /// currency - with -Price as an own price, otherwise with the price converter - and verifies it against the market's policy.
    /// Emits one share record per offer: Approved, Refused with every reason that applies, or Pending for an inactive offer.
    /// Test-Offer gives the same records without storing anything.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Submit, "Offer", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ShareRecord))]
    public sealed class SubmitOfferCommand : ShareInputCmdlet
    {
        private string? _action;
        private string? _activity;
        private long _count;
        private long _warned;

        protected override void Handle(Offer offer, SubmitOptions options)
        {
            if (!Confirm("Offer " + offer.OfferId, _action ??= "Share to " + Market)) return;
            var record = Shares.Submit(offer, Market, options);
            _count++;
            if (record.Warnings.Count > 0) _warned++;
            WriteStored(record);
            CommitIfDue();
            ReportProgress(1, _activity ??= "Sharing offers to " + Market, _count, -1, offer.OfferId);
        }

        protected override void EndProcessing()
        {
            if (_warned > 0)
                Logger.LogWarning("{Warned} of {Count} offers shared to {Market} carry a warning (see the Warnings of their share records).", _warned, _count, Market);
            Logger.LogInformation("{Count} offers submitted to {Market}.", _count, Market);
            base.EndProcessing();
            CompleteProgress(1, "Sharing offers to " + Market);
        }
    }
}
