using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core;
using ListingPs.Core.Allegro;
using ListingPs.Core.Model;
using Microsoft.Extensions.Logging;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Reads Allegro's own verdicts of offers on an additional market and stores them beside ListingPs's.</para>
    /// <para type="description">For each offer (piped by OfferId, given with -OfferId, or by default every offer ListingPs has
    /// sent to the market with Submit-Offer -Remote or synced before) it reads the offer on Allegro (GET
    /// /sale/product-offers/{offerId}): the publication state on the market (APPROVED, REFUSED, IN_PROGRESS, PENDING,
    /// NOT_REQUESTED) and the refusal reasons with Allegro's code, text and parameters (a code ListingPs does not know is kept as
    /// sent). It stores them in the workspace and writes a MarketVerdict per offer: MarketState and MarketReasons beside
    /// LocalState and LocalReasons, and Disagreement (MarketRefused: ListingPs approved, Allegro refused; MarketApproved: the
    /// other way; Reasons: both refused for different reasons). Verification takes Allegro a while: an offer still IN_PROGRESS
    /// is shown so, and a later run completes it. Nothing is changed on Allegro.</para>
    /// <para type="description">Without offers given, a run after the first reads only what changed: Allegro's offer events
    /// (GET /sale/offer-events of type OFFER_VISIBILITY_CHANGED) from the last one the workspace stored, and the offers they
    /// name plus those still undecided. The first run, -Full, or a stored position older than Allegro's 24 hours of events
    /// reads every offer again. The new position is stored with the verdicts, so a stopped run reads the same events again.</para>
    /// </summary>
    [Cmdlet(VerbsData.Sync, "VerificationStatus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(MarketVerdict))]
    public sealed class SyncVerificationStatusCommand : ListingPsCmdlet
    {
        /// <summary>The additional market (allegro-cz, allegro-sk, allegro-hu).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(AdditionalMarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string Market { get; set; } = "";

        /// <summary>The offers to read (default: every offer ListingPs sent to the market or synced before).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(OfferIdCompleter))]
        public string[]? OfferId { get; set; }

        /// <summary>Reads every offer sent or synced before, not only those Allegro's events name.</summary>
        [Parameter]
        public SwitchParameter Full { get; set; }

        /// <summary>Allegro's marketplace (Production, the default) or its sandbox.</summary>
        [Parameter]
        public AllegroEnvironment Environment { get; set; } = AllegroEnvironment.Production;

        /// <summary>The Allegro application (client id as the user name, client secret as the password).</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        private AllegroClient? _allegro;
        private AllegroShare? _share;
        private bool _piped;
        private long _count;
        private readonly Dictionary<string, long> _states = new Dictionary<string, long>();

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _allegro = new AllegroClient(Logger);
            try
            {
                if (!Rules.TryGetMarket(Market, out var market) || market.IsBase)
                    throw new ListingPsException(ErrorIds.UnknownMarket, "'" + Market + "' is not an additional market of the rules in force (Get-Market lists them).", ErrorKind.InvalidArgument);
                Market = market.Id;
                _share = new AllegroShare(_allegro.Connection, AllegroClient.Settings(Environment, Credential), Store);
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

        protected override void ProcessRecord()
        {
            if (OfferId == null) return;
            _piped = true;
            foreach (var id in OfferId) SyncOne(id, -1);
        }

        protected override void EndProcessing()
        {
            if (!_piped)
            {
                var key = "allegro." + Environment + "." + Market;
                AllegroShare.Changes? changes = null;
                Try(null, () => changes = _allegro!.Run(c => _share!.ChangesAsync(Market, key, c)));
                if (changes != null)
                {
                    var ids = Full ? Store.MarketVerdicts(Market).Select(v => v.OfferId).ToList() : changes.OfferIds;
                    Logger.LogInformation("Allegro's verdicts on {Market}: {Count} offers to read ({Why}).", Market, ids.Count, Full ? "-Full" : changes.Why);
                    bool stopped = false;
                    foreach (var id in ids)
                    {
                        if (Stopping) { stopped = true; break; }
                        SyncOne(id, ids.Count);
                    }
                    // an offer that could not be read keeps the old position, so the next run reads its event again
                    if (!stopped && _failed == 0 && changes.Position != null && Confirm("Workspace", "Store the position of Allegro's offer events for " + Market))
                        Try(null, () => Store.SetEventPosition(key, changes.Position));
                }
            }
            Logger.LogInformation("{Count} verdicts read from Allegro for {Market}: {States}.", _count, Market,
                string.Join(", ", _states.Select(s => s.Value + " " + s.Key)));
            base.EndProcessing();
            CompleteProgress(1, "Reading Allegro's verdicts on " + Market);
            _allegro?.Dispose();
        }

        private long _failed;

        private void SyncOne(string offerId, long total)
        {
            if (!Try(offerId, () =>
            {
                if (!Confirm("Offer " + offerId, "Store Allegro's verdict on " + Market)) return;
                var verdict = _allegro!.Run(c => _share!.SyncAsync(offerId, Market, c));
                _count++;
                var state = verdict.MarketStateText;
                _states[state] = _states.TryGetValue(state, out var n) ? n + 1 : 1;
                WriteStored(verdict);
                CommitIfDue();
                ReportProgress(1, "Reading Allegro's verdicts on " + Market, _count, total, offerId);
            })) _failed++;
        }
    }
}
