using ListingPs.Core.Workspace;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.Core.Model;

namespace ListingPs.Core.Allegro
{
    /// <summary>What happened to an offer that was shared to Allegro.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum RemoteOutcome
    {
        /// <summary>The market price was sent (and the offer moved to the rate asked for, if it was).</summary>
        Sent,
        /// <summary>Allegro already holds this price on the market: nothing was sent (a rerun sends only what is missing).</summary>
        AlreadySent,
        /// <summary>Nothing was sent: the local verification refused the offer, it has no market price, or its rate does not open the market.</summary>
        NotSent,
        /// <summary>Allegro could not take it: the offer is not on the account, a move was refused, or the price command failed for it (ErrorId, Message).</summary>
        Failed,
    }

    /// <summary>An offer shared to an Allegro market: the local verdict, what was sent, and what Allegro holds now.</summary>
    public sealed class RemoteShareResult
    {
        private IReadOnlyList<string> _warnings = Array.Empty<string>();

        public string OfferId { get; set; } = "";
        public string Market { get; set; } = "";
        public RemoteOutcome Outcome { get; set; }
        public ShareState LocalState { get; set; }
        public IReadOnlyList<Reason> LocalReasons { get; set; } = Array.Empty<Reason>();
        /// <summary>The market price ListingPs worked out (sent unless the outcome says otherwise).</summary>
        public decimal? Price { get; set; }
        public string Currency { get; set; } = "";
        /// <summary>The offer's shipping rate on Allegro (after a move, the new one) and every market it opens.</summary>
        public string ShippingRate { get; set; } = "";
        public IReadOnlyList<string> RateMarkets { get; set; } = Array.Empty<string>();
        /// <summary>Allegro's publication state on the market after the change (IN_PROGRESS while it verifies; Sync-VerificationStatus reads the verdict).</summary>
        public ShareState? MarketState { get; set; }
        public string MarketStateText { get; set; } = "";
        /// <summary>The Allegro price-change command that carried the price ("" when none did).</summary>
        public string CommandId { get; set; } = "";
        /// <summary>Why nothing was sent, or what else was done (a move to another rate).</summary>
        public string Message { get; set; } = "";
        /// <summary>The stable error id of a failure (AllegroOfferNotFound, AllegroPriceChangeFailed...), else "".</summary>
        public string ErrorId { get; set; } = "";
        /// <summary>What the seller should know: a manual price switches the offer's pricing rules off on the market (#10697).</summary>
        public IReadOnlyList<string> Warnings { get => _warnings; set => _warnings = TextList<string>.From(value, "; "); }

        /// <summary>The local reason codes joined with ';'.</summary>
        public string LocalReasonCodes => string.Join(";", LocalReasons.Select(r => r.Code));
    }

    /// <summary>One offer's verdict read from Allegro, or why it could not be read.</summary>
    public sealed class SyncedVerdict
    {
        public SyncedVerdict(string offerId, MarketVerdict? verdict, ListingPsException? error)
        {
            OfferId = offerId; Verdict = verdict; Error = error;
        }

        public string OfferId { get; }
        public MarketVerdict? Verdict { get; }
        public ListingPsException? Error { get; }
    }

    /// <summary>
    /// Shares offers that the local verification has priced and checked to an Allegro market as the API works since June
    /// 2024: an offer is on allegro-cz (sk, hu) when its shipping rate holds a delivery method to that country, and it needs
    /// a price in the market's currency. For a batch of offers: the local verdict first (a refused offer is not sent unless
    /// forced); then the offers as Allegro lists them (GET /sale/offers?offer.id=..., 50 a call); a rate that does not open the
    /// market is reported with the rates that do (or, when the caller names one, the offer is moved to it); a price Allegro
    /// already holds is not sent again; a price several offers share goes in Allegro's price-change commands, one market and
    /// price a command (<see cref="AllegroPrices"/>), and a price only one offer has by PATCH
    /// additionalMarketplaces.{market}.sellingMode.price on the offer, both paced to the limits on price changes (a manual
    /// price switches the offer's pricing rules off there: each result says so). Requests run side by side up to
    /// <see cref="Parallel"/>. The marketplace's state is stored beside the local verdict, on the caller's thread of control:
    /// the workspace is touched only between the parallel parts.
    /// </summary>
    public sealed class AllegroShare
    {
        private readonly AllegroConnection _connection;
        private readonly AllegroSettings _settings;
        private readonly AllegroOffers _offers;
        private readonly AllegroShipping _shipping;
        private readonly WorkspaceStore _workspace;
        private readonly Func<DateTimeOffset> _clock;
        private int _parallel = AllegroParallel.DefaultLimit;
        private bool _resumed;

        public AllegroShare(AllegroConnection connection, AllegroSettings settings, WorkspaceStore workspace,
            Func<TimeSpan, CancellationToken, Task>? delay = null, Func<DateTimeOffset>? clock = null, AllegroPacer? pacer = null)
        {
            _connection = connection; _settings = settings;
            _offers = new AllegroOffers(connection, settings, delay);
            _shipping = new AllegroShipping(connection, settings);
            _workspace = workspace;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            Prices = new AllegroPrices(connection, settings, workspace, pacer, delay, clock);
        }

        public AllegroOffers Offers => _offers;

        /// <summary>The bulk prices the share sends its prices with (its pacer, command size and counters).</summary>
        public AllegroPrices Prices { get; }

        /// <summary>Offers read, price changes sent, answered and failed (any thread; the cmdlet's progress reads them).</summary>
        public AllegroCounters Counters => Prices.Counters;

        /// <summary>Requests under way at once (1 to <see cref="AllegroParallel.MaxLimit"/>): reads, moves and price commands.</summary>
        public int Parallel
        {
            get => _parallel;
            set
            {
                if (value < 1 || value > AllegroParallel.MaxLimit) throw new ArgumentOutOfRangeException(nameof(value));
                _parallel = value; Prices.Parallel = value;
            }
        }

        /// <summary>Price commands an earlier run left under way that this one finished first (their offers' results).</summary>
        public IReadOnlyList<RemotePriceResult> Resumed { get; private set; } = Array.Empty<RemotePriceResult>();

        /// <summary>
        /// A rate of the account (by id or name, any case) to move offers to: one that opens the market (to share there), or,
        /// with <paramref name="opens"/> false, one that does not (to withdraw from it: the API has no other way).
        /// </summary>
        public async Task<AllegroShippingRate> FindRateAsync(string nameOrId, string market, CancellationToken cancel, bool opens = true)
        {
            var rates = await _shipping.GetRatesAsync(cancel).ConfigureAwait(false);
            var rate = rates.FirstOrDefault(r => string.Equals(r.Id, nameOrId, StringComparison.Ordinal))
                ?? rates.FirstOrDefault(r => string.Equals(r.Name, nameOrId, StringComparison.OrdinalIgnoreCase));
            if (rate == null)
                throw new ListingPsException(AllegroErrorIds.AllegroRequestRefused,
                    "The Allegro account has no shipping rate '" + nameOrId + "'; its rates: " + string.Join(", ", rates.Select(r => "'" + r.Name + "'")) + ".",
                    ErrorKind.ObjectNotFound);
            bool opened = Opens(rate, market);
            if (opens && !opened)
                throw new ListingPsException(AllegroErrorIds.AllegroMarketNotOpened,
                    "The shipping rate '" + rate.Name + "' has no delivery method to " + market + " (it opens " + string.Join(", ", rate.Markets) + ").",
                    ErrorKind.InvalidArgument);
            if (!opens && opened)
                throw new ListingPsException(AllegroErrorIds.AllegroWithdrawNeedsRate,
                    "The shipping rate '" + rate.Name + "' has a delivery method to " + market + ": an offer moved to it stays there. " + RatesWithout(rates, market),
                    ErrorKind.InvalidArgument);
            return rate;
        }

        /// <summary>Why a withdrawal from one market needs a rate, and the account's rates that would do.</summary>
        public async Task<string> WithdrawRouteAsync(string market, CancellationToken cancel) =>
            "Allegro's API has no way to take one offer off one market: since June 2024 the shipping rate decides the markets. "
            + "Name a shipping rate without a delivery method to " + market + " with -ShippingRate, and the offers move to it. "
            + RatesWithout(await _shipping.GetRatesAsync(cancel).ConfigureAwait(false), market);

        private static string RatesWithout(IReadOnlyList<AllegroShippingRate> rates, string market)
        {
            var without = rates.Where(r => !Opens(r, market)).Select(r => "'" + r.Name + "'").ToList();
            return without.Count > 0 ? "Rates of the account without one: " + string.Join(", ", without) + "."
                : "Every rate of the account has one: make a rate without it on Allegro first.";
        }

        private static bool Opens(AllegroShippingRate? rate, string market) => rate != null && rate.Markets.Contains(market, StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Takes offers off an Allegro market the only way the API has: moves each to <paramref name="moveTo"/>, a rate without a
        /// delivery method to that country (PATCH delivery.shippingRates.id, side by side up to <see cref="Parallel"/>). An offer
        /// whose rate already opens no such market is left alone. Each result names every market the move takes the offer off
        /// (a rate can open more than one); results come in the order of <paramref name="locals"/>.
        /// </summary>
        public async Task<IReadOnlyList<RemoteShareResult>> WithdrawAsync(IReadOnlyList<ShareRecord> locals, AllegroShippingRate moveTo, CancellationToken cancel)
        {
            var results = locals.Select(NewResult).ToList();
            var now = await _offers.ReadManyAsync(locals.Select(l => l.OfferId), Parallel, cancel, Counters).ConfigureAwait(false);
            var rates = await _shipping.GetRatesAsync(cancel).ConfigureAwait(false);
            var toMove = new List<(int Index, AllegroShippingRate? From)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < locals.Count; i++)
            {
                var r = results[i];
                if (!now.TryGetValue(r.OfferId, out var offer)) { NotOnAllegro(r); continue; }
                var rate = rates.FirstOrDefault(x => x.Id == offer.ShippingRateId);
                Describe(r, offer, rate);
                if (!seen.Add(r.OfferId))
                {
                    NotSent(r, "The offer came earlier in this run: it is moved once.");
                    continue;
                }
                if (rate != null && !Opens(rate, r.Market))
                {
                    r.Outcome = RemoteOutcome.AlreadySent;
                    r.Message = "Its shipping rate '" + r.ShippingRate + "' already opens no delivery to " + r.Market + ": nothing was sent.";
                    Keep(r, offer, rate, sent: null);
                    continue;
                }
                toMove.Add((i, rate));
            }
            Counters.AddPlanned(toMove.Count);
            var moved = await MoveAsync(toMove.Select(m => results[m.Index].OfferId).ToList(), moveTo, cancel).ConfigureAwait(false);
            for (int k = 0; k < toMove.Count; k++)
            {
                var r = results[toMove[k].Index];
                var (offer, error) = moved[k];
                if (error != null) { Fail(r, error); continue; }
                var lost = (toMove[k].From?.Markets ?? Array.Empty<string>()).Where(m => !Opens(moveTo, m)).ToList();
                Describe(r, offer!, moveTo);
                r.Outcome = RemoteOutcome.Sent;
                r.Message = "Moved to the shipping rate '" + moveTo.Name + "' (it opens " + string.Join(", ", moveTo.Markets) + ")"
                    + (lost.Count > 1 ? ": the offer leaves " + string.Join(", ", lost) + "." : ".");
                Keep(r, offer!, moveTo, sent: null);
            }
            return results;
        }

        /// <summary>One offer's withdrawal (<see cref="WithdrawAsync(IReadOnlyList{ShareRecord}, AllegroShippingRate, CancellationToken)"/> of one).</summary>
        public async Task<RemoteShareResult> WithdrawAsync(ShareRecord local, AllegroShippingRate moveTo, CancellationToken cancel) =>
            (await WithdrawAsync(new[] { local }, moveTo, cancel).ConfigureAwait(false))[0];

        /// <summary>
        /// Shares a batch of offers (their local verdicts, Submit-Offer's share records, stored) to Allegro, as the class says.
        /// Price commands an earlier run left under way are finished first (once per instance), so a rerun after a stop sends
        /// only what is missing. Results come in the order of <paramref name="locals"/>; an offer that comes twice is sent once,
        /// with its last verdict.
        /// </summary>
        /// <param name="force">Send even when the local verification refused the offer.</param>
        /// <param name="moveTo">A rate that opens the market, for an offer whose own rate does not (null: report it, move nothing).</param>
        public async Task<IReadOnlyList<RemoteShareResult>> ShareAsync(IReadOnlyList<ShareRecord> locals, bool force, AllegroShippingRate? moveTo, CancellationToken cancel)
        {
            if (!_resumed)
            {
                Resumed = await Prices.ResumeAsync(cancel).ConfigureAwait(false);
                _resumed = true;
            }
            var results = locals.Select(NewResult).ToList();
            var last = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < locals.Count; i++) last[locals[i].OfferId] = i;
            var asked = new List<int>();
            for (int i = 0; i < locals.Count; i++)
            {
                var local = locals[i];
                if (last[local.OfferId] != i)
                    NotSent(results[i], "The offer comes again later in this run: its last verdict is the one shared.");
                else if (local.State == ShareState.Refused && !force)
                    NotSent(results[i], "ListingPs refused the offer (" + results[i].LocalReasonCodes + "): nothing was sent. Fix what the reasons say, or send it anyway with -Force.");
                else if (!local.Price.HasValue)
                    NotSent(results[i], "The offer has no " + local.Currency + " price: nothing was sent.");
                else asked.Add(i);
            }
            if (asked.Count == 0) return results;

            var now = await _offers.ReadManyAsync(asked.Select(i => locals[i].OfferId), Parallel, cancel, Counters).ConfigureAwait(false);
            var rates = await _shipping.GetRatesAsync(cancel).ConfigureAwait(false);
            var ready = new List<(int Index, AllegroOffer Offer, AllegroShippingRate? Rate, bool Moved)>();
            var toMove = new List<int>();
            foreach (var i in asked)
            {
                var r = results[i];
                if (!now.TryGetValue(r.OfferId, out var offer)) { NotOnAllegro(r); continue; }
                var rate = rates.FirstOrDefault(x => x.Id == offer.ShippingRateId);
                Describe(r, offer, rate);
                if (Opens(rate, r.Market)) { ready.Add((i, offer, rate, false)); continue; }
                if (moveTo != null) { toMove.Add(i); continue; }
                var opening = rates.Where(x => Opens(x, r.Market)).Select(x => "'" + x.Name + "'").ToList();
                NotSent(r, "Its shipping rate '" + r.ShippingRate + "' has no delivery method to " + r.Market
                    + (rate != null ? " (it opens " + string.Join(", ", rate.Markets) + ")" : "") + ": since June 2024 the rate decides the markets, so nothing was sent. "
                    + (opening.Count > 0 ? "Rates that open " + r.Market + ": " + string.Join(", ", opening) + "; move the offer with -ShippingRate." : "No rate of the account opens " + r.Market + "."));
            }
            Counters.AddPlanned(toMove.Count);
            var moved = await MoveAsync(toMove.Select(i => results[i].OfferId).ToList(), moveTo!, cancel).ConfigureAwait(false);
            for (int k = 0; k < toMove.Count; k++)
            {
                var r = results[toMove[k]];
                var (offer, error) = moved[k];
                if (error != null) { Fail(r, error); continue; }
                Describe(r, offer!, moveTo);
                r.Message = "Moved to the shipping rate '" + moveTo!.Name + "' (it opens " + string.Join(", ", moveTo.Markets) + ").";
                now[r.OfferId] = offer!;
                ready.Add((toMove[k], offer!, moveTo, true));
            }

            var changes = new List<AllegroPriceChange>();
            var byOffer = new Dictionary<string, RemoteShareResult>(StringComparer.Ordinal);
            var rateOf = new Dictionary<string, AllegroShippingRate?>(StringComparer.Ordinal);
            foreach (var (i, offer, rate, wasMoved) in ready.OrderBy(x => x.Index))
            {
                var r = results[i];
                offer.Markets.TryGetValue(r.Market, out var there);
                if (there != null && there.RuleId.Length > 0 && locals[i].PriceSource == PriceSource.Converter)
                {
                    // Allegro's own pricing rule (its converter) prices the offer there: a price from ListingPs's converter
                    // would switch that rule off (#10697). Only a price the seller set by hand goes over it.
                    r.Outcome = wasMoved ? RemoteOutcome.Sent : RemoteOutcome.AlreadySent;
                    r.Message = (wasMoved ? r.Message + " " : "") + "Allegro's pricing rule prices the offer on " + r.Market
                        + (there.Price.HasValue ? " (" + there.Price.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + there.Currency + ")" : "")
                        + ": no price was sent over it. A price set by hand (Set-OfferCzkPrice -Price, then Submit-Offer -Remote) replaces the rule.";
                    Keep(r, offer, rate, sent: null);
                    continue;
                }
                if (there != null && there.Price == r.Price && string.Equals(there.Currency, r.Currency, StringComparison.OrdinalIgnoreCase))
                {
                    r.Outcome = wasMoved ? RemoteOutcome.Sent : RemoteOutcome.AlreadySent;
                    r.Message = (wasMoved ? r.Message + " " : "") + "Allegro already holds " + Money(r) + " on " + r.Market + ": " + (wasMoved ? "no price was sent." : "nothing was sent.");
                    Keep(r, offer, rate, sent: null);
                    continue;
                }
                Keep(r, offer, rate, sent: null);                    // the offer as read, with its rate, before its price goes
                changes.Add(new AllegroPriceChange(r.OfferId, r.Market, r.Price!.Value, r.Currency));
                byOffer[r.OfferId] = r;
                rateOf[r.OfferId] = rate;
            }
            if (changes.Count == 0) return results;
            // A price that several offers share goes in one of Allegro's price-change commands; a price only one offer has
            // goes on the offer itself (PATCH), one request instead of a command's three.
            var plan = Prices.Plan(changes, now);
            var single = plan.Batches.Where(b => b.OfferIds.Count == 1).ToList();
            var patched = await EachAsync(single, async (b, c) =>
                {
                    await Prices.Pacer.TakeAsync(1, c).ConfigureAwait(false);
                    return await _offers.SetMarketPriceAsync(b.OfferIds[0], b.Market, b.Price!.Value, b.Currency, c).ConfigureAwait(false);
                },
                () => { Counters.AddSent(1); Counters.AddAnswered(1); }, () => { Counters.AddAnswered(1); Counters.AddFailed(1); }, cancel).ConfigureAwait(false);
            for (int k = 0; k < single.Count; k++)
            {
                var r = byOffer[single[k].OfferIds[0]];
                var (offer, error) = patched[k];
                if (error != null)
                {
                    var note = r.Message;
                    Fail(r, error);
                    if (note.Length > 0) r.Message = note + " " + r.Message;
                    continue;
                }
                r.Outcome = RemoteOutcome.Sent;
                r.Message = (r.Message.Length > 0 ? r.Message + " " : "") + "Sent " + Money(r) + ".";
                r.Warnings = new[] { AllegroPrices.ManualPriceWarning(r.Market, single[k].RuledOffers.Count > 0) };
                Keep(r, offer!, rateOf[r.OfferId], sent: r.Price);
            }
            var bulk = plan.Batches.Where(b => b.OfferIds.Count > 1).ToList();
            foreach (var p in await Prices.SendAllAsync(bulk, cancel).ConfigureAwait(false))
            {
                var r = byOffer[p.OfferId];
                r.CommandId = p.CommandId;
                if (p.Outcome == RemotePriceOutcome.Failed)
                {
                    r.Outcome = RemoteOutcome.Failed;
                    r.ErrorId = p.ErrorId.Length > 0 ? p.ErrorId : AllegroErrorIds.AllegroPriceChangeFailed;
                    r.Message = (r.Message.Length > 0 ? r.Message + " " : "") + p.Message;
                    continue;
                }
                r.Outcome = RemoteOutcome.Sent;
                r.MarketState = ShareState.InProgress;
                r.MarketStateText = "IN_PROGRESS";
                r.Message = (r.Message.Length > 0 ? r.Message + " " : "") + "Sent " + Money(r) + " in Allegro's price command " + p.CommandId + ".";
                r.Warnings = p.Warnings;
            }
            return results;
        }

        /// <summary>One offer's share (<see cref="ShareAsync(IReadOnlyList{ShareRecord}, bool, AllegroShippingRate, CancellationToken)"/> of one).</summary>
        public async Task<RemoteShareResult> ShareAsync(ShareRecord local, bool force, AllegroShippingRate? moveTo, CancellationToken cancel) =>
            (await ShareAsync(new[] { local }, force, moveTo, cancel).ConfigureAwait(false))[0];

        /// <summary>Moves the offers to the rate side by side: the offer as Allegro has it after the move, or why it could not move.</summary>
        private Task<IReadOnlyList<(AllegroOffer? Offer, ListingPsException? Error)>> MoveAsync(IReadOnlyList<string> offerIds, AllegroShippingRate moveTo, CancellationToken cancel) =>
            EachAsync(offerIds, (id, c) => _offers.SetShippingRateAsync(id, moveTo.Id, c),
                () => { Counters.AddSent(1); Counters.AddAnswered(1); }, () => Counters.AddFailed(1), cancel);

        /// <summary>
        /// One call per item side by side (up to <see cref="Parallel"/>), in the order of the items: the offer each call answers,
        /// or the error that says why not, so that one offer Allegro refuses does not stop the rest. <paramref name="succeeded"/>
        /// or <paramref name="failed"/> counts each for the progress.
        /// </summary>
        private Task<IReadOnlyList<(AllegroOffer? Offer, ListingPsException? Error)>> EachAsync<T>(IReadOnlyList<T> items,
            Func<T, CancellationToken, Task<AllegroOffer>> call, Action succeeded, Action failed, CancellationToken cancel) =>
            AllegroParallel.MapAsync(items, Parallel, async (item, c) =>
            {
                try
                {
                    var offer = await call(item, c).ConfigureAwait(false);
                    succeeded();
                    return ((AllegroOffer?)offer, (ListingPsException?)null);
                }
                catch (ListingPsException ex)
                {
                    failed();
                    return (null, ex);
                }
            }, cancel);

        private static RemoteShareResult NewResult(ShareRecord local) => new RemoteShareResult
        {
            OfferId = local.OfferId, Market = local.Market, LocalState = local.State, LocalReasons = local.Reasons,
            Price = local.Price, Currency = local.Currency,
        };

        private static string Money(RemoteShareResult r) => r.Price!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + r.Currency;

        private static string RateName(AllegroOffer offer, AllegroShippingRate? rate) =>
            rate?.Name ?? (offer.ShippingRateName.Length > 0 ? offer.ShippingRateName : offer.ShippingRateId);

        private static void Describe(RemoteShareResult result, AllegroOffer offer, AllegroShippingRate? rate)
        {
            result.ShippingRate = RateName(offer, rate);
            result.RateMarkets = rate?.Markets ?? Array.Empty<string>();
        }

        private static void NotSent(RemoteShareResult result, string why)
        {
            result.Outcome = RemoteOutcome.NotSent;
            result.Message = why;
        }

        private static void Fail(RemoteShareResult result, ListingPsException error)
        {
            result.Outcome = RemoteOutcome.Failed;
            result.ErrorId = error.ErrorId;
            result.Message = error.Message;
        }

        private static void NotOnAllegro(RemoteShareResult result) =>
            Fail(result, new ListingPsException(AllegroErrorIds.AllegroOfferNotFound,
                "The Allegro account holds no offer " + result.OfferId + " (GET /sale/offers lists none with that id): nothing was sent.", ErrorKind.ObjectNotFound));

        /// <summary>Stores Allegro's state of the offer on the result's market beside the local verdict, and shows it on the result.</summary>
        private void Keep(RemoteShareResult result, AllegroOffer offer, AllegroShippingRate? rate, decimal? sent)
        {
            var verdict = Verdict(result.OfferId, result.Market, offer, rate, sent);
            result.MarketState = verdict.MarketState;
            result.MarketStateText = verdict.MarketStateText;
            _workspace.MarketVerdicts.Put(verdict);
        }

        /// <summary>
        /// The marketplace's verdict of an offer on a market as Allegro has it (<paramref name="offer"/>), with the price
        /// ListingPs sent there: <paramref name="sent"/>, or the one stored before.
        /// </summary>
        private MarketVerdict Verdict(string offerId, string market, AllegroOffer offer, AllegroShippingRate? rate, decimal? sent)
        {
            offer.Markets.TryGetValue(market, out var there);
            var previous = sent.HasValue ? null : _workspace.MarketVerdicts.Get(market, offerId, withLocal: false);
            return new MarketVerdict
            {
                OfferId = offerId, Market = market,
                MarketState = there != null ? there.State : ShareState.NotRequested, MarketStateText = there?.StateText ?? "NOT_REQUESTED",
                MarketReasons = there?.Reasons.Select(r => new MarketReason(r.Code, r.UserMessage, r.Parameters)).ToList() ?? new List<MarketReason>(),
                MarketPrice = there?.Price, Currency = there?.Currency ?? "", ShippingRate = RateName(offer, rate),
                SentPrice = sent ?? previous?.SentPrice, SentAt = sent.HasValue ? _clock() : previous?.SentAt, SyncedAt = _clock(),
            };
        }

        /// <summary>The offers whose verdicts may have changed, and where the next read of the events starts.</summary>
        public sealed class Changes
        {
            public Changes(IReadOnlyList<string> offerIds, string? position, bool full, string why)
            {
                OfferIds = offerIds; Position = position; Full = full; Why = why;
            }

            /// <summary>The offers to read again, in the order ListingPs first saw them.</summary>
            public IReadOnlyList<string> OfferIds { get; }
            /// <summary>The last event read (stored for the next run), or null when Allegro has none.</summary>
            public string? Position { get; }
            /// <summary>Every offer must be read: no position was stored, or the stored one is older than Allegro keeps events (24 hours).</summary>
            public bool Full { get; }
            public string Why { get; }
        }

        /// <summary>Allegro keeps offer events for 24 hours; they are read at most 1,000 at a time.</summary>
        public const int EventPage = 1000;

        /// <summary>
        /// Which offers to read again for a market's verdicts, from Allegro's offer events (GET /sale/offer-events of type
        /// OFFER_VISIBILITY_CHANGED after the stored position) instead of every offer: the offers the events name, plus every
        /// offer whose stored verdict was still undecided (IN_PROGRESS, PENDING). With no stored position, or one Allegro no
        /// longer has, every stored offer is read (<see cref="Changes.Full"/>) and the events are read to their end for the position.
        /// </summary>
        public async Task<Changes> ChangesAsync(string market, string positionKey, CancellationToken cancel)
        {
            var stored = _workspace.MarketVerdicts.OfMarket(market).ToList();
            string? from = _workspace.MarketVerdicts.GetEventPosition(positionKey);
            bool full = from == null;
            string why = full ? "no position stored: every offer is read" : "";
            var named = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (; ; )
            {
                JsonDocument page;
                try
                {
                    page = await _connection.GetAsync(_settings, "sale/offer-events?limit=" + EventPage.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        + "&type=OFFER_VISIBILITY_CHANGED" + (from != null ? "&from=" + Uri.EscapeDataString(from) : ""), cancel).ConfigureAwait(false);
                }
                catch (ListingPsException ex) when (ex.ErrorId == AllegroErrorIds.AllegroRequestRefused && from != null && !full)
                {
                    // the stored event is older than Allegro keeps them: read every offer, and the events from their start
                    full = true; from = null; why = "the stored position is older than Allegro's 24 hours of events: every offer is read";
                    named.Clear(); seen.Clear();
                    continue;
                }
                int count = 0;
                using (page)
                {
                    if (page.RootElement.TryGetProperty("offerEvents", out var events) && events.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var e in events.EnumerateArray())
                        {
                            count++;
                            if (e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) from = id.GetString();
                            if (!e.TryGetProperty("offer", out var offer) || !offer.TryGetProperty("id", out var oid) || oid.ValueKind != JsonValueKind.String) continue;
                            if (!Concerns(offer, market)) continue;
                            var offerId = oid.GetString()!;
                            if (seen.Add(offerId)) named.Add(offerId);
                        }
                    }
                }
                if (count < EventPage) break;
            }
            var ids = new List<string>();
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            var held = new HashSet<string>(stored.Select(v => v.OfferId), StringComparer.Ordinal);
            foreach (var v in stored)
                if (full || v.MarketState == ShareState.InProgress || v.MarketState == ShareState.Pending || v.MarketState == null || seen.Contains(v.OfferId))
                    if (wanted.Add(v.OfferId)) ids.Add(v.OfferId);
            return new Changes(ids, from, full, full ? why : named.Count(held.Contains) + " offers named by Allegro's events, the rest undecided");
        }

        /// <summary>Whether an event names the market among the offer's additional marketplaces (an event without them concerns every market).</summary>
        private static bool Concerns(JsonElement offer, string market)
        {
            if (!offer.TryGetProperty("publication", out var p) || !p.TryGetProperty("marketplaces", out var m) || !m.TryGetProperty("additional", out var a)
                || a.ValueKind != JsonValueKind.Array)
                return true;
            foreach (var x in a.EnumerateArray())
                if (x.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && string.Equals(id.GetString(), market, StringComparison.OrdinalIgnoreCase))
                    return true;
            return false;
        }

        /// <summary>
        /// The marketplace's verdicts of offers on the market, read now (GET /sale/product-offers/{offerId}, side by side up to
        /// <see cref="Parallel"/>) and stored beside the local ones, in the order of <paramref name="offerIds"/>. An offer that
        /// cannot be read gives its error instead (the rest go on).
        /// </summary>
        public async Task<IReadOnlyList<SyncedVerdict>> SyncAsync(IReadOnlyList<string> offerIds, string market, CancellationToken cancel)
        {
            var read = await EachAsync(offerIds, (id, c) => _offers.GetAsync(id, c), () => Counters.AddRead(1), () => Counters.AddFailed(1), cancel).ConfigureAwait(false);
            var rates = await _shipping.GetRatesAsync(cancel).ConfigureAwait(false);
            var results = new List<SyncedVerdict>(offerIds.Count);
            for (int i = 0; i < offerIds.Count; i++)
            {
                var (offer, error) = read[i];
                if (offer == null) { results.Add(new SyncedVerdict(offerIds[i], null, error)); continue; }
                var verdict = Verdict(offerIds[i], market, offer, rates.FirstOrDefault(r => r.Id == offer.ShippingRateId), sent: null);
                _workspace.MarketVerdicts.Put(verdict);
                var local = _workspace.Shares.Get(market, offerIds[i]);
                verdict.LocalState = local?.State;
                verdict.LocalReasons = local?.Reasons ?? (IReadOnlyList<Reason>)Array.Empty<Reason>();
                results.Add(new SyncedVerdict(offerIds[i], verdict, null));
            }
            return results;
        }

        /// <summary>One offer's verdict (<see cref="SyncAsync(IReadOnlyList{string}, string, CancellationToken)"/> of one).</summary>
        /// <exception cref="ListingPsException">AllegroOfferNotFound and the other errors of reading the offer.</exception>
        public async Task<MarketVerdict> SyncAsync(string offerId, string market, CancellationToken cancel)
        {
            var one = (await SyncAsync(new[] { offerId }, market, cancel).ConfigureAwait(false))[0];
            return one.Verdict ?? throw one.Error!;
        }
    }
}
