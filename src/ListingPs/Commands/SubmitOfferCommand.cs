using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core;
using ListingPs.Core.Allegro;
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
    /// <para type="description">With -Remote the offers the local verification passes also go to Allegro (connect first with
    /// Connect-AllegroAccount). Since June 2024 an offer is on allegro-cz, allegro-sk or allegro-hu when its shipping rate holds
    /// a delivery method to that country, and it needs a price in that market's currency: so for each offer ListingPs reads the
    /// offer on Allegro (GET /sale/product-offers/{offerId}), sends nothing when its rate does not open the market (the record
    /// names the rates that do; -ShippingRate moves the offer to one), sends nothing when Allegro already holds the price (a
    /// rerun sends only what is missing), and otherwise sends the price (PATCH additionalMarketplaces.{market}.sellingMode.price),
    /// following Allegro's asynchronous answer to its end. Offers the local verification refuses are not sent unless -Force.
    /// Each offer gives a RemoteShareResult: Outcome Sent, AlreadySent or NotSent, the local verdict, the rate and the markets
    /// it opens, and Allegro's state on the market (IN_PROGRESS while it verifies; Sync-VerificationStatus reads the verdict).
    /// -WhatIf sends and stores nothing.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Submit, "Offer", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ShareRecord), typeof(RemoteShareResult))]
    public sealed class SubmitOfferCommand : ShareInputCmdlet
    {
        /// <summary>Also shares the offers to Allegro (the REST API), after the local verification.</summary>
        [Parameter]
        public SwitchParameter Remote { get; set; }

        /// <summary>With -Remote: sends offers the local verification refused too (their price still has to be there).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>With -Remote: a shipping rate (name or id) that opens the market, to move each offer whose own rate does not to it (PATCH delivery.shippingRates.id).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ShippingRate { get; set; }

        /// <summary>With -Remote: Allegro's marketplace (Production, the default) or its sandbox.</summary>
        [Parameter]
        public AllegroEnvironment Environment { get; set; } = AllegroEnvironment.Production;

        /// <summary>With -Remote: the Allegro application (client id as the user name, client secret as the password).</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        private string? _action;
        private string? _activity;
        private long _count;
        private long _warned;
        private AllegroClient? _allegro;
        private AllegroShare? _share;
        private AllegroShippingRate? _moveTo;
        private long _sent, _already, _notSent;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!Remote)
            {
                if (Force || ShippingRate != null)
                    ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Force and -ShippingRate go with -Remote (they say what is sent to Allegro)."),
                        "RemoteParameterWithoutRemote", ErrorCategory.InvalidArgument, null));
                return;
            }
            _allegro = new AllegroClient(Logger);
            try
            {
                _share = new AllegroShare(_allegro.Connection, AllegroClient.Settings(Environment, Credential), Store);
                if (ShippingRate != null) _moveTo = _allegro.Run(c => _share.FindRateAsync(ShippingRate, Market, c));
            }
            catch (ListingPsException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, ShippingRate));
            }
        }

        protected override void StopProcessing()
        {
            _allegro?.Stop();
            base.StopProcessing();
        }

        protected override void Handle(PreparedOffer offer, SubmitOptions options)
        {
            if (!Confirm("Offer " + offer.OfferId, _action ??= Remote ? "Share to " + Market + " and send to Allegro" : "Share to " + Market)) return;
            var record = Shares.Submit(offer, Market, options);
            _count++;
            if (record.Warnings.Count > 0) _warned++;
            if (_share != null)
            {
                var result = _allegro!.Run(c => _share.ShareAsync(record, Force, _moveTo, c));
                if (result.Outcome == RemoteOutcome.Sent) _sent++;
                else if (result.Outcome == RemoteOutcome.AlreadySent) _already++;
                else _notSent++;
                WriteStored(result);
            }
            else WriteStored(record);
            CommitIfDue();
            ReportProgress(1, _activity ??= "Sharing offers to " + Market + (Remote ? " on Allegro" : ""), _count, -1,
                Remote ? offer.OfferId + " (" + _sent + " sent, " + _already + " already there, " + _notSent + " not sent)" : offer.OfferId);
        }

        protected override void EndProcessing()
        {
            if (_warned > 0)
                Logger.LogWarning("{Warned} of {Count} offers shared to {Market} carry a warning (see the Warnings of their share records).", _warned, _count, Market);
            Logger.LogInformation("{Count} offers submitted to {Market}.", _count, Market);
            if (Remote)
                Logger.LogInformation("Allegro: {Sent} prices sent, {Already} already there, {NotSent} offers not sent.", _sent, _already, _notSent);
            base.EndProcessing();
            CompleteProgress(1, "Sharing offers to " + Market + (Remote ? " on Allegro" : ""));
            _allegro?.Dispose();
        }
    }
}
