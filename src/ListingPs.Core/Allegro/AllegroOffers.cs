using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.Core.Input;
using ListingPs.Core.Model;

namespace ListingPs.Core.Allegro
{
    /// <summary>A refusal reason Allegro gives for one additional market: its code (kept as sent, known or not), its text and parameters.</summary>
    public sealed class AllegroRefusal
    {
        public AllegroRefusal(string code, string userMessage, IReadOnlyDictionary<string, IReadOnlyList<string>> parameters)
        {
            Code = code; UserMessage = userMessage; Parameters = parameters;
        }

        public string Code { get; }
        public string UserMessage { get; }
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; }

        public override string ToString() => Code;
    }

    /// <summary>An offer's state on one additional market as Allegro has it: the price there, the publication state and reasons.</summary>
    public sealed class AllegroMarketState
    {
        public string Market { get; set; } = "";
        public decimal? Price { get; set; }
        public string Currency { get; set; } = "";
        /// <summary>Allegro's publication state mapped to ListingPs's; null when Allegro sent one ListingPs does not know (see <see cref="StateText"/>).</summary>
        public ShareState? State { get; set; }
        /// <summary>The publication state as Allegro sent it (APPROVED, REFUSED, IN_PROGRESS, PENDING, NOT_REQUESTED...).</summary>
        public string StateText { get; set; } = "";
        public IReadOnlyList<AllegroRefusal> Reasons { get; set; } = Array.Empty<AllegroRefusal>();
        /// <summary>The price-automation rule on the market (GET /sale/offers lists it), or "" for none.</summary>
        public string RuleId { get; set; } = "";
    }

    /// <summary>One of the seller's offers on Allegro (GET /sale/offers, GET /sale/product-offers/{offerId}).</summary>
    public sealed class AllegroOffer
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string CategoryId { get; set; } = "";
        /// <summary>BUY_NOW, AUCTION or ADVERTISEMENT.</summary>
        public string Format { get; set; } = "";
        public decimal? Price { get; set; }
        public string Currency { get; set; } = "";
        /// <summary>ACTIVE, INACTIVE, ACTIVATING or ENDED.</summary>
        public string Status { get; set; } = "";
        public string ShippingRateId { get; set; } = "";
        public string ShippingRateName { get; set; } = "";
        /// <summary>The offer's additional markets as Allegro lists them (the ones its rate opens or that hold a price).</summary>
        public IReadOnlyDictionary<string, AllegroMarketState> Markets { get; set; } = new Dictionary<string, AllegroMarketState>();
    }

    /// <summary>One page of GET /sale/offers: the offers and how many match in all.</summary>
    public sealed class AllegroOfferPage
    {
        public AllegroOfferPage(IReadOnlyList<AllegroOffer> offers, int totalCount) { Offers = offers; TotalCount = totalCount; }
        public IReadOnlyList<AllegroOffer> Offers { get; }
        public int TotalCount { get; }
    }

    /// <summary>Which of the seller's offers to read: publication statuses (ACTIVE, INACTIVE, ACTIVATING, ENDED) and a category id.</summary>
    public sealed class AllegroOfferFilter
    {
        public static readonly string[] KnownStatuses = { "ACTIVE", "INACTIVE", "ACTIVATING", "ENDED" };
        public IReadOnlyList<string> Statuses { get; set; } = Array.Empty<string>();
        public string? CategoryId { get; set; }
        /// <summary>Only these offers (the offer.id filter; keep a page's worth, the ids go in the address).</summary>
        public IReadOnlyList<string> OfferIds { get; set; } = Array.Empty<string>();
    }

    /// <summary>
    /// The seller's offers on Allegro: listing them page by page (GET /sale/offers, at most 1,000 a page), reading one (GET
    /// /sale/product-offers/{offerId}) and changing its price on an additional market (PATCH
    /// additionalMarketplaces.{market}.sellingMode.price) or its shipping rate (PATCH delivery.shippingRates.id), following
    /// Allegro's asynchronous answer (202 and an operation address, read until its 303) to the end. It never writes
    /// publication.marketplaces, which is read-only since June 2024.
    /// </summary>
    public sealed class AllegroOffers
    {
        /// <summary>Allegro's largest page of GET /sale/offers.</summary>
        public const int MaxPage = 1000;

        private static readonly TimeSpan DefaultOperationWait = TimeSpan.FromMinutes(2);
        private readonly AllegroConnection _connection;
        private readonly AllegroSettings _settings;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        public AllegroOffers(AllegroConnection connection, AllegroSettings settings, Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            _connection = connection; _settings = settings; _delay = delay ?? Task.Delay;
        }

        /// <summary>How long an asynchronous change is followed before AllegroOperationTimedOut.</summary>
        public TimeSpan OperationWait { get; set; } = DefaultOperationWait;

        /// <summary>One page of the seller's offers (offset from 0; limit 1 to 1,000).</summary>
        public async Task<AllegroOfferPage> ListAsync(AllegroOfferFilter filter, int offset, int limit, CancellationToken cancel)
        {
            if (limit < 1 || limit > MaxPage) throw new ArgumentOutOfRangeException(nameof(limit));
            var query = "sale/offers?offset=" + offset.ToString(CultureInfo.InvariantCulture) + "&limit=" + limit.ToString(CultureInfo.InvariantCulture);
            foreach (var status in filter.Statuses) query += "&publication.status=" + Uri.EscapeDataString(status);
            if (!string.IsNullOrEmpty(filter.CategoryId)) query += "&category.id=" + Uri.EscapeDataString(filter.CategoryId!);
            foreach (var id in filter.OfferIds) query += "&offer.id=" + Uri.EscapeDataString(id);
            using var doc = await _connection.GetAsync(_settings, query, cancel).ConfigureAwait(false);
            var root = doc.RootElement;
            var offers = Items(root, "offers").Select(Parse).ToList();
            int total = root.TryGetProperty("totalCount", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : offers.Count;
            return new AllegroOfferPage(offers, total);
        }

        /// <summary>The offer ids asked for in one GET /sale/offers (they go in the address).</summary>
        public const int ReadChunk = 50;

        /// <summary>
        /// The offers as Allegro lists them now (GET /sale/offers?offer.id=..., <see cref="ReadChunk"/> ids a call, up to
        /// <paramref name="parallel"/> calls at once), by id; offers the account lacks are absent. Each finished call adds its
        /// offers to <paramref name="read"/> (for progress).
        /// </summary>
        public async Task<Dictionary<string, AllegroOffer>> ReadManyAsync(IEnumerable<string> offerIds, int parallel, CancellationToken cancel, AllegroCounters? read = null)
        {
            var ids = offerIds.Distinct(StringComparer.Ordinal).ToList();
            var chunks = new List<List<string>>();
            for (int i = 0; i < ids.Count; i += ReadChunk) chunks.Add(ids.GetRange(i, Math.Min(ReadChunk, ids.Count - i)));
            var pages = await AllegroParallel.MapAsync(chunks, parallel, async (chunk, c) =>
            {
                var page = await ListAsync(new AllegroOfferFilter { OfferIds = chunk }, 0, chunk.Count, c).ConfigureAwait(false);
                read?.AddRead(chunk.Count);
                return page;
            }, cancel).ConfigureAwait(false);
            var found = new Dictionary<string, AllegroOffer>(StringComparer.Ordinal);
            foreach (var page in pages)
                foreach (var o in page.Offers) found[o.Id] = o;
            return found;
        }

        /// <summary>The offer as Allegro has it now, with every additional market's state and refusal reasons.</summary>
        /// <exception cref="ListingPsException">AllegroOfferNotFound when the account has no such offer.</exception>
        public async Task<AllegroOffer> GetAsync(string offerId, CancellationToken cancel)
        {
            using var doc = await _connection.GetAsync(_settings, "sale/product-offers/" + Uri.EscapeDataString(offerId), cancel).ConfigureAwait(false);
            return Parse(doc.RootElement);
        }

        /// <summary>Sets the offer's price on an additional market (the amount as the market's currency writes it) and follows the change to its end.</summary>
        public Task<AllegroOffer> SetMarketPriceAsync(string offerId, string market, decimal amount, string currency, CancellationToken cancel)
        {
            var body = new Dictionary<string, object>
            {
                ["additionalMarketplaces"] = new Dictionary<string, object>
                {
                    [market] = new { sellingMode = new { price = new { amount = amount.ToString(CultureInfo.InvariantCulture), currency } } },
                },
            };
            return PatchAsync(offerId, body, cancel);
        }

        /// <summary>Moves the offer to another shipping rate (which decides the markets it is offered on) and follows the change to its end.</summary>
        public Task<AllegroOffer> SetShippingRateAsync(string offerId, string rateId, CancellationToken cancel) =>
            PatchAsync(offerId, new { delivery = new { shippingRates = new { id = rateId } } }, cancel);

        private async Task<AllegroOffer> PatchAsync(string offerId, object body, CancellationToken cancel)
        {
            var path = "sale/product-offers/" + Uri.EscapeDataString(offerId);
            using (var answer = await _connection.SendAsync(_settings, new HttpMethod("PATCH"), path, JsonSerializer.Serialize(body), cancel).ConfigureAwait(false))
            {
                if (answer.Status == 202 && answer.Location != null) await FollowAsync(answer.Location, answer.RetryAfter, cancel).ConfigureAwait(false);
                else if (answer.Status == 200 && answer.Body != null) return Parse(answer.Body.RootElement);
            }
            return await GetAsync(offerId, cancel).ConfigureAwait(false);
        }

        /// <summary>Reads an operation until it is done (303, or 200/201), waiting its Retry-After (at most 5 s) between reads.</summary>
        private async Task FollowAsync(string location, TimeSpan? retryAfter, CancellationToken cancel)
        {
            var until = DateTimeOffset.UtcNow + OperationWait;
            var path = location.TrimStart('/');
            for (; ; )
            {
                var wait = retryAfter ?? TimeSpan.FromSeconds(1);
                if (wait > TimeSpan.FromSeconds(5)) wait = TimeSpan.FromSeconds(5);
                if (wait > TimeSpan.Zero) await _delay(wait, cancel).ConfigureAwait(false);
                using var answer = await _connection.SendAsync(_settings, HttpMethod.Get, path, null, cancel).ConfigureAwait(false);
                if (answer.Status != 202) return;
                retryAfter = answer.RetryAfter;
                if (DateTimeOffset.UtcNow > until)
                    throw new ListingPsException(AllegroErrorIds.AllegroOperationTimedOut,
                        "Allegro accepted the change but had not finished it after " + OperationWait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)
                        + " s (" + location + "): run the command again later; what is already done is not sent again.", ErrorKind.ResourceUnavailable);
            }
        }

        /// <summary>
        /// The offer as the workspace's offer input reads it: id, name, category, the base-market price and currency, the selling
        /// format, the status, and the delivery methods of its shipping rate (as Allegro names them; null when the rate is not
        /// among <paramref name="rates"/>). The market is <paramref name="baseMarket"/>, or the rules' base market when null.
        /// </summary>
        public static OfferFields ToFields(AllegroOffer offer, string? baseMarket, IReadOnlyList<AllegroShippingRate>? rates)
        {
            var rate = rates?.FirstOrDefault(r => r.Id == offer.ShippingRateId);
            return new OfferFields
            {
                OfferId = offer.Id,
                Title = offer.Name,
                Category = offer.CategoryId,
                Price = offer.Price?.ToString(CultureInfo.InvariantCulture) ?? "",
                Market = baseMarket,
                SellingFormat = offer.Format switch { "AUCTION" => "Auction", "ADVERTISEMENT" => "Classified", _ => "BuyNow" },
                Status = offer.Status switch { "ACTIVE" => "Active", "ENDED" => "Ended", _ => "Inactive" },
                DeliveryMethods = rate?.DeliveryMethods.Select(m => m.Id).Concat(rate.UnknownMethodIds).ToList(),
                ShippingRate = rate?.Name,
                Origin = "Allegro offer " + offer.Id,
            };
        }

        internal static AllegroOffer Parse(JsonElement e)
        {
            var offer = new AllegroOffer
            {
                Id = Text(e, "id"),
                Name = Text(e, "name"),
                CategoryId = Text(Child(e, "category"), "id"),
                Format = Text(Child(e, "sellingMode"), "format"),
                Status = Text(Child(e, "publication"), "status"),
            };
            (offer.Price, offer.Currency) = Money(Child(Child(e, "sellingMode"), "price"));
            var rate = Child(Child(e, "delivery"), "shippingRates");
            offer.ShippingRateId = Text(rate, "id");
            offer.ShippingRateName = Text(rate, "name");
            var markets = new Dictionary<string, AllegroMarketState>(StringComparer.OrdinalIgnoreCase);
            var additional = Child(e, "additionalMarketplaces");
            if (additional.ValueKind == JsonValueKind.Object)
            {
                foreach (var m in additional.EnumerateObject())
                {
                    var publication = Child(m.Value, "publication");
                    var state = new AllegroMarketState { Market = m.Name, StateText = Text(publication, "state") };
                    state.State = MarketVerdict.ParseState(state.StateText);
                    (state.Price, state.Currency) = Money(Child(Child(m.Value, "sellingMode"), "price"));
                    state.RuleId = Text(Child(Child(Child(m.Value, "sellingMode"), "priceAutomation"), "rule"), "id");
                    state.Reasons = Items(publication, "refusalReasons").Select(r => new AllegroRefusal(Text(r, "code"), Text(r, "userMessage"), Parameters(r))).ToList();
                    markets[m.Name] = state;
                }
            }
            offer.Markets = markets;
            return offer;
        }

        private static IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters(JsonElement reason)
        {
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var p = Child(reason, "parameters");
            if (p.ValueKind != JsonValueKind.Object) return result;
            foreach (var kv in p.EnumerateObject())
                result[kv.Name] = kv.Value.ValueKind == JsonValueKind.Array
                    ? kv.Value.EnumerateArray().Select(v => v.ToString()).ToList()
                    : new List<string> { kv.Value.ToString() };
            return result;
        }

        private static (decimal?, string) Money(JsonElement price)
        {
            var amount = Text(price, "amount");
            decimal? value = decimal.TryParse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null;
            return (value, Text(price, "currency"));
        }

        private static JsonElement Child(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

        private static IEnumerable<JsonElement> Items(JsonElement e, string name) =>
            Child(e, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : Enumerable.Empty<JsonElement>();

        private static string Text(JsonElement e, string name) =>
            Child(e, name) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : "";
    }
}
