using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core;
using ListingPs.Core.Allegro;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Withdraws offers from an additional market.</para>
    /// <para type="description">The share becomes Withdrawn; its price is kept and Submit-Offer shares it again. The base market
    /// cannot be withdrawn from: every active offer stays on its own market.</para>
    /// <para type="description">With -Remote the offers leave the market on Allegro too. Allegro's API has no way to take one
    /// offer off one market: since June 2024 the shipping rate decides the markets. So -Remote needs -ShippingRate, a rate of
    /// the account without a delivery method to that market's country, and moves each offer to it (PATCH
    /// delivery.shippingRates.id); without one it refuses before anything is done and names the rates that would do. An offer
    /// whose rate already opens no such market is left alone. A rate can open more than one market: the record says which
    /// markets a move takes the offer off. Nothing read-only is written (publication.marketplaces).</para>
    /// </summary>
    [Cmdlet(VerbsData.Unpublish, "Offer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ShareRecord), typeof(RemoteShareResult))]
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

        /// <summary>Also takes the offers off the market on Allegro, by moving them to the rate -ShippingRate names.</summary>
        [Parameter]
        public SwitchParameter Remote { get; set; }

        /// <summary>With -Remote: a shipping rate (name or id) without a delivery method to the market's country.</summary>
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

        /// <summary>The offers moved side by side before their results are written.</summary>
        private const int Chunk = 200;
        private readonly System.Collections.Generic.List<ShareRecord> _pending = new System.Collections.Generic.List<ShareRecord>();

        private long _count;
        private AllegroClient? _allegro;
        private AllegroShare? _share;
        private AllegroShippingRate? _moveTo;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!Remote)
            {
                if (ShippingRate != null || MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)))
                    ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-ShippingRate and -ThrottleLimit go with -Remote (they say where the offers move on Allegro, and how)."),
                        "RemoteParameterWithoutRemote", ErrorCategory.InvalidArgument, null));
                return;
            }
            _allegro = new AllegroClient(Logger);
            try
            {
                _share = _allegro.Share(Store, Environment, Credential, ThrottleLimit);
                // Market binds per record from the pipeline; the rate is checked against each record's market as it comes.
                if (ShippingRate == null)
                    throw new ListingPsException(AllegroErrorIds.AllegroWithdrawNeedsRate,
                        _allegro.WaitFor(c => _share.WithdrawRouteAsync(MyInvocation.BoundParameters.ContainsKey(nameof(Market)) ? Market : "the market", c)), ErrorKind.InvalidArgument);
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Market)))
                {
                    _moveTo = _allegro.WaitFor(c => _share.FindRateAsync(ShippingRate, Market, c, opens: false));
                    _moveToMarket = Market;
                }
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

        protected override void ProcessRecord()
        {
            foreach (var id in OfferId)
            {
                if (Stopping) break;
                Try(id, () =>
                {
                    if (!Confirm("Offer " + id, Remote ? "Withdraw from " + Market + " and move to the shipping rate '" + ShippingRate + "' on Allegro" : "Withdraw from " + Market)) return;
                    if (_share != null && (_moveTo == null || _moveToMarket != Market))
                    {
                        MoveOnAllegro();                   // the offers of the market before go first
                        _moveTo = _allegro!.WaitFor(c => _share.FindRateAsync(ShippingRate!, Market, c, opens: false));
                        _moveToMarket = Market;
                    }
                    var record = Shares.Withdraw(id, Market);
                    _count++;
                    if (_share != null)
                    {
                        _pending.Add(record);
                        if (_pending.Count >= Chunk) MoveOnAllegro();
                    }
                    else if (PassThru) WriteStored(record);
                    CommitIfDue();
                    ReportProgress(1, "Withdrawing offers from " + Market, _count, -1, id);
                });
            }
        }

        private string? _moveToMarket;

        /// <summary>The withdrawn offers in hand moved on Allegro side by side (their local withdrawal committed first), one result each, in order.</summary>
        private void MoveOnAllegro()
        {
            if (_pending.Count == 0 || Stopping) return;
            var batch = _pending.ToArray();
            _pending.Clear();
            Store.Commit();
            var moveTo = _moveTo!;
            System.Collections.Generic.IReadOnlyList<RemoteShareResult>? results = null;
            if (!Try(null, () => results = _allegro!.WaitFor(c => _share!.WithdrawAsync(batch, moveTo, c)))) return;
            foreach (var r in results!)
            {
                if (r.Outcome == RemoteOutcome.Failed)
                    WriteError(ToErrorRecord(new ListingPsException(r.ErrorId, "Offer " + r.OfferId + " on " + r.Market + ": " + r.Message,
                        r.ErrorId == AllegroErrorIds.AllegroOfferNotFound ? ErrorKind.ObjectNotFound : ErrorKind.InvalidData), r));
                WriteStored(r);
            }
            CommitIfDue();
        }

        protected override void EndProcessing()
        {
            MoveOnAllegro();
            base.EndProcessing();
            CompleteProgress(1, "Withdrawing offers from " + Market);
            _allegro?.Dispose();
        }
    }
}
