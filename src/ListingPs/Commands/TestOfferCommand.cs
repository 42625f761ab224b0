using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;
using Microsoft.Extensions.Logging;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Checks offers against an additional market's policy and prices them, without storing anything.</para>
    /// <para type="description">Takes the same input and parameters as Submit-Offer and emits the share records Submit-Offer would
    /// emit - state, every reason with what to change, the market price - but writes nothing to the workspace: neither the
    /// offers nor their shares. Offers already in the workspace are merged with the input as Submit-Offer merges them, and a
    /// stored own price or automatic translation counts. Use it to check an assortment before sharing it.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "Offer", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ShareRecord))]
    public sealed class TestOfferCommand : ShareInputCmdlet
    {
        private string? _activity;
        private long _count;
        private long _refused;

        /// <summary>Test-Offer stores nothing: it reads without the write lock.</summary>
        protected override bool Writes => false;

        protected override void ProcessPreparedOffer(PreparedOffer offer, SubmitOptions options)
        {
            var record = Shares.Test(offer, Market, options);
            _count++;
            if (record.State == ShareState.Refused) _refused++;
            WriteObject(record);
            ReportProgress(1, _activity ??= "Checking offers against " + Market, _count, -1, offer.OfferId);
        }

        protected override void EndProcessing()
        {
            Logger.LogInformation("{Count} offers checked against {Market}: {Refused} would be refused; nothing was stored.", _count, Market, _refused);
            base.EndProcessing();
            CompleteProgress(1, "Checking offers against " + Market);
        }
    }
}
