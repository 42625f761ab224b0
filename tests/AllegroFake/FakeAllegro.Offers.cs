using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ListingPs.AllegroFake
{
    /// <summary>A refusal reason as Allegro gives it per additional market: code, the buyer-facing text, and parameters.</summary>
    public sealed record FakeRefusal(string Code, string UserMessage, Dictionary<string, string[]> Parameters);

    /// <summary>An offer's state on one additional market: the price in its currency, the publication state and reasons.</summary>
    public sealed class FakeMarketState
    {
        public string? Amount { get; set; }
        public string? Currency { get; set; }
        public string State { get; set; } = "NOT_REQUESTED";
        public List<FakeRefusal> Reasons { get; set; } = new List<FakeRefusal>();
        /// <summary>Reads since the last change (the verdict comes after <see cref="FakeOptions.VerdictAfterReads"/>).</summary>
        public int Reads { get; set; }
        /// <summary>The price-automation rule on the market (a manual price switches it off).</summary>
        public string? RuleId { get; set; }
    }

    /// <summary>One of the seller's offers on the fake.</summary>
    public sealed class FakeOffer
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string CategoryId { get; set; } = "";
        public string Format { get; set; } = "BUY_NOW";
        public string Amount { get; set; } = "100.00";
        public string Status { get; set; } = "ACTIVE";
        public string ShippingRateId { get; set; } = "sr-cz";
        public string? ProductId { get; set; }
        /// <summary>The offer's additional markets (allegro-cz...), the ones its rate opens or that hold a price.</summary>
        public SortedDictionary<string, FakeMarketState> Markets { get; } = new SortedDictionary<string, FakeMarketState>(StringComparer.Ordinal);
        /// <summary>How many PATCH requests changed the offer (a test checks that nothing is sent twice).</summary>
        public int Patches { get; set; }
        /// <summary>How many times a price was set on one of its additional markets, by PATCH or by a price-change command (nothing sent twice).</summary>
        public int PriceChanges { get; set; }
    }

    /// <summary>
    /// The seller's offers: GET /sale/offers (paging with offset and limit, filters publication.status and category.id),
    /// GET and PATCH /sale/product-offers/{offerId} (the additional-market price in
    /// additionalMarketplaces.{market}.sellingMode.price, the shipping rate in delivery.shippingRates.id; 202 with an
    /// operation to follow), GET .../operations/{operationId} (202 while it runs, then 303 to the offer), and per-market
    /// verdicts that arrive after a few reads. Since June 2024 the rate decides the markets: an offer is on allegro-cz when
    /// its rate holds a delivery method to Czechia, and it is refused there (VQR001) until it has a price in CZK.
    /// </summary>
    public sealed partial class FakeAllegro
    {
        /// <summary>The additional markets and their currencies.</summary>
        public static readonly IReadOnlyDictionary<string, string> MarketCurrencies = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["allegro-cz"] = "CZK", ["allegro-sk"] = "EUR", ["allegro-hu"] = "HUF",
        };

        private readonly SortedDictionary<string, FakeOffer> _offers = new SortedDictionary<string, FakeOffer>(StringComparer.Ordinal);
        private readonly Dictionary<string, (string OfferId, int Polls)> _operations = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        /// <summary>The offer events of the last day, oldest first (GET /sale/offer-events reads them after a given id).</summary>
        private readonly List<(string Id, string Type, DateTimeOffset At, string OfferId, string? Market, string? State)> _events = new List<(string, string, DateTimeOffset, string, string?, string?)>();
        private long _eventCounter;

        /// <summary>An event id as Allegro's look (opaque base64 text).</summary>
        private void AddEvent(string type, FakeOffer offer, string? market = null, string? state = null) =>
            _events.Add((Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes((++_eventCounter).ToString("D10", CultureInfo.InvariantCulture))).TrimEnd('='),
                type, DateTimeOffset.UtcNow, offer.Id, market, state));

        /// <summary>
        /// Adds <paramref name="count"/> offers with ids 7000000001...: every tenth on the Polish-only rate (sr-standard), every
        /// 25th inactive, every 40th an auction, prices 20.00 to 269.99 PLN, categories c-1 to c-5; each starts with the verdict
        /// of an offer that has no price in the markets its rate opens (REFUSED, VQR001).
        /// </summary>
        public void SeedOffers(int count)
        {
            lock (_gate)
            {
                int start = _offers.Count;
                for (int i = start + 1; i <= start + count; i++)
                {
                    var offer = new FakeOffer
                    {
                        Id = (7000000000L + i).ToString(CultureInfo.InvariantCulture),
                        Name = "Oak shelf " + i.ToString(CultureInfo.InvariantCulture),
                        CategoryId = "c-" + (1 + i % 5).ToString(CultureInfo.InvariantCulture),
                        Format = i % 40 == 0 ? "AUCTION" : "BUY_NOW",
                        Amount = (20 + i % 250).ToString(CultureInfo.InvariantCulture) + (i % 2 == 0 ? ".00" : ".99"),
                        Status = i % 25 == 0 ? "INACTIVE" : "ACTIVE",
                        ShippingRateId = i % 10 == 0 ? "sr-standard" : "sr-cz",
                    };
                    Reverify(offer, all: true, at: 0);
                    _offers[offer.Id] = offer;
                }
            }
        }

        /// <summary>The offer as the fake holds it now (for the tests), or null.</summary>
        public FakeOffer? Offer(string id) { lock (_gate) return _offers.TryGetValue(id, out var o) ? o : null; }

        private void MapOffers(WebApplication app)
        {
            app.MapGet("/sale/offers", ListOffers);
            app.MapGet("/sale/product-offers/{offerId}", GetOffer);
            app.MapMethods("/sale/product-offers/{offerId}", new[] { "PATCH" }, PatchOffer);
            app.MapGet("/sale/product-offers/{offerId}/operations/{operationId}", GetOperation);
            app.MapGet("/sale/offer-events", OfferEvents);
            // Allegro changes its verdict on its own (a later check): the offer is refused on the market with this code, and an event says so.
            app.MapPost("/_fake/offers/{offerId}/refuse", (string offerId, HttpRequest r) =>
            {
                lock (_gate)
                {
                    if (!_offers.TryGetValue(offerId, out var o)) return Results.NotFound();
                    string market = r.Query["market"].FirstOrDefault() ?? "allegro-cz", code = r.Query["code"].FirstOrDefault() ?? "VQR010_SAURON_LEVEL_LOW";
                    if (!o.Markets.TryGetValue(market, out var state)) o.Markets[market] = state = new FakeMarketState();
                    state.State = "REFUSED";
                    state.Reasons.Clear();
                    state.Reasons.Add(new FakeRefusal(code, "Refused on " + market + " after a later check (" + code + ").", new Dictionary<string, string[]>()));
                    AddEvent("OFFER_VISIBILITY_CHANGED", o, market, "REFUSED");
                    return Results.NoContent();
                }
            });
            app.MapPost("/_fake/offers", (HttpRequest r) =>
            {
                SeedOffers(int.Parse(r.Query["count"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture));
                return Results.NoContent();
            });
            app.MapGet("/_fake/price-changes", () =>
            {
                lock (_gate) return Results.Json(_offers.Values.Where(o => o.PriceChanges > 0).ToDictionary(o => o.Id, o => o.PriceChanges));
            });
            app.MapGet("/_fake/offers/{offerId}", (string offerId) =>
            {
                lock (_gate)
                    return _offers.TryGetValue(offerId, out var o)
                        ? Results.Json(new { o.Id, o.ShippingRateId, o.Patches, Markets = o.Markets.ToDictionary(m => m.Key, m => new { m.Value.Amount, m.Value.Currency, m.Value.State }) })
                        : Results.NotFound();
            });
        }

        private static IResult Error(int status, string code, string message, string? path = null) =>
            Results.Json(new { errors = new[] { new { code, message, details = (string?)null, path, userMessage = message } } }, statusCode: status, contentType: MediaType);

        private IResult ListOffers(HttpRequest request)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            int offset = 0, limit = 20;
            if (request.Query.TryGetValue("offset", out var o) && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
                return Error(422, "VALIDATION_ERROR", "offset must be a number", "offset");
            if (request.Query.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 1000))
                return Error(422, "VALIDATION_ERROR", "limit must be between 1 and 1000", "limit");
            var statuses = request.Query["publication.status"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToHashSet(StringComparer.Ordinal);
            string? category = request.Query["category.id"].FirstOrDefault();
            var ids = request.Query["offer.id"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToHashSet(StringComparer.Ordinal);
            lock (_gate)
            {
                var matching = _offers.Values
                    .Where(x => statuses.Count == 0 || statuses.Contains(x.Status))
                    .Where(x => string.IsNullOrEmpty(category) || x.CategoryId == category)
                    .Where(x => ids.Count == 0 || ids.Contains(x.Id))
                    .ToList();
                var page = matching.Skip(offset).Take(limit).ToList();
                foreach (var x in page) Read(x);
                return Results.Json(new { offers = page.Select(x => Listing(x)), count = page.Count, totalCount = matching.Count }, contentType: MediaType);
            }
        }

        /// <summary>GET /sale/offer-events: the events after <c>from</c> (all kept, oldest first), at most <c>limit</c> (1 to 1,000; 100), of the types asked.</summary>
        private IResult OfferEvents(HttpRequest request)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            int limit = 100;
            if (request.Query.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 1000))
                return Error(422, "VALIDATION_ERROR", "limit must be between 1 and 1000", "limit");
            var types = request.Query["type"].Where(t => !string.IsNullOrEmpty(t)).ToHashSet(StringComparer.Ordinal);
            string? from = request.Query["from"].FirstOrDefault();
            lock (_gate)
            {
                int start = 0;
                if (!string.IsNullOrEmpty(from))
                {
                    int at = _events.FindIndex(e => e.Id == from);
                    if (at < 0) return Error(422, "VALIDATION_ERROR", "The event " + from + " is not among the events of the last 24 hours", "from");
                    start = at + 1;
                }
                var page = _events.Skip(start).Where(e => types.Count == 0 || types.Contains(e.Type)).Take(limit).ToList();
                return Results.Json(new
                {
                    offerEvents = page.Select(e => new
                    {
                        id = e.Id,
                        occurredAt = e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                        type = e.Type,
                        offer = e.Market == null ? (object)new { id = e.OfferId } : new
                        {
                            id = e.OfferId,
                            publication = new { marketplaces = new { @base = "allegro-pl", additional = new[] { new { id = e.Market, status = e.State } } } },
                        },
                    }),
                }, contentType: MediaType);
            }
        }

        /// <summary>Forgets the events up to now (they are older than Allegro's 24 hours): a stored position no longer exists.</summary>
        public void ExpireEvents() { lock (_gate) _events.Clear(); }

        private IResult GetOffer(HttpRequest request, string offerId)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            lock (_gate)
            {
                if (!_offers.TryGetValue(offerId, out var offer)) return Error(404, "NotFoundException", "Offer " + offerId + " not found");
                Read(offer);
                return Results.Json(ProductOffer(offer), contentType: MediaType);
            }
        }

        private async Task<IResult> PatchOffer(HttpRequest request, string offerId)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            if (request.ContentType == null || !request.ContentType.StartsWith(MediaType, StringComparison.Ordinal))
                return Error(415, "UnsupportedMediaTypeException", "Content-Type must be " + MediaType);
            JsonObject? body;
            try { body = JsonNode.Parse(await new System.IO.StreamReader(request.Body).ReadToEndAsync()) as JsonObject; }
            catch (JsonException) { body = null; }
            if (body == null) return Error(400, "JsonParseException", "The request body is not a JSON object");
            // Since June 2024 the markets follow the shipping rate: the field that once asked for them is read-only.
            if (body["publication"] is JsonObject publication && publication.ContainsKey("marketplaces"))
                return Error(422, "ConstraintViolationException.ReadOnlyField",
                    "publication.marketplaces is read-only: an offer is offered on a marketplace when its shipping rate has a delivery method to that country",
                    "publication.marketplaces.additional");
            lock (_gate)
            {
                if (!_offers.TryGetValue(offerId, out var offer)) return Error(404, "NotFoundException", "Offer " + offerId + " not found");
                string? rate = null;
                if (body["delivery"] is JsonObject delivery && delivery["shippingRates"] is JsonObject sr)
                {
                    rate = Str(sr["id"]);
                    if (rate == null || !FakeShippingData.Rates.Any(r => r.Id == rate))
                        return Error(422, "VALIDATION_ERROR", "Shipping rates " + rate + " not found", "delivery.shippingRates.id");
                }
                var prices = new List<(string Market, string Amount, string Currency)>();
                if (body["additionalMarketplaces"] is JsonObject markets)
                {
                    foreach (var (market, node) in markets)
                    {
                        if (!MarketCurrencies.TryGetValue(market, out var currency))
                            return Error(422, "VALIDATION_ERROR", "Unknown marketplace " + market, "additionalMarketplaces." + market);
                        var price = node?["sellingMode"]?["price"];
                        string? amount = Str(price?["amount"]), given = Str(price?["currency"]);
                        if (amount == null || !decimal.TryParse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
                            return Error(422, "VALIDATION_ERROR", "The price on " + market + " must be a positive amount", "additionalMarketplaces." + market + ".sellingMode.price.amount");
                        if (given != currency)
                            return Error(422, "VALIDATION_ERROR", "The price on " + market + " must be in " + currency, "additionalMarketplaces." + market + ".sellingMode.price.currency");
                        if (currency == "CZK" && value != decimal.Truncate(value))
                            return Error(422, "VALIDATION_ERROR", "Prices in CZK are whole crowns", "additionalMarketplaces." + market + ".sellingMode.price.amount");
                        prices.Add((market, amount, currency));
                    }
                }
                offer.Patches++;
                if (prices.Count > 0) AddEvent("OFFER_PRICE_CHANGED", offer);
                if (rate != null) offer.ShippingRateId = rate;
                foreach (var (market, amount, currency) in prices)
                {
                    if (!offer.Markets.TryGetValue(market, out var state)) offer.Markets[market] = state = new FakeMarketState();
                    state.Amount = amount; state.Currency = currency; state.RuleId = null; offer.PriceChanges++;   // a manual price switches the market's pricing rule off (#10697)
                }
                Reverify(offer, all: rate != null, changed: prices.Select(p => p.Market));
                if (!Options.AsyncPatch) return Results.Json(ProductOffer(offer), contentType: MediaType);
                var operation = "op-" + Next();
                _operations[operation] = (offer.Id, 0);
                var location = "/sale/product-offers/" + offer.Id + "/operations/" + operation;
                return new Accepted(location, ProductOffer(offer));
            }
        }

        private IResult GetOperation(HttpRequest request, string offerId, string operationId)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            lock (_gate)
            {
                if (!_operations.TryGetValue(operationId, out var op) || op.OfferId != offerId)
                    return Error(404, "NotFoundException", "Operation " + operationId + " not found");
                _operations[operationId] = (op.OfferId, op.Polls + 1);
                if (op.Polls < Options.OperationPolls) return new Pending(offerId, operationId);
                return new SeeOther("/sale/product-offers/" + offerId);
            }
        }

        /// <summary>202 Accepted with the operation's address in Location and the offer as it will be.</summary>
        private sealed class Accepted : IResult
        {
            private readonly string _location; private readonly object _body;
            public Accepted(string location, object body) { _location = location; _body = body; }
            public Task ExecuteAsync(HttpContext context)
            {
                context.Response.StatusCode = 202;
                context.Response.Headers.Location = _location;
                context.Response.Headers.RetryAfter = "0";
                context.Response.ContentType = MediaType;
                return context.Response.WriteAsync(JsonSerializer.Serialize(_body, Web));
            }
        }

        /// <summary>An operation still running: 202 with Retry-After and the operation's status (SaleProductOfferStatusResponse).</summary>
        private sealed class Pending : IResult
        {
            private readonly string _offerId, _operationId;
            public Pending(string offerId, string operationId) { _offerId = offerId; _operationId = operationId; }
            public Task ExecuteAsync(HttpContext context)
            {
                context.Response.StatusCode = 202;
                context.Response.Headers.RetryAfter = "0";
                context.Response.ContentType = MediaType;
                return context.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    offer = new { id = _offerId },
                    operation = new { id = _operationId, status = "IN_PROGRESS", startedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
                }));
            }
        }

        /// <summary>A finished operation: 303 See Other to the changed offer.</summary>
        private sealed class SeeOther : IResult
        {
            private readonly string _location;
            public SeeOther(string location) { _location = location; }
            public Task ExecuteAsync(HttpContext context)
            {
                context.Response.StatusCode = 303;
                context.Response.Headers.Location = _location;
                return Task.CompletedTask;
            }
        }

        private static readonly JsonSerializerOptions Web = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        /// <summary>A read of the offer: a verdict in progress comes after <see cref="FakeOptions.VerdictAfterReads"/> reads.</summary>
        private void Read(FakeOffer offer)
        {
            foreach (var (market, state) in offer.Markets)
                if (state.State == "IN_PROGRESS" && ++state.Reads > Options.VerdictAfterReads) Decide(offer, market, state);
        }

        /// <summary>After a change: the markets the offer is on now, each IN_PROGRESS (or decided at once when <paramref name="at"/> is 0).</summary>
        private void Reverify(FakeOffer offer, bool all, IEnumerable<string>? changed = null, int at = -1)
        {
            var opened = Opened(offer.ShippingRateId);
            var touched = new HashSet<string>(changed ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            foreach (var market in MarketCurrencies.Keys)
            {
                bool priced = offer.Markets.TryGetValue(market, out var state) && state.Amount != null;
                if (!opened.Contains(market) && !priced) { offer.Markets.Remove(market); continue; }
                if (!all && !touched.Contains(market)) continue;
                if (state == null) offer.Markets[market] = state = new FakeMarketState();
                state.State = "IN_PROGRESS"; state.Reads = 0; state.Reasons.Clear();
                if (at == 0) Decide(offer, market, state);
            }
        }

        private static HashSet<string> Opened(string rateId)
        {
            var rate = FakeShippingData.Rates.FirstOrDefault(r => r.Id == rateId);
            if (rate == null) return new HashSet<string>();
            return rate.DeliveryMethodIds.SelectMany(id => FakeShippingData.Methods.Where(m => m.Id == id).SelectMany(m => m.Marketplaces))
                .Where(m => MarketCurrencies.ContainsKey(m)).ToHashSet(StringComparer.Ordinal);
        }

        private static readonly Dictionary<string, (string Country, string Name)> Countries = new Dictionary<string, (string, string)>
        {
            ["allegro-cz"] = ("CZ", "Czech Republic"), ["allegro-sk"] = ("SK", "Slovakia"), ["allegro-hu"] = ("HU", "Hungary"),
        };

        /// <summary>Allegro's verdict on one market: delivery by the rate, a price in the market's currency, a buy-now offer.</summary>
        private void Decide(FakeOffer offer, string market, FakeMarketState state)
        {
            state.Reasons.Clear();
            var (country, name) = Countries[market];
            if (Options.Refuse.TryGetValue(offer.Id, out var code))
                state.Reasons.Add(new FakeRefusal(code, "The offer cannot be offered on " + market + " (" + code + ").", new Dictionary<string, string[]>()));
            if (!Opened(offer.ShippingRateId).Contains(market))
                state.Reasons.Add(new FakeRefusal("VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE",
                    "Add a delivery method to " + name + " to the offer's shipping rate.", new Dictionary<string, string[]> { ["country"] = new[] { country } }));
            if (state.Amount == null)
                state.Reasons.Add(new FakeRefusal("VQR001_CURRENCY_NOT_AVAILABLE",
                    "Set a price in " + MarketCurrencies[market] + ".", new Dictionary<string, string[]> { ["currency"] = new[] { MarketCurrencies[market] } }));
            state.State = state.Reasons.Count > 0 ? "REFUSED" : "APPROVED";
            AddEvent("OFFER_VISIBILITY_CHANGED", offer, market, state.State);
        }

        private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        private static object Price(string amount, string currency) => new { amount, currency };

        private object Markets(FakeOffer offer, bool reasons) => offer.Markets.ToDictionary(m => m.Key, m => (object)new
        {
            sellingMode = SellingMode(m.Value, rule: !reasons),
            publication = reasons
                ? (object)new
                {
                    state = m.Value.State,
                    refusalReasons = m.Value.Reasons.Select(r => new { code = r.Code, userMessage = r.UserMessage, parameters = r.Parameters }),
                }
                : new { state = m.Value.State },
        });

        /// <summary>A market's selling mode: its price, and (in the listing) its price-automation rule; null when it has neither.</summary>
        private static object? SellingMode(FakeMarketState m, bool rule)
        {
            var mode = new Dictionary<string, object>(StringComparer.Ordinal);
            if (m.Amount != null) mode["price"] = Price(m.Amount, m.Currency!);
            if (rule && m.RuleId != null) mode["priceAutomation"] = new { rule = new { id = m.RuleId } };
            return mode.Count == 0 ? null : mode;
        }

        private static object RateOf(FakeOffer offer) =>
            new { shippingRates = new { id = offer.ShippingRateId, name = FakeShippingData.Rates.FirstOrDefault(r => r.Id == offer.ShippingRateId)?.Name } };

        /// <summary>An offer as GET /sale/offers lists it.</summary>
        private object Listing(FakeOffer o) => new
        {
            id = o.Id,
            name = o.Name,
            category = new { id = o.CategoryId },
            sellingMode = new { format = o.Format, price = Price(o.Amount, "PLN") },
            stock = new { available = 5, sold = 0 },
            publication = new { status = o.Status },
            delivery = RateOf(o),
            additionalMarketplaces = Markets(o, reasons: false),
        };

        /// <summary>An offer as GET /sale/product-offers/{offerId} gives it.</summary>
        private object ProductOffer(FakeOffer o) => new
        {
            id = o.Id,
            name = o.Name,
            category = new { id = o.CategoryId },
            sellingMode = new { format = o.Format, price = Price(o.Amount, "PLN") },
            stock = new { available = 5, unit = "UNIT" },
            publication = new { status = o.Status },
            delivery = RateOf(o),
            additionalMarketplaces = Markets(o, reasons: true),
        };
    }
}
