using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ListingPs.Core;
using ListingPs.Core.Allegro;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Sharing;
using Microsoft.Extensions.Logging;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// Sets an offer's price on a market, by hand (-Price) or with the converter (-UseConverter), and verifies it again. With
    /// -Remote the offers then go to Allegro in bulk: collected while the pipeline runs, sent at its end in price-change
    /// commands (or, with -UseConverter, price-automation commands that assign the EXCHANGE_RATE rule), one result per offer
    /// once its command's tasks are read.
    /// </summary>
    public abstract class MarketPriceCmdlet : ListingPsCmdlet
    {
        protected const string OwnPriceSet = "OwnPrice";
        protected const string ConverterSet = "Converter";

        /// <summary>The offer (pipeline: offers, share records or any object with an OfferId property).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Sku")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OfferIdCompleter))]
        public string[] OfferId { get; set; } = new string[0];

        /// <summary>An own price in the market currency, on the currency's step (whole crowns for CZK). An own price turns the converter off for the offer.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OwnPriceSet)]
        public decimal Price { get; set; }

        /// <summary>Prices the offer from its base price with the price converter (and turns the converter back on).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ConverterSet)]
        [Alias("Converter")]
        public SwitchParameter UseConverter { get; set; }

        /// <summary>Rate (base currency to market currency) to use instead of the workspace's or the rules'.</summary>
        [Parameter]
        [ValidateRange(0.000001, 1000000)]
        public decimal? ExchangeRate { get; set; }

        /// <summary>Writes the share record after the price is set (with -Remote: the Allegro result of each offer is written instead).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Also sets the prices on Allegro (the REST API, in bulk price-change commands), after the local price is set and verified; with -UseConverter assigns Allegro's price converter (the EXCHANGE_RATE rule) instead.</summary>
        [Parameter]
        public SwitchParameter Remote { get; set; }

        /// <summary>With -Remote: Allegro's marketplace (Production, the default) or its sandbox.</summary>
        [Parameter]
        public AllegroEnvironment Environment { get; set; } = AllegroEnvironment.Production;

        /// <summary>With -Remote: the Allegro application (client id as the user name, client secret as the password).</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>With -Remote: the requests to Allegro under way at once (1 to 32; default 4): reads and commands.</summary>
        [Parameter]
        [ValidateRange(1, AllegroParallel.MaxLimit)]
        public int ThrottleLimit { get; set; } = AllegroParallel.DefaultLimit;

        /// <summary>The market whose price is set.</summary>
        protected abstract string TargetMarket { get; }

        /// <summary>Repriced and warned records per market, in the order the markets first came (Market binds per record).</summary>
        private readonly List<(string Market, long Count, long Warned)> _tally = new List<(string, long, long)>();
        private long _count;
        private string? _activity;

        private AllegroClient? _allegro;
        private AllegroPrices? _prices;
        private readonly List<AllegroPriceChange> _remote = new List<AllegroPriceChange>();
        private readonly List<(string OfferId, string Market)> _remoteConverter = new List<(string, string)>();

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!Remote)
            {
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Environment)) || Credential != null || MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)))
                    ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Environment, -Credential and -ThrottleLimit go with -Remote (they say where the prices are sent, and how)."),
                        "RemoteParameterWithoutRemote", ErrorCategory.InvalidArgument, null));
                return;
            }
            _allegro = new AllegroClient(Logger);
            try
            {
                _prices = _allegro.Prices(Store, Environment, Credential, ThrottleLimit);
            }
            catch (ListingPsException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, null));
            }
        }

        protected override void StopProcessing()
        {
            _allegro?.Stop();
            base.StopProcessing();
        }

        /// <summary>
        /// Whether Allegro takes prices for the market by this route: an additional market (shared from a base market) on the
        /// Allegro platform, as its rule says (allegro-cz, allegro-sk, allegro-hu in the shipped rules).
        /// </summary>
        private bool IsAllegroMarket(string market) =>
            Rules.TryGetMarket(market, out var m) && !m.IsBase && !string.IsNullOrEmpty(m.ShareFrom) && Platforms.IsAllegro(m.Platform);

        protected override void ProcessRecord()
        {
            var market = TargetMarket;
            var action = UseConverter
                ? "Set the " + market + " price with the converter" + (Remote ? " and assign Allegro's price converter" : "")
                : "Set the " + market + " price to " + Price.ToString(System.Globalization.CultureInfo.InvariantCulture) + (Remote ? " and send it to Allegro" : "");
            foreach (var id in OfferId)
            {
                if (Stopping) break;
                Try(id, () =>
                {
                    if (Remote && !IsAllegroMarket(market))
                        throw new ListingPsException(AllegroErrorIds.AllegroMarketNotSupported,
                            "-Remote sets prices on Allegro's additional markets (allegro-cz, allegro-sk, allegro-hu); " + market + " is not one of them: nothing was changed.",
                            ErrorKind.InvalidArgument);
                    if (!Confirm("Offer " + id, action)) return;
                    var record = SetPrice(id);
                    _count++;
                    Count(market, record is ShareRecord share && share.Warnings.Count > 0);
                    if (Remote && record is ShareRecord local)
                    {
                        if (UseConverter) _remoteConverter.Add((local.OfferId, local.Market));
                        else if (local.Price.HasValue) _remote.Add(new AllegroPriceChange(local.OfferId, local.Market, local.Price.Value, local.Currency));
                    }
                    else if (PassThru) WriteStored(record);
                    CommitIfDue();
                    ReportProgress(1, _activity = "Setting " + market + " prices", _count, -1, id);
                });
            }
        }

        private void Count(string market, bool warned)
        {
            int i = _tally.FindIndex(t => string.Equals(t.Market, market, StringComparison.OrdinalIgnoreCase));
            if (i < 0) _tally.Add((market, 1, warned ? 1 : 0));
            else _tally[i] = (_tally[i].Market, _tally[i].Count + 1, _tally[i].Warned + (warned ? 1 : 0));
        }

        /// <summary>Sets one offer's price; connection targets override this.</summary>
        protected virtual object SetPrice(string offerId) =>
            Shares.SetPrice(offerId, TargetMarket, UseConverter ? PriceRequest.Converter : PriceRequest.Own(Price), ExchangeRate);

        protected override void EndProcessing()
        {
            foreach (var (market, count, warned) in _tally)
                if (warned > 0)
                    Logger.LogWarning("{Warned} of {Count} repriced offers on {Market} carry a warning (see the Warnings of their share records).", warned, count, market);
            if (_tally.Count == 0) Logger.LogInformation("{Count} offers repriced on {Market}.", 0, TargetMarket);
            foreach (var (market, count, _) in _tally)
                Logger.LogInformation("{Count} offers repriced on {Market}.", count, market);
            base.EndProcessing();                                  // the local prices are stored before anything goes to Allegro
            CompleteProgress(1, _activity ?? "Setting " + TargetMarket + " prices");
            if (_prices != null && !Stopping && (_remote.Count > 0 || _remoteConverter.Count > 0))
            {
                try { SendToAllegro(_prices); }
                finally { Store.Commit(); FlushLog(); }
            }
            _allegro?.Dispose();
        }

        private const int AllegroActivity = 2;

        /// <summary>The collected offers to Allegro: earlier commands finished first, then one command per market and price, one result per offer.</summary>
        private void SendToAllegro(AllegroPrices prices)
        {
            var activity = UseConverter ? "Assigning Allegro's price converter" : "Sending prices to Allegro";
            long failed = 0, changes = 0, warned = 0, unchanged = 0;
            AllegroPricePlan plan;
            try
            {
                var resumed = _allegro!.WaitFor(c => prices.ResumeAsync(c));
                if (resumed.Count > 0)
                    Logger.LogInformation("{Count} offers' results of commands an earlier run left under way were read from Allegro ({Failed} failed).",
                        resumed.Count, resumed.Count(r => r.Outcome == RemotePriceOutcome.Failed));
                plan = UseConverter
                    ? _allegro.WaitFor(c => prices.PlanConverterAsync(_remoteConverter, c))
                    : _allegro.WaitFor(c => prices.PlanPricesAsync(_remote, c));
            }
            catch (ListingPsException ex)
            {
                FlushLog();
                ThrowTerminatingError(ToErrorRecord(ex, null));
                return;
            }
            foreach (var r in plan.Unchanged) { unchanged++; WriteObject(r); }
            long offers = plan.Changes + plan.Unchanged.Count;
            ReportAllegroProgress(AllegroActivity, activity, prices.Counters, offers, prices.Pacer);
            // the commands go side by side, ThrottleLimit at a time; each group's results are written and committed before the next
            for (int i = 0; i < plan.Batches.Count && !Stopping; i += prices.Parallel)
            {
                var group = plan.Batches.GetRange(i, Math.Min(prices.Parallel, plan.Batches.Count - i));
                changes += group.Sum(b => b.OfferIds.Count);
                var what = group.Count == 1
                    ? "Command " + group[0].CommandId + ": " + group[0].OfferIds.Count + " offers on " + group[0].Market
                        + (group[0].IsConverter ? " (price converter)" : " at " + group[0].Price!.Value.ToString(CultureInfo.InvariantCulture) + " " + group[0].Currency)
                    : group.Count + " commands, " + group.Sum(b => b.OfferIds.Count) + " offers";
                var results = _allegro!.WaitFor(c => prices.SendAllAsync(group, c), () => ReportAllegroProgress(AllegroActivity, activity, prices.Counters, offers, prices.Pacer, what));
                foreach (var r in results)
                {
                    if (r.Outcome == RemotePriceOutcome.Failed)
                    {
                        failed++;
                        var ex = new ListingPsException(r.ErrorId.Length > 0 ? r.ErrorId : AllegroErrorIds.AllegroPriceChangeFailed,
                            "Offer " + r.OfferId + " on " + r.Market + ": " + r.Message, ErrorKind.InvalidData);
                        WriteError(ToErrorRecord(ex, r.OfferId));
                    }
                    if (r.Warnings.Count > 0) warned++;
                    WriteObject(r);
                }
                Store.Commit();
                FlushLog();
                ReportAllegroProgress(AllegroActivity, activity, prices.Counters, offers, prices.Pacer);
            }
            WriteProgress(new ProgressRecord(AllegroActivity, activity, "Done") { RecordType = ProgressRecordType.Completed });
            if (warned > 0)
                Logger.LogWarning("{Count} offers got a price by hand on Allegro: a manual price switches off the offer's pricing rules there (Allegro #10697); -UseConverter -Remote assigns the converter again.", warned);
            Logger.LogInformation("Allegro: {Changes} offers in {Commands} commands, {Failed} failed, {Unchanged} needed nothing.", changes, plan.Batches.Count, failed, unchanged);
        }
    }
}
