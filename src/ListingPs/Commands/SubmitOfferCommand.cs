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
    /// a delivery method to that country, and it needs a price in that market's currency. The offers are sent in bulk, up to
    /// 10,000 at a time: ListingPs reads them as Allegro lists them (GET /sale/offers, 50 ids a call), sends nothing for an
    /// offer whose rate does not open the market (the record names the rates that do; -ShippingRate moves the offer to one by
    /// PATCH delivery.shippingRates.id), sends nothing when Allegro already holds the price (a rerun sends only what is
    /// missing), and sends the rest: a price several offers share in one of Allegro's price-change commands (PUT
    /// /sale/offer-price-change-commands/{commandId}, one market and price a command, at most 1,000 offers), read to the end
    /// of its tasks, and a price only one offer has on the offer (PATCH additionalMarketplaces.{market}.sellingMode.price).
    /// A price from ListingPs's converter is not sent over Allegro's own pricing rule. Price changes are paced to Allegro's
    /// limits (9,000 a minute, 150,000 an hour): the progress shows the expected time. Up to -ThrottleLimit requests are under
    /// way at once. Offers the local verification refuses are not sent unless -Force. Each offer gives a RemoteShareResult:
    /// Outcome Sent, AlreadySent, NotSent or Failed (with an error), the local verdict, the rate and the markets it opens, and
    /// Allegro's state on the market (IN_PROGRESS while it verifies; Sync-VerificationStatus reads the verdict). -WhatIf sends
    /// and stores nothing.</para>
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

        /// <summary>With -Remote: the requests to Allegro under way at once (1 to 32; default 4).</summary>
        [Parameter]
        [ValidateRange(1, AllegroParallel.MaxLimit)]
        public int ThrottleLimit { get; set; } = AllegroParallel.DefaultLimit;

        /// <summary>The offers sent to Allegro in one go: enough for Allegro's commands to carry many offers of one price.</summary>
        private const int RemoteBatch = 10000;

        private string? _action;
        private string? _activity;
        private long _count;
        private long _warned;
        private AllegroClient? _allegro;
        private AllegroShare? _share;
        private AllegroShippingRate? _moveTo;
        private readonly System.Collections.Generic.List<ShareRecord> _batch = new System.Collections.Generic.List<ShareRecord>();
        private long _sent, _already, _notSent, _failed, _inHand, _priceWarned;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!Remote)
            {
                if (Force || ShippingRate != null || MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)))
                    ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Force, -ShippingRate and -ThrottleLimit go with -Remote (they say what is sent to Allegro, and how)."),
                        "RemoteParameterWithoutRemote", ErrorCategory.InvalidArgument, null));
                return;
            }
            _allegro = new AllegroClient(Logger);
            try
            {
                _share = _allegro.Share(Store, Environment, Credential, ThrottleLimit);
                if (ShippingRate != null) _moveTo = _allegro.WaitFor(c => _share.FindRateAsync(ShippingRate, Market, c));
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

        protected override void ProcessPreparedOffer(PreparedOffer offer, SubmitOptions options)
        {
            if (!Confirm("Offer " + offer.OfferId, _action ??= Remote ? "Share to " + Market + " and send to Allegro" : "Share to " + Market)) return;
            var record = Shares.Submit(offer, Market, options);
            _count++;
            if (record.Warnings.Count > 0) _warned++;
            if (_share != null)
            {
                _batch.Add(record);
                if (_batch.Count >= RemoteBatch) SendToAllegro();
            }
            else WriteStored(record);
            CommitIfDue();
            ReportProgress(1, _activity ??= "Sharing offers to " + Market, _count, -1, offer.OfferId);
        }

        private const int AllegroActivity = 2;

        /// <summary>
        /// The offers in hand to Allegro, in one engine call (the pipeline thread waits and writes the progress): their local
        /// verdicts are committed first, then one result per offer is written in the order they came.
        /// </summary>
        private void SendToAllegro()
        {
            if (_batch.Count == 0 || Stopping) return;
            var batch = _batch.ToArray();
            _batch.Clear();
            Store.Commit();
            _inHand += batch.Length;
            var activity = "Sending offers to " + Market + " on Allegro";
            System.Collections.Generic.IReadOnlyList<RemoteShareResult> results;
            try
            {
                results = _allegro!.WaitFor(c => _share!.ShareAsync(batch, Force, _moveTo, c),
                    () => ReportAllegroProgress(AllegroActivity, activity, _share!.Counters, _inHand, _share.Prices.Pacer));
            }
            catch (ListingPsException ex)
            {
                Store.Commit();
                FlushLog();
                ThrowTerminatingError(ToErrorRecord(new ListingPsException(ex.ErrorId,
                    ex.Message + " " + batch.Length + " offers of this run were not all sent to Allegro; their local verdicts are stored. Run the command again: what Allegro holds is not sent twice.",
                    ex.Kind, ex), null));
                return;
            }
            if (_share!.Resumed.Count > 0 && _inHand == batch.Length)
                Logger.LogInformation("{Count} offers' results of price commands an earlier run left under way were read from Allegro first.", _share.Resumed.Count);
            foreach (var r in results)
            {
                switch (r.Outcome)
                {
                    case RemoteOutcome.Sent: _sent++; break;
                    case RemoteOutcome.AlreadySent: _already++; break;
                    case RemoteOutcome.NotSent: _notSent++; break;
                    default:
                        _failed++;
                        WriteError(ToErrorRecord(new ListingPsException(r.ErrorId.Length > 0 ? r.ErrorId : AllegroErrorIds.AllegroRequestRefused,
                            "Offer " + r.OfferId + " on " + r.Market + ": " + r.Message, r.ErrorId == AllegroErrorIds.AllegroOfferNotFound ? ErrorKind.ObjectNotFound : ErrorKind.InvalidData), r));
                        break;
                }
                if (r.Warnings.Count > 0) _priceWarned++;
                WriteStored(r);
            }
            Store.Commit();
            FlushLog();
            ReportAllegroProgress(AllegroActivity, activity, _share.Counters, _inHand, _share.Prices.Pacer);
        }

        protected override void EndProcessing()
        {
            SendToAllegro();
            if (_warned > 0)
                Logger.LogWarning("{Warned} of {Count} offers shared to {Market} carry a warning (see the Warnings of their share records).", _warned, _count, Market);
            Logger.LogInformation("{Count} offers submitted to {Market}.", _count, Market);
            if (Remote)
            {
                if (_priceWarned > 0)
                    Logger.LogWarning("{Count} offers got a price by hand on Allegro: a manual price switches off the offer's pricing rules there (Allegro #10697); Set-OfferCzkPrice -UseConverter -Remote assigns the converter again.", _priceWarned);
                Logger.LogInformation("Allegro: {Sent} offers sent, {Already} already there, {NotSent} not sent, {Failed} failed.", _sent, _already, _notSent, _failed);
            }
            base.EndProcessing();
            CompleteProgress(1, "Sharing offers to " + Market);
            if (Remote) CompleteProgress(AllegroActivity, "Sending offers to " + Market + " on Allegro");
            _allegro?.Dispose();
        }
    }
}
