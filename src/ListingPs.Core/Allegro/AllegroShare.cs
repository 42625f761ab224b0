using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.Core.Model;
using WorkspaceStore = ListingPs.Core.Workspace.Workspace;

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
    }

    /// <summary>An offer shared to an Allegro market: the local verdict, what was sent, and what Allegro holds now.</summary>
    public sealed class RemoteShareResult
    {
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
        /// <summary>Why nothing was sent, or what else was done (a move to another rate).</summary>
        public string Message { get; set; } = "";

        /// <summary>The local reason codes joined with ';'.</summary>
        public string LocalReasonCodes => string.Join(";", LocalReasons.Select(r => r.Code));
    }

    /// <summary>
    /// Shares offers that the local verification has priced and checked to an Allegro market as the API works since June
    /// 2024: an offer is on allegro-cz (sk, hu) when its shipping rate holds a delivery method to that country, and it needs
    /// a price in the market's currency. So for each offer: the local verdict first (a refused offer is not sent unless
    /// forced); then the offer as Allegro has it (GET /sale/product-offers/{offerId}); a rate that does not open the market is
    /// reported with the rates that do (or, when the caller names one, the offer is moved to it); a price Allegro already
    /// holds is not sent again; otherwise the price goes by PATCH additionalMarketplaces.{market}.sellingMode.price. The
    /// marketplace's state is stored beside the local verdict.
    /// </summary>
    public sealed class AllegroShare
    {
        private readonly AllegroConnection _connection;
        private readonly AllegroSettings _settings;
        private readonly AllegroOffers _offers;
        private readonly AllegroShipping _shipping;
        private readonly WorkspaceStore _workspace;
        private readonly Func<DateTimeOffset> _clock;

        public AllegroShare(AllegroConnection connection, AllegroSettings settings, WorkspaceStore workspace,
            Func<TimeSpan, CancellationToken, Task>? delay = null, Func<DateTimeOffset>? clock = null)
        {
            _connection = connection; _settings = settings;
            _offers = new AllegroOffers(connection, settings, delay);
            _shipping = new AllegroShipping(connection, settings);
            _workspace = workspace;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        public AllegroOffers Offers => _offers;

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
            bool opened = rate.Markets.Contains(market, StringComparer.OrdinalIgnoreCase);
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
            var without = rates.Where(r => !r.Markets.Contains(market, StringComparer.OrdinalIgnoreCase)).Select(r => "'" + r.Name + "'").ToList();
            return without.Count > 0 ? "Rates of the account without one: " + string.Join(", ", without) + "."
                : "Every rate of the account has one: make a rate without it on Allegro first.";
        }

        /// <summary>
        /// Takes an offer off an Allegro market the only way the API has: moves it to <paramref name="moveTo"/>, a rate without a
        /// delivery method to that country (PATCH delivery.shippingRates.id). An offer whose rate already opens no such market
        /// is left alone. The result names every market the move takes the offer off (a rate can open more than one).
        /// </summary>
        public async Task<RemoteShareResult> WithdrawAsync(ShareRecord local, AllegroShippingRate moveTo, CancellationToken cancel)
        {
            var result = new RemoteShareResult
            {
                OfferId = local.OfferId, Market = local.Market, LocalState = local.State, LocalReasons = local.Reasons,
                Price = local.Price, Currency = local.Currency,
            };
            var offer = await _offers.GetAsync(local.OfferId, cancel).ConfigureAwait(false);
            var rates = await _shipping.GetRatesAsync(cancel).ConfigureAwait(false);
            var rate = rates.FirstOrDefault(r => r.Id == offer.ShippingRateId);
            Describe(result, offer, rate);
            offer.Markets.TryGetValue(local.Market, out var there);
            if (rate != null && !rate.Markets.Contains(local.Market, StringComparer.OrdinalIgnoreCase))
            {
                result.Outcome = RemoteOutcome.AlreadySent;
                result.Message = "Its shipping rate '" + result.ShippingRate + "' already opens no delivery to " + local.Market + ": nothing was sent.";
                Store(result, there, sent: null);
                return result;
            }
            var lost = (rate?.Markets ?? Array.Empty<string>()).Where(m => !moveTo.Markets.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
            offer = await _offers.SetShippingRateAsync(offer.Id, moveTo.Id, cancel).ConfigureAwait(false);
            Describe(result, offer, moveTo);
            offer.Markets.TryGetValue(local.Market, out there);
            result.Outcome = RemoteOutcome.Sent;
            result.Message = "Moved to the shipping rate '" + moveTo.Name + "' (it opens " + string.Join(", ", moveTo.Markets) + ")"
                + (lost.Count > 1 ? ": the offer leaves " + string.Join(", ", lost) + "." : ".");
            Store(result, there, sent: null);
            return result;
        }

        /// <param name="local">The local verdict of the offer on the market (Submit-Offer's share record, stored).</param>
        /// <param name="force">Send even when the local verification refused the offer.</param>
        /// <param name="moveTo">A rate that opens the market, for an offer whose own rate does not (null: report it, move nothing).</param>
        public async Task<RemoteShareResult> ShareAsync(ShareRecord local, bool force, AllegroShippingRate? moveTo, CancellationToken cancel)
        {
            var result = new RemoteShareResult
            {
                OfferId = local.OfferId, Market = local.Market, LocalState = local.State, LocalReasons = local.Reasons,
                Price = local.Price, Currency = local.Currency,
            };
            if (local.State == ShareState.Refused && !force)
                return NotSent(result, "ListingPs refused the offer (" + result.LocalReasonCodes + "): nothing was sent. Fix what the reasons say, or send it anyway with -Force.");
            if (!local.Price.HasValue)
                return NotSent(result, "The offer has no " + local.Currency + " price: nothing was sent.");

            var offer = await _offers.GetAsync(local.OfferId, cancel).ConfigureAwait(false);
            var rates = await _shipping.GetRatesAsync(cancel).ConfigureAwait(false);
            var rate = rates.FirstOrDefault(r => r.Id == offer.ShippingRateId);
            Describe(result, offer, rate);
            var notes = new List<string>();
            if (rate == null || !rate.Markets.Contains(local.Market, StringComparer.OrdinalIgnoreCase))
            {
                if (moveTo == null)
                {
                    var opening = rates.Where(r => r.Markets.Contains(local.Market, StringComparer.OrdinalIgnoreCase)).Select(r => "'" + r.Name + "'").ToList();
                    return NotSent(result, "Its shipping rate '" + result.ShippingRate + "' has no delivery method to " + local.Market
                        + (rate != null ? " (it opens " + string.Join(", ", rate.Markets) + ")" : "") + ": since June 2024 the rate decides the markets, so nothing was sent. "
                        + (opening.Count > 0 ? "Rates that open " + local.Market + ": " + string.Join(", ", opening) + "; move the offer with -ShippingRate." : "No rate of the account opens " + local.Market + "."));
                }
                offer = await _offers.SetShippingRateAsync(offer.Id, moveTo.Id, cancel).ConfigureAwait(false);
                Describe(result, offer, moveTo);
                notes.Add("Moved to the shipping rate '" + moveTo.Name + "' (it opens " + string.Join(", ", moveTo.Markets) + ").");
            }

            offer.Markets.TryGetValue(local.Market, out var there);
            if (there != null && there.Price == local.Price && string.Equals(there.Currency, local.Currency, StringComparison.OrdinalIgnoreCase) && notes.Count == 0)
            {
                result.Outcome = RemoteOutcome.AlreadySent;
                result.Message = "Allegro already holds " + Money(local) + " on " + local.Market + ": nothing was sent.";
                Store(result, there, sent: null);
                return result;
            }
            if (there == null || there.Price != local.Price || !string.Equals(there.Currency, local.Currency, StringComparison.OrdinalIgnoreCase))
            {
                offer = await _offers.SetMarketPriceAsync(offer.Id, local.Market, local.Price.Value, local.Currency, cancel).ConfigureAwait(false);
                offer.Markets.TryGetValue(local.Market, out there);
                notes.Add("Sent " + Money(local) + ".");
            }
            result.Outcome = RemoteOutcome.Sent;
            result.Message = string.Join(" ", notes);
            Store(result, there, sent: local.Price);
            return result;
        }

        private static string Money(ShareRecord r) => r.Price!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + r.Currency;

        private static void Describe(RemoteShareResult result, AllegroOffer offer, AllegroShippingRate? rate)
        {
            result.ShippingRate = rate?.Name ?? (offer.ShippingRateName.Length > 0 ? offer.ShippingRateName : offer.ShippingRateId);
            result.RateMarkets = rate?.Markets ?? Array.Empty<string>();
        }

        private static RemoteShareResult NotSent(RemoteShareResult result, string why)
        {
            result.Outcome = RemoteOutcome.NotSent;
            result.Message = why;
            return result;
        }

        private void Store(RemoteShareResult result, AllegroMarketState? there, decimal? sent)
        {
            result.MarketState = there?.State;
            result.MarketStateText = there?.StateText ?? "";
            var previous = sent.HasValue ? null : _workspace.GetMarketVerdict(result.Market, result.OfferId);
            _workspace.PutMarketVerdict(new MarketVerdict
            {
                OfferId = result.OfferId, Market = result.Market,
                MarketState = there?.State, MarketStateText = there?.StateText ?? "NOT_REQUESTED",
                MarketReasons = there?.Reasons.Select(r => new MarketReason(r.Code, r.UserMessage, r.Parameters)).ToList() ?? new List<MarketReason>(),
                MarketPrice = there?.Price, Currency = there?.Currency ?? result.Currency, ShippingRate = result.ShippingRate,
                SentPrice = sent ?? previous?.SentPrice, SentAt = sent.HasValue ? _clock() : previous?.SentAt, SyncedAt = _clock(),
            });
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
            var stored = _workspace.MarketVerdicts(market).ToList();
            string? from = _workspace.GetEventPosition(positionKey);
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
        /// The marketplace's verdict of one offer on the market, read now (GET /sale/product-offers/{offerId}) and stored beside
        /// the local one; null when the workspace does not hold the offer.
        /// </summary>
        public async Task<MarketVerdict> SyncAsync(string offerId, string market, CancellationToken cancel)
        {
            var offer = await _offers.GetAsync(offerId, cancel).ConfigureAwait(false);
            var rates = await _shipping.GetRatesAsync(cancel).ConfigureAwait(false);
            var rate = rates.FirstOrDefault(r => r.Id == offer.ShippingRateId);
            offer.Markets.TryGetValue(market, out var there);
            var previous = _workspace.GetMarketVerdict(market, offerId);
            var verdict = new MarketVerdict
            {
                OfferId = offerId, Market = market,
                MarketState = there != null ? there.State : ShareState.NotRequested, MarketStateText = there?.StateText ?? "NOT_REQUESTED",
                MarketReasons = there?.Reasons.Select(r => new MarketReason(r.Code, r.UserMessage, r.Parameters)).ToList() ?? new List<MarketReason>(),
                MarketPrice = there?.Price, Currency = there?.Currency ?? "",
                ShippingRate = rate?.Name ?? (offer.ShippingRateName.Length > 0 ? offer.ShippingRateName : offer.ShippingRateId),
                SentPrice = previous?.SentPrice, SentAt = previous?.SentAt, SyncedAt = _clock(),
            };
            _workspace.PutMarketVerdict(verdict);
            var local = _workspace.GetShare(market, offerId);
            verdict.LocalState = local?.State;
            verdict.LocalReasons = local?.Reasons ?? (IReadOnlyList<Reason>)Array.Empty<Reason>();
            return verdict;
        }
    }
}
