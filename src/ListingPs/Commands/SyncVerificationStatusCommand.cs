using System;
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

        /// <summary>The requests to Allegro under way at once (1 to 32; default 4).</summary>
        [Parameter]
        [ValidateRange(1, AllegroParallel.MaxLimit)]
        public int ThrottleLimit { get; set; } = AllegroParallel.DefaultLimit;

        /// <summary>The offers read side by side before their verdicts are stored and written.</summary>
        private const int Chunk = 200;

        private AllegroClient? _allegro;
        private AllegroShare? _share;
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
                _share = _allegro.Share(Store, Environment, Credential, ThrottleLimit);
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

        private readonly List<string> _piped = new List<string>();
        private bool _pipedAny;

        protected override void ProcessRecord()
        {
            if (OfferId == null) return;
            _pipedAny = true;
            foreach (var id in OfferId)
            {
                if (Stopping) return;
                if (!Confirm("Offer " + id, "Store Allegro's verdict on " + Market)) continue;
                _piped.Add(id);
                if (_piped.Count >= Chunk) { SyncChunk(_piped, -1); _piped.Clear(); }
            }
        }

        protected override void EndProcessing()
        {
            if (_pipedAny)
            {
                SyncChunk(_piped, -1);
                _piped.Clear();
            }
            else
            {
                var key = "allegro." + Environment + "." + Market;
                AllegroShare.Changes? changes = null;
                Try(null, () => changes = _allegro!.WaitFor(c => _share!.ChangesAsync(Market, key, c)));
                if (changes != null)
                {
                    var ids = Full ? Store.MarketVerdicts.OfMarket(Market).Select(v => v.OfferId).ToList() : changes.OfferIds.ToList();
                    Logger.LogInformation("Allegro's verdicts on {Market}: {Count} offers to read ({Why}).", Market, ids.Count, Full ? "-Full" : changes.Why);
                    var wanted = ids.Where(id => Confirm("Offer " + id, "Store Allegro's verdict on " + Market)).ToList();
                    for (int i = 0; i < wanted.Count && !Stopping; i += Chunk)
                        SyncChunk(wanted.GetRange(i, Math.Min(Chunk, wanted.Count - i)), wanted.Count);
                    // an offer that could not be read keeps the old position, so the next run reads its event again
                    if (!Stopping && _failed == 0 && changes.Position != null && Confirm("Workspace", "Store the position of Allegro's offer events for " + Market))
                        Try(null, () => Store.MarketVerdicts.SetEventPosition(key, changes.Position));
                }
            }
            Logger.LogInformation("{Count} verdicts read from Allegro for {Market}: {States}.", _count, Market,
                string.Join(", ", _states.Select(s => s.Value + " " + s.Key)));
            base.EndProcessing();
            CompleteProgress(1, "Reading Allegro's verdicts on " + Market);
            _allegro?.Dispose();
        }

        private long _failed;

        /// <summary>Reads the offers' verdicts side by side (the pipeline thread waits), then stores and writes them in order.</summary>
        private void SyncChunk(List<string> offerIds, long total)
        {
            if (offerIds.Count == 0 || Stopping) return;
            var ids = offerIds.ToList();
            IReadOnlyList<SyncedVerdict>? read = null;
            if (!Try(null, () => read = _allegro!.WaitFor(c => _share!.SyncAsync(ids, Market, c),
                    () => ReportProgress(1, "Reading Allegro's verdicts on " + Market, _count + _share!.Counters.Read - _read, total))))
            {
                _failed += ids.Count;
                return;
            }
            _read = _share!.Counters.Read;
            foreach (var one in read!)
            {
                if (one.Error != null)
                {
                    _failed++;
                    WriteError(ToErrorRecord(one.Error, one.OfferId));
                    continue;
                }
                var verdict = one.Verdict!;
                _count++;
                var state = verdict.MarketStateText;
                _states[state] = _states.TryGetValue(state, out var n) ? n + 1 : 1;
                WriteStored(verdict);
            }
            CommitIfDue();
            ReportProgress(1, "Reading Allegro's verdicts on " + Market, _count, total, ids[ids.Count - 1]);
        }

        private long _read;
    }
}
