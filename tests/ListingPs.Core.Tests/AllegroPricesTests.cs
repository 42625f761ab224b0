using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.AllegroFake;
using ListingPs.Core.Allegro;
using ListingPs.Core.Model;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// Prices on Allegro in bulk against the contract fake: price-change commands per market and price (at most 1,000 offers,
    /// a fresh id each), their tasks read to the end page by page, each offer's own result (a failure with Allegro's message),
    /// a rerun that sends nothing twice, a stopped run finished by the next one, the pacing to Allegro's limits on a fake
    /// clock, and the price converter assigned as the EXCHANGE_RATE rule (or a clear error when the account has none).
    /// </summary>
    public sealed class AllegroPricesTests : AllegroFakeTest
    {
        private readonly ServiceFixture _fx = new ServiceFixture();
        private DateTimeOffset _now = TestRules.Now;
        private readonly List<TimeSpan> _waits = new List<TimeSpan>();

        protected override void DisposeMore() => _fx.Dispose();

        private AllegroSettings Settings => SettingsWith();

        /// <summary>The fake clock: a wait moves it on.</summary>
        private Task Wait(TimeSpan t, CancellationToken c)
        {
            c.ThrowIfCancellationRequested();
            _waits.Add(t);
            _now += t;
            return Task.CompletedTask;
        }

        private DateTimeOffset Clock() => _now;

        private Task<AllegroConnection> Connected() => ConnectedAsync();

        private async Task<AllegroPrices> Prices(int seed = 40, AllegroPacer? pacer = null)
        {
            Fake.SeedOffers(seed);
            return new AllegroPrices(await Connected(), Settings, _fx.Workspace, pacer ?? new AllegroPacer(Clock, Wait), Wait, Clock);
        }

        private static string Id(int i) => (7000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static IEnumerable<AllegroPriceChange> Czk(IEnumerable<int> ids, decimal price) =>
            ids.Select(i => new AllegroPriceChange(Id(i), "allegro-cz", price, "CZK"));

        private static async Task<List<RemotePriceResult>> SendAll(AllegroPrices prices, AllegroPricePlan plan)
        {
            var results = new List<RemotePriceResult>(plan.Unchanged);
            foreach (var b in plan.Batches) results.AddRange(await prices.SendAsync(b, CancellationToken.None));
            return results;
        }

        [Fact]
        public async Task Offers_are_grouped_by_market_and_price_in_commands_of_at_most_the_command_size_each_with_a_fresh_id()
        {
            var prices = await Prices();
            prices.CommandSize = 5;
            var changes = Czk(Enumerable.Range(1, 12), 112m).Concat(Czk(Enumerable.Range(13, 13), 120m))
                .Concat(new[] { new AllegroPriceChange(Id(30), "allegro-sk", 4.99m, "EUR"), new AllegroPriceChange(Id(30), "allegro-sk", 5.49m, "EUR") });
            var plan = await prices.PlanPricesAsync(changes, CancellationToken.None);
            Assert.Equal(new[] { 5, 5, 2, 5, 5, 3, 1 }, plan.Batches.Select(b => b.OfferIds.Count));
            Assert.Equal(26, plan.Changes);
            Assert.Equal(plan.Batches.Count, plan.Batches.Select(b => b.CommandId).Distinct().Count());
            Assert.All(plan.Batches, b => Assert.True(Guid.TryParse(b.CommandId, out _)));
            Assert.Equal(5.49m, plan.Batches.Last().Price);                        // the last price asked for an offer stands
            Assert.Single(Calls("GET", "/sale/offers"));                            // 26 offers read in one listing (offer.id filter)
            Assert.Contains("offer.id=" + Id(1) + "&offer.id=" + Id(2), Calls("GET", "/sale/offers").Single().Query, StringComparison.Ordinal);

            var results = await SendAll(prices, plan);
            var puts = Calls("PUT", "/sale/offer-price-change-commands/").ToList();
            Assert.Equal(7, puts.Count);
            using (var body = JsonDocument.Parse(puts[0].Body))
            {
                var m = body.RootElement.GetProperty("modification");
                Assert.Equal("FIXED_PRICE", m.GetProperty("type").GetString());
                Assert.Equal("allegro-cz", m.GetProperty("marketplaceId").GetString());
                Assert.Equal("112", m.GetProperty("price").GetProperty("amount").GetString());
                Assert.Equal("CZK", m.GetProperty("price").GetProperty("currency").GetString());
                Assert.Equal(5, body.RootElement.GetProperty("offerCriteria")[0].GetProperty("offers").GetArrayLength());
            }
            Assert.Equal(26, results.Count);
            Assert.All(results, r => Assert.Equal(RemotePriceOutcome.Changed, r.Outcome));
            Assert.Equal("112", Fake.Offer(Id(3))!.Markets["allegro-cz"].Amount);
            Assert.Equal("IN_PROGRESS", Fake.Offer(Id(3))!.Markets["allegro-cz"].State);   // Allegro verifies the offer again
            Assert.Equal("5.49", Fake.Offer(Id(30))!.Markets["allegro-sk"].Amount);
            var verdict = _fx.Workspace.MarketVerdicts.Get("allegro-cz", Id(3))!;
            Assert.Equal(112m, verdict.SentPrice);
            Assert.Equal(ShareState.InProgress, verdict.MarketState);
            Assert.Empty(_fx.Workspace.MarketVerdicts.PendingCommands());
        }

        [Fact]
        public async Task A_command_takes_at_most_1000_offers()
        {
            var prices = await Prices(seed: 2300);
            var plan = await prices.PlanPricesAsync(Czk(Enumerable.Range(1, 2300), 150m), CancellationToken.None);
            Assert.Equal(new[] { 1000, 1000, 300 }, plan.Batches.Select(b => b.OfferIds.Count));
            Assert.Equal(46, Calls("GET", "/sale/offers").Count());                  // 50 ids a read
            var results = await prices.SendAsync(plan.Batches[0], CancellationToken.None);
            Assert.Equal(1000, results.Count(r => r.Outcome == RemotePriceOutcome.Changed));
            var tooMany = new AllegroPriceBatch { CommandId = Guid.NewGuid().ToString(), Market = "allegro-cz", Price = 1, Currency = "CZK", OfferIds = Enumerable.Range(1, 1001).Select(Id).ToList() };
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => prices.SendAsync(tooMany, CancellationToken.None));
        }

        [Fact]
        public async Task The_command_is_followed_to_its_end_and_its_tasks_read_page_by_page_to_the_last()
        {
            var prices = await Prices(seed: 260);
            Fake.Options.CommandPolls = 3;
            prices.TaskPage = 100;
            var plan = await prices.PlanPricesAsync(Czk(Enumerable.Range(1, 250), 130m), CancellationToken.None);
            var results = await prices.SendAsync(Assert.Single(plan.Batches), CancellationToken.None);
            Assert.Equal(250, results.Count);
            Assert.All(results, r => Assert.Equal(RemotePriceOutcome.Changed, r.Outcome));
            var id = plan.Batches[0].CommandId;
            Assert.Equal(4, Fake.Requests.Count(r => r.Method == "GET" && r.Path == "/sale/offer-price-change-commands/" + id));   // NEW, NEW, NEW, done
            Assert.Equal(new[] { "?limit=100&offset=0", "?limit=100&offset=100", "?limit=100&offset=200" },
                Fake.Requests.Where(r => r.Path == "/sale/offer-price-change-commands/" + id + "/tasks").Select(r => r.Query));
            Assert.Equal(new[] { 1, 2, 4 }, _waits.Take(3).Select(w => (int)w.TotalSeconds));   // the pause between reads grows
        }

        [Fact]
        public async Task Each_offer_gets_its_own_result_and_a_failed_task_carries_Allegro_s_message()
        {
            var prices = await Prices();
            var changes = Czk(new[] { 1, 2 }, 112m).Append(new AllegroPriceChange("9999999999", "allegro-cz", 112m, "CZK"));
            var results = await SendAll(prices, await prices.PlanPricesAsync(changes, CancellationToken.None));
            Assert.Equal(3, results.Count);
            var failed = Assert.Single(results, r => r.Outcome == RemotePriceOutcome.Failed);
            Assert.Equal("9999999999", failed.OfferId);
            Assert.Equal(AllegroErrorIds.AllegroPriceChangeFailed, failed.ErrorId);
            Assert.Contains("The offer does not exist.", failed.Message, StringComparison.Ordinal);
            Assert.Empty(failed.Warnings);
            var changed = results.Where(r => r.Outcome == RemotePriceOutcome.Changed).ToList();
            Assert.Equal(2, changed.Count);
            Assert.All(changed, r => Assert.Contains("#10697", Assert.Single(r.Warnings), StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_rerun_sends_nothing_twice_and_an_offer_whose_price_Allegro_holds_is_left_out()
        {
            var prices = await Prices();
            await SendAll(prices, await prices.PlanPricesAsync(Czk(Enumerable.Range(1, 10), 112m), CancellationToken.None));
            var again = await prices.PlanPricesAsync(Czk(Enumerable.Range(1, 12), 112m), CancellationToken.None);
            Assert.Equal(10, again.Unchanged.Count);
            Assert.All(again.Unchanged, r => Assert.Equal(RemotePriceOutcome.AlreadySet, r.Outcome));
            Assert.Equal(new[] { Id(11), Id(12) }, Assert.Single(again.Batches).OfferIds);
            await SendAll(prices, again);
            Assert.Equal(2, Fake.Commands.Count);
            Assert.All(Enumerable.Range(1, 12), i => Assert.Equal(1, Fake.Offer(Id(i))!.Patches));
        }

        [Fact]
        public async Task A_stopped_run_leaves_its_command_recorded_and_the_next_one_finishes_it_instead_of_sending_again()
        {
            var prices = await Prices();
            Fake.Options.CommandPolls = 5;
            var plan = await prices.PlanPricesAsync(Czk(Enumerable.Range(1, 8), 112m), CancellationToken.None);
            using (var stop = new CancellationTokenSource())
            {
                var stopping = new AllegroPrices(await Connected(), Settings, _fx.Workspace, new AllegroPacer(Clock, Wait),
                    (t, c) => { stop.Cancel(); return Task.FromCanceled(stop.Token); }, Clock);                // Ctrl+C while it waits for the command
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopping.SendAsync(plan.Batches[0], stop.Token));
            }
            Assert.Equal(plan.Batches[0].CommandId, Assert.Single(_fx.Workspace.MarketVerdicts.PendingCommands()).Key);
            _fx.Reopen();
            var next = new AllegroPrices(await Connected(), Settings, _fx.Workspace, new AllegroPacer(Clock, Wait), Wait, Clock);
            var resumed = await next.ResumeAsync(CancellationToken.None);
            Assert.Equal(8, resumed.Count);
            Assert.All(resumed, r => Assert.Equal((RemotePriceOutcome.Changed, plan.Batches[0].CommandId), (r.Outcome, r.CommandId)));
            Assert.Empty(_fx.Workspace.MarketVerdicts.PendingCommands());
            var rerun = await next.PlanPricesAsync(Czk(Enumerable.Range(1, 8), 112m), CancellationToken.None);
            Assert.Empty(rerun.Batches);
            Assert.Single(Fake.Commands);

            // A command recorded that never reached Allegro is forgotten: the next plan sends its offers.
            _fx.Workspace.MarketVerdicts.PutPendingCommand(Guid.NewGuid().ToString(), """{"Market":"allegro-cz","Price":99,"Currency":"CZK","RuleId":"","Offers":["7000000009"],"Ruled":[]}""");
            Assert.Empty(await next.ResumeAsync(CancellationToken.None));
            Assert.Empty(_fx.Workspace.MarketVerdicts.PendingCommands());
        }

        [Fact]
        public async Task The_pacer_keeps_to_9000_changes_a_minute_and_150000_an_hour_on_a_fake_clock()
        {
            var pacer = new AllegroPacer(Clock, Wait);
            Assert.Equal(TimeSpan.Zero, pacer.ExpectedTime(9000));
            Assert.Equal(TimeSpan.FromSeconds(607), pacer.ExpectedTime(100000));      // 9,000 at once, then 150 a second
            Assert.Equal(TimeSpan.FromSeconds(3600), pacer.ExpectedTime(300000));     // the hour's 150,000, then 41.7 a second
            for (int i = 0; i < 9; i++) await pacer.TakeAsync(1000, CancellationToken.None);
            Assert.Empty(_waits);
            await pacer.TakeAsync(1000, CancellationToken.None);
            Assert.Equal(6.667, Assert.Single(_waits).TotalSeconds, 2);                // 1,000 more at 150 a second
            for (int i = 10; i < 300; i++) await pacer.TakeAsync(1000, CancellationToken.None);
            Assert.InRange((_now - TestRules.Now).TotalSeconds, 3599, 3601);           // 300,000 changes: an hour, as the hourly limit has it
            Assert.Equal(pacer.Waited, _now - TestRules.Now);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => pacer.TakeAsync(9001, CancellationToken.None));
        }

        [Fact]
        public async Task Commands_wait_for_the_pacer_and_its_expected_time_counts_down()
        {
            var pacer = new AllegroPacer(Clock, Wait, perMinute: 10, perHour: 1000);
            var prices = await Prices(pacer: pacer);
            prices.CommandSize = 10;
            var plan = await prices.PlanPricesAsync(Czk(Enumerable.Range(1, 30), 112m), CancellationToken.None);
            Assert.Equal(TimeSpan.FromSeconds(120), pacer.ExpectedTime(plan.Changes));   // 10 at once, 20 more at one every 6 s
            var results = await SendAll(prices, plan);
            Assert.Equal(30, results.Count(r => r.Outcome == RemotePriceOutcome.Changed));
            Assert.InRange(pacer.Waited.TotalSeconds, 117.9, 118.1);                    // 120 s less the two 1 s reads of the commands in between
        }

        [Fact]
        public async Task The_converter_is_the_EXCHANGE_RATE_rule_assigned_per_market_and_not_assigned_twice()
        {
            var prices = await Prices();
            var offers = new[] { (Id(1), "allegro-cz"), (Id(2), "allegro-cz"), (Id(3), "allegro-sk") };
            var plan = await prices.PlanConverterAsync(offers, CancellationToken.None);
            Assert.Equal(new[] { "allegro-cz", "allegro-sk" }, plan.Batches.Select(b => b.Market));
            Assert.All(plan.Batches, b => Assert.Equal("c41c73feaef0a8281a3d11f8", b.RuleId));
            var results = await SendAll(prices, plan);
            Assert.All(results, r => Assert.Equal(RemotePriceOutcome.ConverterAssigned, r.Outcome));
            var post = Calls("POST", "/sale/offer-price-automation-commands").First();
            using (var body = JsonDocument.Parse(post.Body))
            {
                var set = Assert.Single(body.RootElement.GetProperty("modification").GetProperty("set").EnumerateArray());
                Assert.Equal("allegro-cz", set.GetProperty("marketplace").GetProperty("id").GetString());
                Assert.Equal("c41c73feaef0a8281a3d11f8", set.GetProperty("rule").GetProperty("id").GetString());
                Assert.Equal(plan.Batches[0].CommandId, body.RootElement.GetProperty("id").GetString());
            }
            Assert.Equal("c41c73feaef0a8281a3d11f8", Fake.Offer(Id(1))!.Markets["allegro-cz"].RuleId);
            var again = await prices.PlanConverterAsync(offers, CancellationToken.None);
            Assert.Empty(again.Batches);
            Assert.All(again.Unchanged, r => Assert.Equal(RemotePriceOutcome.ConverterAlreadySet, r.Outcome));

            // A manual price afterwards switches the rule off, and the result says so.
            var manual = await SendAll(prices, await prices.PlanPricesAsync(Czk(new[] { 1 }, 640m), CancellationToken.None));
            Assert.Contains("switched off the offer's pricing rule on allegro-cz", Assert.Single(Assert.Single(manual).Warnings), StringComparison.Ordinal);
            Assert.Null(Fake.Offer(Id(1))!.Markets["allegro-cz"].RuleId);
        }

        [Fact]
        public async Task An_account_without_an_EXCHANGE_RATE_rule_gets_an_error_that_names_what_to_set_up()
        {
            var prices = await Prices();
            Fake.Options.NoExchangeRateRule = true;
            var ex = await Assert.ThrowsAsync<ListingPsException>(() => prices.PlanConverterAsync(new[] { (Id(1), "allegro-cz") }, CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroPricingRuleMissing, ex.ErrorId);
            Assert.Contains("EXCHANGE_RATE", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Price Converter", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Lowest price on Allegro (FOLLOW_BY_ALLEGRO_MIN_PRICE)", ex.Message, StringComparison.Ordinal);
            Assert.Empty(Calls("POST", "/sale/offer-price-automation-commands"));
        }

        [Fact]
        public async Task A_429_storm_and_500s_in_the_middle_change_nothing_twice()
        {
            var prices = await Prices();
            prices.CommandSize = 4;
            var plan = await prices.PlanPricesAsync(Czk(Enumerable.Range(1, 20), 112m), CancellationToken.None);
            Fake.Options.RetryAfterSeconds = 0;
            var results = new List<RemotePriceResult>();
            foreach (var b in plan.Batches)
            {
                Fake.Options.ThrottleNext = 2;
                Fake.Options.FailNext = 1;
                results.AddRange(await prices.SendAsync(b, CancellationToken.None));
            }
            Assert.Equal(20, results.Count(r => r.Outcome == RemotePriceOutcome.Changed));
            Assert.Equal(5, Fake.Commands.Count);
            Assert.All(Enumerable.Range(1, 20), i => Assert.Equal(1, Fake.Offer(Id(i))!.Patches));
        }
    }
}
