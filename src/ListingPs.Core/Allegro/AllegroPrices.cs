using ListingPs.Core.Workspace;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.Core.Model;

namespace ListingPs.Core.Allegro
{
    /// <summary>A price to set on an additional market (whole CZK, EUR cents, HUF) for one offer.</summary>
    public sealed class AllegroPriceChange
    {
        public AllegroPriceChange(string offerId, string market, decimal price, string currency)
        {
            OfferId = offerId; Market = market; Price = price; Currency = currency;
        }

        public string OfferId { get; }
        public string Market { get; }
        public decimal Price { get; }
        public string Currency { get; }
    }

    /// <summary>What became of one offer's price on Allegro.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum RemotePriceOutcome
    {
        /// <summary>Allegro's command changed the price (its task ended SUCCESS).</summary>
        Changed,
        /// <summary>Allegro already held the price: nothing was sent.</summary>
        AlreadySet,
        /// <summary>The price converter (the EXCHANGE_RATE rule) was assigned on the market.</summary>
        ConverterAssigned,
        /// <summary>The offer already had the price converter on the market: nothing was sent.</summary>
        ConverterAlreadySet,
        /// <summary>Allegro's task failed for the offer (or the command could not be sent): see Message.</summary>
        Failed,
    }

    /// <summary>One offer's result of a bulk price change (or converter assignment) on Allegro.</summary>
    public sealed class RemotePriceResult
    {
        public string OfferId { get; set; } = "";
        public string Market { get; set; } = "";
        public RemotePriceOutcome Outcome { get; set; }
        /// <summary>The price sent (or already there); null for the converter.</summary>
        public decimal? Price { get; set; }
        public string Currency { get; set; } = "";
        /// <summary>The Allegro command that carried the change ("" when nothing was sent).</summary>
        public string CommandId { get; set; } = "";
        /// <summary>Allegro's message for a failed task, or what was done.</summary>
        public string Message { get; set; } = "";
        /// <summary>The stable error id of a failure (AllegroPriceChangeFailed, AllegroUnavailable...), else "".</summary>
        public string ErrorId { get; set; } = "";
        /// <summary>What the seller should know: a manual price switches the offer's pricing rules off on the market (#10697).</summary>
        public IReadOnlyList<string> Warnings { get => _warnings; set => _warnings = TextList<string>.From(value, "; "); }

        private IReadOnlyList<string> _warnings = TextList<string>.From(null, "; ");
    }

    /// <summary>One command to send: at most 1,000 offers of one market, with one price (or the converter rule).</summary>
    public sealed class AllegroPriceBatch
    {
        public string CommandId { get; set; } = "";
        public string Market { get; set; } = "";
        /// <summary>The price for every offer of the command; null for a converter assignment.</summary>
        public decimal? Price { get; set; }
        public string Currency { get; set; } = "";
        /// <summary>The EXCHANGE_RATE rule assigned (converter), else "".</summary>
        public string RuleId { get; set; } = "";
        public List<string> OfferIds { get; set; } = new List<string>();
        /// <summary>Offers that held a pricing rule on the market (a manual price switches it off).</summary>
        public List<string> RuledOffers { get; set; } = new List<string>();

        public bool IsConverter => RuleId.Length > 0;
    }

    /// <summary>What a bulk change will send: the commands, and the offers that need nothing.</summary>
    public sealed class AllegroPricePlan
    {
        public List<AllegroPriceBatch> Batches { get; } = new List<AllegroPriceBatch>();
        public List<RemotePriceResult> Unchanged { get; } = new List<RemotePriceResult>();

        /// <summary>The offer changes the commands carry (what the limits count).</summary>
        public int Changes => Batches.Sum(b => b.OfferIds.Count);
    }

    /// <summary>A price-automation rule of the account (GET /sale/price-automation/rules).</summary>
    public sealed class AllegroPricingRule
    {
        public string Id { get; set; } = "";
        public string Type { get; set; } = "";
        public string Name { get; set; } = "";
    }

    /// <summary>
    /// Allegro's limits on price changes per user: 9,000 offer changes a minute and 150,000 an hour (the price-change and the
    /// price-automation commands). Two token buckets (9,000 refilled at 150 a second; 150,000 refilled at about 41.7 a second),
    /// full at the start: a command of n offers waits until both hold n. The clock and the wait are given, so tests run on a
    /// fake clock; <see cref="ExpectedTime"/> says how long the remaining changes take at these limits.
    /// </summary>
    public sealed class AllegroPacer
    {
        public const int PerMinute = 9000;
        public const int PerHour = 150000;

        private readonly Func<DateTimeOffset> _clock;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly Bucket[] _buckets;
        private readonly object _gate = new object();

        private sealed class Bucket
        {
            public double Capacity, PerSecond, Tokens;
            public DateTimeOffset At;
        }

        public AllegroPacer(Func<DateTimeOffset>? clock = null, Func<TimeSpan, CancellationToken, Task>? delay = null, int perMinute = PerMinute, int perHour = PerHour)
        {
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _delay = delay ?? Task.Delay;
            var now = _clock();
            _buckets = new[]
            {
                new Bucket { Capacity = perMinute, PerSecond = perMinute / 60.0, Tokens = perMinute, At = now },
                new Bucket { Capacity = perHour, PerSecond = perHour / 3600.0, Tokens = perHour, At = now },
            };
        }

        /// <summary>How long the pacer has waited in all.</summary>
        public TimeSpan Waited { get; private set; }

        private void Refill(DateTimeOffset now)
        {
            foreach (var b in _buckets)
            {
                var seconds = (now - b.At).TotalSeconds;
                if (seconds > 0) b.Tokens = Math.Min(b.Capacity, b.Tokens + seconds * b.PerSecond);
                b.At = now;
            }
        }

        /// <summary>How long from now until <paramref name="changes"/> offer changes are sent at the limits (zero when they can go at once).</summary>
        public TimeSpan ExpectedTime(long changes)
        {
            lock (_gate)
            {
                Refill(_clock());
                double seconds = 0;
                foreach (var b in _buckets) seconds = Math.Max(seconds, (changes - b.Tokens) / b.PerSecond);
                return seconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Ceiling(seconds));
            }
        }

        /// <summary>Waits until <paramref name="changes"/> (at most 9,000) offer changes may be sent, then counts them as sent.</summary>
        public async Task TakeAsync(int changes, CancellationToken cancel)
        {
            if (changes > _buckets.Min(b => b.Capacity)) throw new ArgumentOutOfRangeException(nameof(changes));
            for (; ; )
            {
                TimeSpan wait;
                lock (_gate)
                {
                    Refill(_clock());
                    double seconds = 0;
                    foreach (var b in _buckets) seconds = Math.Max(seconds, (changes - b.Tokens) / b.PerSecond);
                    if (seconds <= 0)
                    {
                        foreach (var b in _buckets) b.Tokens -= changes;
                        return;
                    }
                    wait = TimeSpan.FromMilliseconds(Math.Ceiling(seconds * 1000));
                    Waited += wait;
                }
                await _delay(wait, cancel).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Prices on Allegro in bulk, as the API has it: the price of many offers on one additional market by
    /// PUT /sale/offer-price-change-commands/{commandId} (modification FIXED_PRICE with marketplaceId, at most 1,000 offers in
    /// offerCriteria), its summary read until it is done and its tasks read to the end, so each offer gets its own result;
    /// the price converter by the account's EXCHANGE_RATE rule, assigned per market with POST
    /// /sale/offer-price-automation-commands. Before anything is sent the offers are read (GET /sale/offers with the offer.id
    /// filter): a price Allegro already holds (or a converter already assigned) is not sent again. Each command gets a fresh
    /// id, recorded in the workspace before it is sent and forgotten once its tasks are read, so a rerun after a stop first
    /// finishes the commands under way (<see cref="ResumeAsync"/>). Commands are paced to Allegro's limits (<see cref="AllegroPacer"/>).
    /// A manual price switches off the offer's pricing rules on the market (allegro-api #10697): each changed offer's result says so.
    /// </summary>
    public sealed class AllegroPrices
    {
        /// <summary>The most offers one command takes (OfferCriterium: "You can add up to 1000 offers"; tasks are read at offsets 0 to 999).</summary>
        public const int MaxOffersPerCommand = 1000;

        public const string ExchangeRateRule = "EXCHANGE_RATE";

        private const string PriceCommands = "sale/offer-price-change-commands/";
        private const string AutomationCommands = "sale/offer-price-automation-commands";

        private readonly AllegroConnection _connection;
        private readonly AllegroSettings _settings;
        private readonly WorkspaceStore _workspace;
        private readonly AllegroOffers _offers;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly Func<DateTimeOffset> _clock;

        public AllegroPrices(AllegroConnection connection, AllegroSettings settings, WorkspaceStore workspace, AllegroPacer? pacer = null,
            Func<TimeSpan, CancellationToken, Task>? delay = null, Func<DateTimeOffset>? clock = null)
        {
            _connection = connection; _settings = settings; _workspace = workspace;
            _delay = delay ?? Task.Delay;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            Pacer = pacer ?? new AllegroPacer(_clock, _delay);
            _offers = new AllegroOffers(connection, settings, _delay);
        }

        public AllegroPacer Pacer { get; }

        /// <summary>Requests (reads, commands) under way at once (1 to <see cref="AllegroParallel.MaxLimit"/>).</summary>
        public int Parallel { get; set; } = AllegroParallel.DefaultLimit;

        /// <summary>Offer changes sent, answered and failed so far (for progress; any thread).</summary>
        public AllegroCounters Counters { get; } = new AllegroCounters();

        /// <summary>The workspace is not thread-safe: commands side by side record and store through this gate.</summary>
        private readonly object _gate = new object();

        /// <summary>Offers per command (1 to 1,000; tests use fewer).</summary>
        public int CommandSize { get; set; } = MaxOffersPerCommand;

        /// <summary>Tasks per page of .../tasks (1 to 1,000).</summary>
        public int TaskPage { get; set; } = MaxOffersPerCommand;

        /// <summary>How long a command is followed before its offers are reported AllegroOperationTimedOut (a rerun resumes it).</summary>
        public TimeSpan CommandWait { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>The pause between two reads of a command's summary (doubled up to 5 s).</summary>
        public TimeSpan PollDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The account's price-automation rules.</summary>
        public async Task<IReadOnlyList<AllegroPricingRule>> GetRulesAsync(CancellationToken cancel)
        {
            using var doc = await _connection.GetAsync(_settings, "sale/price-automation/rules", cancel).ConfigureAwait(false);
            var list = new List<AllegroPricingRule>();
            if (doc.RootElement.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array)
                foreach (var r in rules.EnumerateArray())
                    list.Add(new AllegroPricingRule { Id = Text(r, "id"), Type = Text(r, "type"), Name = Text(r, "name") });
            return list;
        }

        /// <summary>The account's price converter (the rule of type EXCHANGE_RATE).</summary>
        /// <exception cref="ListingPsException">AllegroPricingRuleMissing when the account has none.</exception>
        public async Task<AllegroPricingRule> FindConverterAsync(CancellationToken cancel)
        {
            var rules = await GetRulesAsync(cancel).ConfigureAwait(false);
            return rules.FirstOrDefault(r => r.Type == ExchangeRateRule) ?? throw new ListingPsException(AllegroErrorIds.AllegroPricingRuleMissing,
                "The Allegro account has no price-automation rule of type EXCHANGE_RATE (the price converter)" +
                (rules.Count > 0 ? "; its rules: " + string.Join(", ", rules.Select(r => r.Name + " (" + r.Type + ")")) : "") +
                ". Set up the price converter on Allegro (Sales Center, pricing rules: 'Price Converter'), then run the command again.",
                ErrorKind.ObjectNotFound);
        }

        /// <summary>
        /// The commands for the prices: offers whose price Allegro already holds are left out (AlreadySet); the rest are grouped
        /// by market and price, at most <see cref="CommandSize"/> offers a command, each with a fresh id. The last price asked
        /// for an offer and market stands.
        /// </summary>
        public async Task<AllegroPricePlan> PlanPricesAsync(IEnumerable<AllegroPriceChange> changes, CancellationToken cancel)
        {
            var wanted = new Dictionary<(string, string), AllegroPriceChange>();
            var order = new List<(string, string)>();
            foreach (var c in changes)
            {
                var key = (c.Market, c.OfferId);
                if (!wanted.ContainsKey(key)) order.Add(key);
                wanted[key] = c;
            }
            var now = await _offers.ReadManyAsync(wanted.Values.Select(c => c.OfferId), Parallel, cancel, Counters).ConfigureAwait(false);
            return Plan(order.Select(k => wanted[k]), now);
        }

        /// <summary>
        /// The commands for the prices, against the offers as Allegro was just read (<paramref name="now"/>; an offer absent from
        /// it is priced): grouped by market and price, at most <see cref="CommandSize"/> offers a command, each with a fresh id;
        /// a price Allegro already holds is left out (AlreadySet). Each change is taken once (the caller keeps one per offer and market).
        /// </summary>
        public AllegroPricePlan Plan(IEnumerable<AllegroPriceChange> changes, IReadOnlyDictionary<string, AllegroOffer> now)
        {
            var plan = new AllegroPricePlan();
            var groups = new Dictionary<(string, decimal, string), List<(string Id, bool Ruled)>>();
            var groupOrder = new List<(string, decimal, string)>();
            foreach (var c in changes)
            {
                AllegroMarketState? there = null;
                if (now.TryGetValue(c.OfferId, out var offer)) offer.Markets.TryGetValue(c.Market, out there);
                if (there != null && there.Price == c.Price && string.Equals(there.Currency, c.Currency, StringComparison.OrdinalIgnoreCase))
                {
                    plan.Unchanged.Add(new RemotePriceResult
                    {
                        OfferId = c.OfferId, Market = c.Market, Price = c.Price, Currency = c.Currency, Outcome = RemotePriceOutcome.AlreadySet,
                        Message = "Allegro already holds " + Money(c.Price, c.Currency) + " on " + c.Market + ": nothing was sent.",
                    });
                    continue;
                }
                var g = (c.Market, c.Price, c.Currency.ToUpperInvariant());
                if (!groups.TryGetValue(g, out var list)) { groups[g] = list = new List<(string, bool)>(); groupOrder.Add(g); }
                list.Add((c.OfferId, there != null && there.RuleId.Length > 0));
            }
            foreach (var g in groupOrder)
                for (int i = 0; i < groups[g].Count; i += CommandSize)
                {
                    var part = groups[g].Skip(i).Take(CommandSize).ToList();
                    plan.Batches.Add(new AllegroPriceBatch
                    {
                        CommandId = Guid.NewGuid().ToString(), Market = g.Item1, Price = g.Item2, Currency = g.Item3,
                        OfferIds = part.Select(p => p.Id).ToList(), RuledOffers = part.Where(p => p.Ruled).Select(p => p.Id).ToList(),
                    });
                }
            Counters.AddPlanned(plan.Changes);
            return plan;
        }

        /// <summary>
        /// The commands that assign the price converter (the account's EXCHANGE_RATE rule) per market: offers that have it on
        /// the market already are left out (ConverterAlreadySet).
        /// </summary>
        /// <exception cref="ListingPsException">AllegroPricingRuleMissing when the account has no EXCHANGE_RATE rule.</exception>
        public async Task<AllegroPricePlan> PlanConverterAsync(IEnumerable<(string OfferId, string Market)> offers, CancellationToken cancel)
        {
            var rule = await FindConverterAsync(cancel).ConfigureAwait(false);
            var wanted = offers.Distinct().ToList();
            var plan = new AllegroPricePlan();
            var now = await _offers.ReadManyAsync(wanted.Select(o => o.OfferId), Parallel, cancel, Counters).ConfigureAwait(false);
            foreach (var market in wanted.Select(o => o.Market).Distinct(StringComparer.OrdinalIgnoreCase).ToList())
            {
                var send = new List<string>();
                foreach (var (offerId, _) in wanted.Where(o => string.Equals(o.Market, market, StringComparison.OrdinalIgnoreCase)))
                {
                    if (now.TryGetValue(offerId, out var offer) && offer.Markets.TryGetValue(market, out var there) && there.RuleId == rule.Id)
                        plan.Unchanged.Add(new RemotePriceResult
                        {
                            OfferId = offerId, Market = market, Outcome = RemotePriceOutcome.ConverterAlreadySet,
                            Message = "The offer already has the price converter ('" + rule.Name + "') on " + market + ": nothing was sent.",
                        });
                    else send.Add(offerId);
                }
                for (int i = 0; i < send.Count; i += CommandSize)
                    plan.Batches.Add(new AllegroPriceBatch
                    {
                        CommandId = Guid.NewGuid().ToString(), Market = market, RuleId = rule.Id, OfferIds = send.Skip(i).Take(CommandSize).ToList(),
                    });
            }
            Counters.AddPlanned(plan.Changes);
            return plan;
        }

        private sealed class Pending
        {
            public string Market { get; set; } = "";
            public decimal? Price { get; set; }
            public string Currency { get; set; } = "";
            public string RuleId { get; set; } = "";
            public List<string> Offers { get; set; } = new List<string>();
            public List<string> Ruled { get; set; } = new List<string>();
        }

        /// <summary>
        /// Sends one command (after the pacer lets it go), follows it to its end and reads its tasks: one result per offer of
        /// the batch. A command Allegro refuses, cannot take or does not finish in time gives each of its offers a Failed
        /// result with the error; a command that did reach Allegro stays recorded, so a rerun reads it instead of sending again.
        /// </summary>
        public async Task<IReadOnlyList<RemotePriceResult>> SendAsync(AllegroPriceBatch batch, CancellationToken cancel)
        {
            if (batch.OfferIds.Count == 0) return Array.Empty<RemotePriceResult>();
            if (batch.OfferIds.Count > MaxOffersPerCommand) throw new ArgumentOutOfRangeException(nameof(batch), "A command takes at most 1,000 offers.");
            var pending = new Pending { Market = batch.Market, Price = batch.Price, Currency = batch.Currency, RuleId = batch.RuleId, Offers = batch.OfferIds, Ruled = batch.RuledOffers };
            lock (_gate) _workspace.MarketVerdicts.PutPendingCommand(batch.CommandId, JsonSerializer.Serialize(pending));
            await Pacer.TakeAsync(batch.OfferIds.Count, cancel).ConfigureAwait(false);
            var criteria = new[] { new { type = "CONTAINS_OFFERS", offers = batch.OfferIds.Select(id => new { id }).ToArray() } };
            try
            {
                if (batch.IsConverter)
                {
                    var body = new
                    {
                        id = batch.CommandId,
                        modification = new { set = new[] { new { marketplace = new { id = batch.Market }, rule = new { id = batch.RuleId } } } },
                        offerCriteria = criteria,
                    };
                    using var _ = await _connection.SendAsync(_settings, HttpMethod.Post, AutomationCommands, JsonSerializer.Serialize(body), cancel).ConfigureAwait(false);
                }
                else
                {
                    var body = new
                    {
                        modification = new { type = "FIXED_PRICE", marketplaceId = batch.Market, price = new { amount = Amount(batch.Price!.Value), currency = batch.Currency } },
                        offerCriteria = criteria,
                    };
                    using var _ = await _connection.SendAsync(_settings, HttpMethod.Put, PriceCommands + Uri.EscapeDataString(batch.CommandId), JsonSerializer.Serialize(body), cancel).ConfigureAwait(false);
                }
            }
            catch (ListingPsException ex) when (AllegroConnection.StatusOf(ex) == 409)
            {
                // The id is taken: an earlier attempt of this very command reached Allegro. Read it.
            }
            catch (ListingPsException ex) when (AllegroConnection.StatusOf(ex) is int status && status >= 400 && status < 500)
            {
                lock (_gate) _workspace.MarketVerdicts.RemovePendingCommand(batch.CommandId);      // refused: nothing of it was done
                return Failed(batch.CommandId, pending, ex);
            }
            catch (ListingPsException ex)
            {
                return Failed(batch.CommandId, pending, ex);           // unknown whether it reached Allegro: a rerun looks (and sends again if not)
            }
            Counters.AddSent(batch.OfferIds.Count);
            return await FinishAsync(batch.CommandId, pending, resumed: false, cancel).ConfigureAwait(false);
        }

        /// <summary>
        /// Sends the commands side by side, at most <see cref="Parallel"/> under way at once (each still waits for the pacer),
        /// and gives every offer's result in the order of the batches.
        /// </summary>
        public async Task<IReadOnlyList<RemotePriceResult>> SendAllAsync(IReadOnlyList<AllegroPriceBatch> batches, CancellationToken cancel)
        {
            var results = await AllegroParallel.MapAsync(batches, Parallel, SendAsync, cancel).ConfigureAwait(false);
            return results.SelectMany(r => r).ToList();
        }

        /// <summary>
        /// Finishes the commands an earlier run recorded and did not read to the end (it was stopped, or Allegro did not
        /// finish in time): each is read to its end, its offers' results returned, and forgotten. A command Allegro does not
        /// know (it never arrived) is forgotten too: the offers' prices are read again by the next plan.
        /// </summary>
        public async Task<IReadOnlyList<RemotePriceResult>> ResumeAsync(CancellationToken cancel)
        {
            var results = new List<RemotePriceResult>();
            foreach (var kv in _workspace.MarketVerdicts.PendingCommands())
            {
                Pending? pending;
                try { pending = JsonSerializer.Deserialize<Pending>(kv.Value); }
                catch (JsonException) { pending = null; }
                if (pending == null) { _workspace.MarketVerdicts.RemovePendingCommand(kv.Key); continue; }
                try
                {
                    results.AddRange(await FinishAsync(kv.Key, pending, resumed: true, cancel).ConfigureAwait(false));
                }
                catch (ListingPsException ex) when (AllegroConnection.StatusOf(ex) == 404)
                {
                    _workspace.MarketVerdicts.RemovePendingCommand(kv.Key);
                }
            }
            return results;
        }

        private string Base(Pending p) => p.RuleId.Length > 0 ? AutomationCommands + "/" : PriceCommands;

        private async Task<IReadOnlyList<RemotePriceResult>> FinishAsync(string commandId, Pending pending, bool resumed, CancellationToken cancel)
        {
            var path = Base(pending) + Uri.EscapeDataString(commandId);
            var until = _clock() + CommandWait;
            var wait = PollDelay;
            for (int read = 0; ; read++)
            {
                if (read > 0)
                {
                    if (_clock() > until)
                        return Failed(commandId, pending, new ListingPsException(AllegroErrorIds.AllegroOperationTimedOut,
                            "Allegro took the command " + commandId + " but had not finished it after " + CommandWait.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)
                            + " minutes: run the command again later; it reads this command's result instead of sending the price again.", ErrorKind.ResourceUnavailable));
                    await _delay(wait, cancel).ConfigureAwait(false);
                    if (wait < TimeSpan.FromSeconds(5)) wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                }
                using var summary = await _connection.GetAsync(_settings, path, cancel).ConfigureAwait(false);
                var root = summary.RootElement;
                var count = root.TryGetProperty("taskCount", out var tc) ? tc : default;
                int total = Int(count, "total"), done = Int(count, "success") + Int(count, "failed");
                bool completed = root.TryGetProperty("completedAt", out var c) && c.ValueKind == JsonValueKind.String;
                if (completed || (total > 0 && done >= total)) break;
            }
            var tasks = new Dictionary<string, (string Status, string Message)>(StringComparer.Ordinal);
            for (int offset = 0; offset <= 999; )
            {
                using var page = await _connection.GetAsync(_settings, path + "/tasks?limit=" + TaskPage.ToString(CultureInfo.InvariantCulture)
                    + "&offset=" + offset.ToString(CultureInfo.InvariantCulture), cancel).ConfigureAwait(false);
                int n = 0;
                if (page.RootElement.TryGetProperty("tasks", out var list) && list.ValueKind == JsonValueKind.Array)
                    foreach (var t in list.EnumerateArray())
                    {
                        n++;
                        var id = t.TryGetProperty("offer", out var o) ? Text(o, "id") : "";
                        if (id.Length > 0) tasks[id] = (Text(t, "status"), TaskMessage(t));
                    }
                if (n < TaskPage) break;
                offset += n;
            }
            var results = new List<RemotePriceResult>();
            lock (_gate)
            foreach (var offerId in pending.Offers)
            {
                var r = new RemotePriceResult { OfferId = offerId, Market = pending.Market, Price = pending.Price, Currency = pending.Currency, CommandId = commandId };
                if (!tasks.TryGetValue(offerId, out var task))
                    Fail(r, "Allegro's command " + commandId + " gave no result for the offer: run the command again; what is done is not sent again.");
                else if (task.Status == "SUCCESS")
                {
                    if (pending.RuleId.Length > 0)
                    {
                        r.Outcome = RemotePriceOutcome.ConverterAssigned;
                        r.Message = "The price converter is assigned on " + pending.Market + ": Allegro prices the offer there from its base price.";
                    }
                    else
                    {
                        r.Outcome = RemotePriceOutcome.Changed;
                        r.Message = "Allegro set " + Money(pending.Price!.Value, pending.Currency) + " on " + pending.Market + ".";
                        r.Warnings = new[] { ManualPriceWarning(pending.Market, pending.Ruled.Contains(offerId)) };
                        Store(r);
                    }
                    if (resumed) r.Message += " (finished from an earlier run)";
                }
                else
                    Fail(r, "Allegro did not " + (pending.RuleId.Length > 0 ? "assign the price converter" : "change the price") + " on " + pending.Market
                        + (task.Status == "FAIL" ? "" : " (the task is " + task.Status + ")") + (task.Message.Length > 0 ? ": " + task.Message : "."));
                results.Add(r);
            }
            lock (_gate) _workspace.MarketVerdicts.RemovePendingCommand(commandId);
            Counters.AddAnswered(results.Count);
            Counters.AddFailed(results.Count(r => r.Outcome == RemotePriceOutcome.Failed));
            return results;
        }

        /// <summary>What a manual price does to the offer's pricing rules on the market (allegro-api #10697).</summary>
        public static string ManualPriceWarning(string market, bool hadRule) => hadRule
            ? "The manual price switched off the offer's pricing rule on " + market + " (Allegro #10697); -UseConverter -Remote assigns the converter again."
            : "A manual price switches off the offer's pricing rules on " + market + " (Allegro #10697); -UseConverter -Remote assigns the converter again.";

        private static void Fail(RemotePriceResult r, string message)
        {
            r.Outcome = RemotePriceOutcome.Failed;
            r.ErrorId = AllegroErrorIds.AllegroPriceChangeFailed;
            r.Message = message;
        }

        private List<RemotePriceResult> Failed(string commandId, Pending p, ListingPsException ex)
        {
            Counters.AddAnswered(p.Offers.Count);
            Counters.AddFailed(p.Offers.Count);
            return p.Offers.Select(id => new RemotePriceResult
            {
                OfferId = id, Market = p.Market, Price = p.Price, Currency = p.Currency, CommandId = commandId, Outcome = RemotePriceOutcome.Failed,
                ErrorId = ex.ErrorId, Message = ex.Message,
            }).ToList();
        }

        /// <summary>The price Allegro now holds, stored beside the local verdict (Allegro verifies the offer again: IN_PROGRESS until Sync-VerificationStatus reads it).</summary>
        private void Store(RemotePriceResult r)
        {
            var previous = _workspace.MarketVerdicts.Get(r.Market, r.OfferId);
            _workspace.MarketVerdicts.Put(new MarketVerdict
            {
                OfferId = r.OfferId, Market = r.Market, MarketState = ShareState.InProgress, MarketStateText = "IN_PROGRESS",
                MarketPrice = r.Price, Currency = r.Currency, ShippingRate = previous?.ShippingRate ?? "",
                SentPrice = r.Price, SentAt = _clock(), SyncedAt = _clock(),
            });
        }

        /// <summary>A task's message with its errors' own words (userMessage, else message).</summary>
        private static string TaskMessage(JsonElement task)
        {
            var parts = new List<string>();
            var message = Text(task, "message");
            if (task.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                foreach (var e in errors.EnumerateArray())
                {
                    var text = Text(e, "userMessage") is { Length: > 0 } u ? u : Text(e, "message");
                    var code = Text(e, "code");
                    parts.Add((code.Length > 0 ? code + ": " : "") + text);
                }
            if (parts.Count == 0) return message;
            return (message.Length > 0 && !parts.Any(p => p.EndsWith(message, StringComparison.Ordinal)) ? message + " " : "") + string.Join("; ", parts);
        }

        private static string Amount(decimal price) => price.ToString(CultureInfo.InvariantCulture);

        private static string Money(decimal price, string currency) => Amount(price) + " " + currency;

        private static int Int(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;

        private static string Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
    }
}
