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
    /// <summary>One offer's task in a price-change or price-automation command.</summary>
    public sealed class FakeCommandTask
    {
        public string OfferId { get; set; } = "";
        /// <summary>NEW until the command is done, then SUCCESS or FAIL.</summary>
        public string Status { get; set; } = "NEW";
        public string? Message { get; set; }
        public string? ErrorCode { get; set; }
    }

    /// <summary>A price-change command (PUT /sale/offer-price-change-commands/{commandId}) or a price-automation command.</summary>
    public sealed class FakeCommand
    {
        public string Id { get; set; } = "";
        /// <summary>"price" or "automation".</summary>
        public string Kind { get; set; } = "price";
        public string CreatedAt { get; set; } = "";
        public string? CompletedAt { get; set; }
        public int Reads { get; set; }
        public List<FakeCommandTask> Tasks { get; } = new List<FakeCommandTask>();
        /// <summary>What the command does to each offer when it is done.</summary>
        internal Func<FakeOffer, string?>? Apply { get; set; }
    }

    /// <summary>
    /// Prices on the fake as Allegro's batch commands work: PUT /sale/offer-price-change-commands/{commandId} (one market per
    /// command, modification FIXED_PRICE, INCREASE_PRICE, DECREASE_PRICE, INCREASE_PERCENTAGE or DECREASE_PERCENTAGE, at
    /// most 1,000 offers in offerCriteria; 201 with the command's summary; 409 for a command id already used), its summary
    /// and its tasks (paged: limit 1 to 1000, offset 0 to 999); the seller's price-automation rules (GET
    /// /sale/price-automation/rules: the defaults Allegro creates, the price converter of type EXCHANGE_RATE among them),
    /// POST /sale/offer-price-automation-commands (modification.set[]{marketplace.id, rule.id}) with its summary and tasks.
    /// A command's tasks stay NEW for <see cref="FakeOptions.CommandPolls"/> reads, then each is SUCCESS or FAIL (an offer
    /// the account does not have, a price not in the market's currency); a price that lands switches the market's rule off
    /// and the offer's verdict there goes IN_PROGRESS, as after a PATCH.
    /// </summary>
    public sealed partial class FakeAllegro
    {
        /// <summary>The most offers one command takes (OfferCriterium: "You can add up to 1000 offers").</summary>
        public const int MaxCommandOffers = 1000;

        private readonly Dictionary<string, FakeCommand> _commands = new Dictionary<string, FakeCommand>(StringComparer.Ordinal);

        /// <summary>The price-automation rules of the account (Allegro's defaults).</summary>
        public static readonly (string Id, string Type, string Name)[] PricingRules =
        {
            ("a41c73feaef0a8281a3d11f8", "FOLLOW_BY_ALLEGRO_MIN_PRICE", "Lowest price on Allegro"),
            ("c41c73feaef0a8281a3d11f8", "EXCHANGE_RATE", "Price Converter"),
            ("67cae610a9cbfa768ca5c17a", "FOLLOW_BY_TOP_OFFER_PRICE", "Top offer"),
        };

        /// <summary>The rate the fake's price converter uses from PLN to each market's currency.</summary>
        private static readonly Dictionary<string, decimal> ConverterRates = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["allegro-cz"] = 5.8m, ["allegro-sk"] = 0.23m, ["allegro-hu"] = 90m,
        };

        /// <summary>The commands received so far (for the tests: nothing is sent twice).</summary>
        public IReadOnlyList<FakeCommand> Commands { get { lock (_gate) return _commands.Values.ToList(); } }

        private void MapPrices(WebApplication app)
        {
            // CommandThrottleNext and CommandFailNext: answers the test controls make on the command endpoints (marked, so the contract check leaves them out).
            app.Use(async (context, next) =>
            {
                var path = context.Request.Path;
                if (path.StartsWithSegments("/sale/offer-price-change-commands") || path.StartsWithSegments("/sale/offer-price-automation-commands"))
                {
                    bool throttle, fail;
                    lock (_gate)
                    {
                        var o = Options;
                        throttle = o.CommandThrottleNext > 0 && o.CommandThrottleNext-- > 0;
                        fail = !throttle && o.CommandFailNext > 0 && o.CommandFailNext-- > 0;
                    }
                    if (throttle || fail)
                    {
                        context.Items[FakeExchanges.InjectedKey] = true;
                        context.Response.StatusCode = throttle ? 429 : 500;
                        if (throttle) context.Response.Headers.RetryAfter = Options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                        return;
                    }
                }
                await next();
            });
            app.MapPut("/sale/offer-price-change-commands/{commandId}", PutPriceCommand);
            app.MapGet("/sale/offer-price-change-commands/{commandId}", (HttpRequest r, string commandId) => CommandSummary(r, commandId, "price"));
            app.MapGet("/sale/offer-price-change-commands/{commandId}/tasks", (HttpRequest r, string commandId) => CommandTasks(r, commandId, "price"));
            app.MapGet("/sale/price-automation/rules", Rules);
            app.MapPost("/sale/offer-price-automation-commands", PostAutomationCommand);
            app.MapGet("/sale/offer-price-automation-commands/{commandId}", (HttpRequest r, string commandId) => CommandSummary(r, commandId, "automation"));
            app.MapGet("/sale/offer-price-automation-commands/{commandId}/tasks", (HttpRequest r, string commandId) => CommandTasks(r, commandId, "automation"));
            app.MapGet("/_fake/commands", () => Results.Json(Commands.Select(c => new
            {
                c.Id, c.Kind, c.CompletedAt, Tasks = c.Tasks.Select(t => new { t.OfferId, t.Status, t.Message }),
            })));
        }

        /// <summary>A refusal with no body: the command endpoints document none for 4xx.</summary>
        private static IResult Bare(int status) => Results.StatusCode(status);

        private static async Task<JsonObject?> JsonBody(HttpRequest request)
        {
            if (request.ContentType == null || !request.ContentType.StartsWith(MediaType, StringComparison.Ordinal)) return null;
            try { return JsonNode.Parse(await new System.IO.StreamReader(request.Body).ReadToEndAsync()) as JsonObject; }
            catch (JsonException) { return null; }
        }

        /// <summary>The offer ids of offerCriteria (type CONTAINS_OFFERS), or null when they are not well formed.</summary>
        private static List<string>? CriteriaOffers(JsonObject body)
        {
            if (body["offerCriteria"] is not JsonArray criteria || criteria.Count == 0) return null;
            var ids = new List<string>();
            foreach (var c in criteria)
            {
                if (c is not JsonObject o || Str(o["type"]) != "CONTAINS_OFFERS" || o["offers"] is not JsonArray offers) return null;
                foreach (var x in offers)
                {
                    var id = x is JsonObject xo ? Str(xo["id"]) : null;
                    if (string.IsNullOrEmpty(id)) return null;
                    ids.Add(id!);
                }
            }
            return ids.Distinct(StringComparer.Ordinal).ToList();
        }

        private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private async Task<IResult> PutPriceCommand(HttpRequest request, string commandId)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            var body = await JsonBody(request);
            if (body == null || body["modification"] is not JsonObject modification) return Bare(400);
            var offers = CriteriaOffers(body);
            if (offers == null || offers.Count > MaxCommandOffers) return Bare(422);
            var market = Str(modification["marketplaceId"]);
            if (market != null && !MarketCurrencies.ContainsKey(market) && market != Options.BaseMarketplace) return Bare(422);
            var currency = market == null || market == Options.BaseMarketplace ? "PLN" : MarketCurrencies[market];
            var type = Str(modification["type"]);
            Func<decimal, decimal> change;
            string? wrongCurrency = null;
            switch (type)
            {
                case "FIXED_PRICE":
                case "INCREASE_PRICE":
                case "DECREASE_PRICE":
                    var holder = modification[type == "FIXED_PRICE" ? "price" : "value"] as JsonObject;
                    if (holder == null || !decimal.TryParse(Str(holder["amount"]), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
                        return Bare(422);
                    if (Str(holder["currency"]) != currency) wrongCurrency = "The price must be in " + currency + " on " + (market ?? "the base marketplace") + ".";
                    change = type == "FIXED_PRICE" ? _ => amount : type == "INCREASE_PRICE" ? p => p + amount : p => p - amount;
                    break;
                case "INCREASE_PERCENTAGE":
                case "DECREASE_PERCENTAGE":
                    if (!decimal.TryParse(Str(modification["percentage"]), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent <= 0)
                        return Bare(422);
                    var factor = type == "INCREASE_PERCENTAGE" ? 1 + percent / 100 : 1 - percent / 100;
                    change = p => Math.Round(p * factor, 2);
                    break;
                default:
                    return Bare(422);
            }
            lock (_gate)
            {
                if (_commands.ContainsKey(commandId)) return Bare(409);
                var command = new FakeCommand { Id = commandId, Kind = "price", CreatedAt = Now() };
                command.Tasks.AddRange(offers.Select(id => new FakeCommandTask { OfferId = id }));
                command.Apply = offer =>
                {
                    if (wrongCurrency != null) return wrongCurrency;
                    if (market == null || market == Options.BaseMarketplace)
                    {
                        var pln = change(decimal.Parse(offer.Amount, CultureInfo.InvariantCulture));
                        if (pln <= 0) return "The price must be positive.";
                        offer.Amount = pln.ToString("0.00", CultureInfo.InvariantCulture);
                        return null;
                    }
                    offer.Markets.TryGetValue(market, out var state);
                    decimal? now = state?.Amount != null ? decimal.Parse(state.Amount, CultureInfo.InvariantCulture) : (decimal?)null;
                    if (now == null && type != "FIXED_PRICE") return "The offer has no price on " + market + " to change.";
                    var price = change(now ?? 0);
                    if (price <= 0) return "The price must be positive.";
                    if (currency == "CZK" && price != decimal.Truncate(price)) return "Prices in CZK are whole crowns.";
                    if (state == null) offer.Markets[market] = state = new FakeMarketState();
                    state.Amount = price.ToString(currency == "CZK" || currency == "HUF" ? "0" : "0.00", CultureInfo.InvariantCulture);
                    offer.PriceChanges++;
                    state.Currency = currency;
                    state.RuleId = null;                       // a manual price switches the market's pricing rule off (#10697)
                    Reverify(offer, all: false, changed: new[] { market });
                    return null;
                };
                _commands[commandId] = command;
                return Results.Json(Summary(command), statusCode: 201, contentType: MediaType);
            }
        }

        private IResult Rules(HttpRequest request)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            var rules = PricingRules.Where(r => !(Options.NoExchangeRateRule && r.Type == "EXCHANGE_RATE"));
            return Results.Json(new
            {
                rules = rules.Select(r => new { id = r.Id, type = r.Type, name = r.Name, @default = true, updatedAt = "2023-03-23T15:45:02Z" }),
            }, contentType: MediaType);
        }

        private async Task<IResult> PostAutomationCommand(HttpRequest request)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            var body = await JsonBody(request);
            if (body == null || body["modification"] is not JsonObject modification) return Bare(400);
            var offers = CriteriaOffers(body);
            if (offers == null || offers.Count > MaxCommandOffers) return Bare(422);
            var sets = new List<(string Market, string Rule)>();
            var removes = new List<string>();
            if (modification["set"] is JsonArray set)
                foreach (var s in set)
                {
                    string? market = Str(s?["marketplace"]?["id"]), rule = Str(s?["rule"]?["id"]);
                    if (market == null || rule == null) return Bare(422);
                    var known = PricingRules.Where(r => !(Options.NoExchangeRateRule && r.Type == "EXCHANGE_RATE")).FirstOrDefault(r => r.Id == rule);
                    if (known.Id == null || (known.Type == "EXCHANGE_RATE" && !MarketCurrencies.ContainsKey(market))) return Bare(422);
                    if (known.Type == "EXCHANGE_RATE" && s?["configuration"] != null) return Bare(422);   // "For EXCHANGE_RATE the field is not allowed"
                    sets.Add((market, rule));
                }
            else if (modification["remove"] is JsonArray remove)
                foreach (var r in remove)
                {
                    var market = Str(r?["marketplace"]?["id"]);
                    if (market == null) return Bare(422);
                    removes.Add(market);
                }
            else return Bare(422);
            var id = Str(body["id"]) ?? Guid.NewGuid().ToString();
            lock (_gate)
            {
                if (_commands.ContainsKey(id)) return Bare(409);
                var command = new FakeCommand { Id = id, Kind = "automation", CreatedAt = Now() };
                command.Tasks.AddRange(offers.Select(o => new FakeCommandTask { OfferId = o }));
                command.Apply = offer =>
                {
                    foreach (var (market, rule) in sets)
                    {
                        if (!offer.Markets.TryGetValue(market, out var state)) offer.Markets[market] = state = new FakeMarketState();
                        state.RuleId = rule;
                        if (PricingRules.First(r => r.Id == rule).Type == "EXCHANGE_RATE")
                        {
                            var price = decimal.Parse(offer.Amount, CultureInfo.InvariantCulture) * ConverterRates[market];
                            state.Currency = MarketCurrencies[market];
                            state.Amount = state.Currency == "EUR" ? Math.Round(price, 2).ToString("0.00", CultureInfo.InvariantCulture)
                                : Math.Round(price, 0, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);
                        }
                    }
                    foreach (var market in removes)
                        if (offer.Markets.TryGetValue(market, out var state)) state.RuleId = null;
                    Reverify(offer, all: false, changed: sets.Select(s => s.Market));
                    return null;
                };
                _commands[id] = command;
                return Results.Json(Summary(command), statusCode: 201, contentType: MediaType);
            }
        }

        /// <summary>A read of the command: after <see cref="FakeOptions.CommandPolls"/> reads its tasks are done.</summary>
        private void Advance(FakeCommand command)
        {
            if (command.CompletedAt != null) return;
            if (command.Reads++ < Options.CommandPolls) return;
            foreach (var task in command.Tasks)
            {
                if (!_offers.TryGetValue(task.OfferId, out var offer))
                {
                    task.Status = "FAIL"; task.ErrorCode = "OfferNotFoundException"; task.Message = "The offer does not exist.";
                    continue;
                }
                var why = command.Apply!(offer);
                if (why == null) { task.Status = "SUCCESS"; offer.Patches++; }
                else { task.Status = "FAIL"; task.ErrorCode = "VALIDATION_ERROR"; task.Message = why; }
            }
            command.CompletedAt = Now();
        }

        private static object Summary(FakeCommand c) => new
        {
            id = c.Id,
            createdAt = c.CreatedAt,
            completedAt = c.CompletedAt,
            taskCount = new
            {
                total = c.Tasks.Count,
                success = c.Tasks.Count(t => t.Status == "SUCCESS"),
                failed = c.Tasks.Count(t => t.Status == "FAIL"),
            },
        };

        private IResult CommandSummary(HttpRequest request, string commandId, string kind)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            lock (_gate)
            {
                if (!_commands.TryGetValue(commandId, out var command) || command.Kind != kind) return Bare(404);
                Advance(command);
                return Results.Json(Summary(command), contentType: MediaType);
            }
        }

        private IResult CommandTasks(HttpRequest request, string commandId, string kind)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            int offset = 0, limit = 100;
            if (request.Query.TryGetValue("offset", out var o) && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > 999))
                return Bare(422);
            if (request.Query.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 1000))
                return Bare(422);
            lock (_gate)
            {
                if (!_commands.TryGetValue(commandId, out var command) || command.Kind != kind) return Bare(404);
                Advance(command);
                var field = kind == "price" ? "sellingMode.price" : "sellingMode.priceAutomation";
                return Results.Json(new
                {
                    tasks = command.Tasks.Skip(offset).Take(limit).Select(t => new
                    {
                        offer = new { id = t.OfferId },
                        field,
                        status = t.Status,
                        message = t.Message ?? "",
                        errors = t.ErrorCode == null
                            ? Array.Empty<object>()
                            : new object[] { new { code = t.ErrorCode, message = t.Message, details = (string?)null, path = field, userMessage = t.Message } },
                    }),
                }, contentType: MediaType);
            }
        }
    }
}
