using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.AllegroFake;
using ListingPs.Core.Allegro;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Sharing;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// The seller's offers on Allegro against the contract fake: paging and filters, the offer as the workspace reads it, a
    /// market price sent by PATCH and followed through its operation, and sharing as the API works since June 2024 (the
    /// shipping rate decides the markets; nothing sent twice; local refusals not sent unless forced), and the verdicts synced
    /// beside the local ones.
    /// </summary>
    public sealed class AllegroShareTests : AllegroFakeTest
    {
        private readonly ServiceFixture _fx = new ServiceFixture();
        private readonly List<TimeSpan> _waits = new List<TimeSpan>();

        protected override void DisposeMore() => _fx.Dispose();

        private AllegroSettings Settings => SettingsWith();

        private Task Wait(TimeSpan t, CancellationToken c) { _waits.Add(t); return Task.CompletedTask; }

        /// <summary>What the connection logs at Debug level (the cmdlets' -Debug).</summary>
        private readonly ListLogger _log = new ListLogger();

        private Task<AllegroConnection> Connected() => ConnectedAsync(_log, Wait);

        private async Task<AllegroShare> Share()
        {
            Fake.SeedOffers(40);
            return new AllegroShare(await Connected(), Settings, _fx.Workspace, Wait, () => TestRules.Now);
        }

        /// <summary>The local verdict of a shareable offer with the given base price (the converter prices it on allegro-cz).</summary>
        private ShareRecord Local(string id, decimal basePrice = 100m, Action<Model.Offer>? change = null)
        {
            var offer = TestRules.Shareable(id, basePrice);
            change?.Invoke(offer);
            return _fx.Service.Submit(offer, TestRules.Cz, new SubmitOptions());
        }

        [Fact]
        public async Task Offers_are_listed_page_by_page_with_the_status_and_category_filters_as_Allegro_takes_them()
        {
            var share = await Share();
            var all = await share.Offers.ListAsync(new AllegroOfferFilter(), 0, 15, CancellationToken.None);
            Assert.Equal(40, all.TotalCount);
            Assert.Equal(15, all.Offers.Count);
            var next = await share.Offers.ListAsync(new AllegroOfferFilter(), 15, 15, CancellationToken.None);
            Assert.Equal("7000000016", next.Offers[0].Id);
            var active = await share.Offers.ListAsync(new AllegroOfferFilter { Statuses = new[] { "ACTIVE" }, CategoryId = "c-2" }, 0, 1000, CancellationToken.None);
            Assert.All(active.Offers, o => Assert.Equal(("ACTIVE", "c-2"), (o.Status, o.CategoryId)));
            Assert.Equal(8, active.TotalCount);                                     // ids 1, 6, 11 ... 36: none of them inactive
            Assert.Contains(Fake.Requests, r => r.Path == "/sale/offers" && r.Query == "?offset=0&limit=1000&publication.status=ACTIVE&category.id=c-2");
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => share.Offers.ListAsync(new AllegroOfferFilter(), 0, 1001, CancellationToken.None));
        }

        [Fact]
        public async Task An_offer_comes_into_the_workspace_with_its_rate_s_delivery_methods_and_its_own_fields()
        {
            var share = await Share();
            var page = await share.Offers.ListAsync(new AllegroOfferFilter(), 0, 40, CancellationToken.None);
            var rates = await new AllegroShipping(await Connected(), Settings).GetRatesAsync(CancellationToken.None);
            var first = AllegroOffers.ToFields(page.Offers[0], null, rates);
            Assert.Equal(("7000000001", "Oak shelf 1", "c-2", "21.99", "BuyNow", "Active"), (first.OfferId, first.Title, first.Category, first.Price, first.SellingFormat, first.Status));
            Assert.Null(first.Market);                                               // the rules' base market
            Assert.Null(first.ProductId);                                            // not in the listing: a stored one is kept
            Assert.Equal(new[] { "dm-inpost-pl", "allegro-dhl-cz" }, first.DeliveryMethods);
            var tenth = AllegroOffers.ToFields(page.Offers[9], null, rates);
            Assert.Equal(new[] { "dm-inpost-pl", "dm-dpd-pl" }, tenth.DeliveryMethods);   // the Polish-only rate
            Assert.Equal(("Inactive", "Auction"), (AllegroOffers.ToFields(page.Offers[24], null, rates).Status, AllegroOffers.ToFields(page.Offers[39], null, rates).SellingFormat));
            Assert.Null(AllegroOffers.ToFields(page.Offers[0], null, Array.Empty<AllegroShippingRate>()).DeliveryMethods);  // rate unknown: keep what is stored
        }

        [Fact]
        public async Task A_price_goes_by_PATCH_on_the_additional_market_followed_through_its_operation_and_nothing_read_only_is_written()
        {
            var share = await Share();
            Fake.Options.OperationPolls = 2;
            var offer = await share.Offers.SetMarketPriceAsync("7000000001", "allegro-cz", 112m, "CZK", CancellationToken.None);
            Assert.Equal((112m, "CZK"), (offer.Markets["allegro-cz"].Price, offer.Markets["allegro-cz"].Currency));
            var patch = Assert.Single(Calls("PATCH", "/sale/product-offers/"));
            Assert.Equal("{\"additionalMarketplaces\":{\"allegro-cz\":{\"sellingMode\":{\"price\":{\"amount\":\"112\",\"currency\":\"CZK\"}}}}}", patch.Body);
            Assert.Equal(3, Calls("GET", "/sale/product-offers/7000000001/operations/").Count());   // 202, 202, then 303
            Assert.DoesNotContain(Fake.Requests, r => r.Body.Contains("publication", StringComparison.Ordinal));
            Assert.Equal(1, Fake.Offer("7000000001")!.Patches);
        }

        [Fact]
        public async Task Allegro_s_own_words_name_a_refused_change_and_a_missing_offer()
        {
            var share = await Share();
            var refused = await Assert.ThrowsAsync<ListingPsException>(() => share.Offers.SetMarketPriceAsync("7000000001", "allegro-cz", 112.5m, "CZK", CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroRequestRefused, refused.ErrorId);
            Assert.Contains("422", refused.Message);
            Assert.Contains("Prices in CZK are whole crowns (additionalMarketplaces.allegro-cz.sellingMode.price.amount)", refused.Message);
            var missing = await Assert.ThrowsAsync<ListingPsException>(() => share.Offers.GetAsync("999", CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroOfferNotFound, missing.ErrorId);
        }

        [Fact]
        public async Task The_fake_refuses_a_write_to_the_read_only_marketplaces_field_as_Allegro_does()
        {
            await Share();
            var connection = await Connected();
            var refused = await Assert.ThrowsAsync<ListingPsException>(() => connection.SendAsync(Settings, new HttpMethod("PATCH"), "sale/product-offers/7000000001",
                "{\"publication\":{\"marketplaces\":{\"additional\":[{\"id\":\"allegro-cz\"}]}}}", CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroRequestRefused, refused.ErrorId);
            Assert.Contains("422", refused.Message);
            Assert.Contains("publication.marketplaces is read-only", refused.Message);
            Assert.Equal(0, Fake.Offer("7000000001")!.Patches);
        }

        [Fact]
        public async Task An_approved_offer_on_a_rate_that_opens_the_market_is_sent_once_and_a_rerun_sends_nothing()
        {
            var share = await Share();
            var local = Local("7000000001");
            var sent = await share.ShareAsync(local, force: false, moveTo: null, CancellationToken.None);
            Assert.Equal((RemoteOutcome.Sent, "PL + Czechy (DHL)", 509m), (sent.Outcome, sent.ShippingRate, sent.Price));
            Assert.Equal(new[] { "allegro-pl", "allegro-cz", "allegro-sk" }, sent.RateMarkets);
            Assert.Equal(ShareState.InProgress, sent.MarketState);                  // Allegro verifies it now
            var stored = _fx.Workspace.MarketVerdicts.Get("allegro-cz", "7000000001")!;
            Assert.Equal((509m, TestRules.Now, "IN_PROGRESS"), (stored.SentPrice, stored.SentAt, stored.MarketStateText));

            var again = await share.ShareAsync(local, force: false, moveTo: null, CancellationToken.None);
            Assert.Equal(RemoteOutcome.AlreadySent, again.Outcome);
            Assert.Single(Calls("PATCH", "/sale/product-offers/"));
            Assert.Equal(509m, _fx.Workspace.MarketVerdicts.Get("allegro-cz", "7000000001")!.SentPrice);  // kept from the send

            var repriced = await share.ShareAsync(Local("7000000001", 200m), force: false, moveTo: null, CancellationToken.None);
            Assert.Equal((RemoteOutcome.Sent, 1019m), (repriced.Outcome, repriced.Price));  // a new price is sent
            Assert.Equal(2, Calls("PATCH", "/sale/product-offers/").Count());
        }

        [Fact]
        public async Task A_locally_refused_offer_is_not_sent_unless_forced_and_one_without_a_price_never()
        {
            var share = await Share();
            var refused = Local("7000000002", change: o => o.Translations = Array.Empty<string>());
            var notSent = await share.ShareAsync(refused, force: false, moveTo: null, CancellationToken.None);
            Assert.Equal(RemoteOutcome.NotSent, notSent.Outcome);
            Assert.Contains("VQR002_LANGUAGE_NOT_AVAILABLE", notSent.Message);
            Assert.Contains("-Force", notSent.Message);
            Assert.Empty(Calls("GET", "/sale/product-offers/"));                    // nothing asked, nothing sent
            var forced = await share.ShareAsync(refused, force: true, moveTo: null, CancellationToken.None);
            Assert.Equal(RemoteOutcome.Sent, forced.Outcome);

            var noPrice = Local("7000000003", change: o => o.Price = null);
            Assert.Null(noPrice.Price);
            var never = await share.ShareAsync(noPrice, force: true, moveTo: null, CancellationToken.None);
            Assert.Equal(RemoteOutcome.NotSent, never.Outcome);
            Assert.Contains("no CZK price", never.Message);
            Assert.Single(Calls("PATCH", "/sale/product-offers/"));
        }

        [Fact]
        public async Task A_rate_that_does_not_open_the_market_is_named_with_the_rates_that_do_and_the_offer_moves_only_when_asked()
        {
            var share = await Share();
            var local = Local("7000000010");                                        // on the Polish-only rate
            var notSent = await share.ShareAsync(local, force: false, moveTo: null, CancellationToken.None);
            Assert.Equal((RemoteOutcome.NotSent, "Standard PL"), (notSent.Outcome, notSent.ShippingRate));
            Assert.Contains("'Standard PL' has no delivery method to allegro-cz (it opens allegro-pl)", notSent.Message);
            Assert.Contains("Rates that open allegro-cz: 'PL + Czechy (DHL)'", notSent.Message);
            Assert.Empty(Calls("PATCH", "/sale/product-offers/"));

            var target = await share.FindRateAsync("pl + czechy (dhl)", "allegro-cz", CancellationToken.None);
            var moved = await share.ShareAsync(local, force: false, moveTo: target, CancellationToken.None);
            Assert.Equal((RemoteOutcome.Sent, "PL + Czechy (DHL)"), (moved.Outcome, moved.ShippingRate));
            Assert.StartsWith("Moved to the shipping rate 'PL + Czechy (DHL)'", moved.Message);
            Assert.Equal("sr-cz", Fake.Offer("7000000010")!.ShippingRateId);
            var patches = Calls("PATCH", "/sale/product-offers/").Select(r => r.Body).ToList();
            Assert.Equal(new[] { "{\"delivery\":{\"shippingRates\":{\"id\":\"sr-cz\"}}}", "{\"additionalMarketplaces\":{\"allegro-cz\":{\"sellingMode\":{\"price\":{\"amount\":\"509\",\"currency\":\"CZK\"}}}}}" }, patches);

            var none = await Assert.ThrowsAsync<ListingPsException>(() => share.FindRateAsync("Standard PL", "allegro-cz", CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroMarketNotOpened, none.ErrorId);
            var unknown = await Assert.ThrowsAsync<ListingPsException>(() => share.FindRateAsync("Express", "allegro-cz", CancellationToken.None));
            Assert.Contains("'Standard PL', 'PL + Czechy (DHL)', 'PL + Węgry'", unknown.Message);
        }

        [Fact]
        public async Task Sync_reads_the_verdict_once_Allegro_has_it_and_keeps_a_code_ListingPs_does_not_know()
        {
            var share = await Share();
            Fake.Options.VerdictAfterReads = 2;
            Fake.Options.Refuse["7000000002"] = "VQR099_SOMETHING_NEW";
            await share.ShareAsync(Local("7000000001"), false, null, CancellationToken.None);
            await share.ShareAsync(Local("7000000002"), false, null, CancellationToken.None);
            var first = await share.SyncAsync("7000000001", "allegro-cz", CancellationToken.None);
            Assert.Equal(ShareState.InProgress, first.MarketState);                 // still verifying: shown so
            Assert.Equal(Disagreement.None, first.Disagreement);
            var approved = await share.SyncAsync("7000000001", "allegro-cz", CancellationToken.None);
            Assert.Equal((ShareState.Approved, ShareState.Approved, Disagreement.None), (approved.MarketState, approved.LocalState, approved.Disagreement));

            await share.SyncAsync("7000000002", "allegro-cz", CancellationToken.None);
            var refused = await share.SyncAsync("7000000002", "allegro-cz", CancellationToken.None);
            Assert.Equal((ShareState.Refused, Disagreement.MarketRefused), (refused.MarketState, refused.Disagreement));
            var reason = Assert.Single(refused.MarketReasons);
            Assert.Equal("VQR099_SOMETHING_NEW", reason.Code);
            Assert.Contains("VQR099_SOMETHING_NEW", reason.Message);
            var stored = _fx.Workspace.MarketVerdicts.Get("allegro-cz", "7000000002")!;
            Assert.Equal(("REFUSED", "VQR099_SOMETHING_NEW", 509m), (stored.MarketStateText, stored.MarketReasonCodes, stored.SentPrice));

            // An offer never sent: its market's verdict as Allegro has it (refused for want of a CZK price), with the parameters.
            Local("7000000003");
            var unsent = await share.SyncAsync("7000000003", "allegro-cz", CancellationToken.None);
            Assert.Equal(("VQR001_CURRENCY_NOT_AVAILABLE", Disagreement.MarketRefused), (unsent.MarketReasonCodes, unsent.Disagreement));
            Assert.Equal(new[] { "CZK" }, unsent.MarketReasons[0].Parameters["currency"]);
            Assert.Equal(new[] { "7000000001", "7000000002", "7000000003" }, _fx.Workspace.MarketVerdicts.OfMarket("allegro-cz").Select(v => v.OfferId));
        }

        [Fact]
        public async Task Withdrawing_moves_the_offer_to_a_rate_without_the_country_and_says_every_market_it_leaves()
        {
            var share = await Share();
            var route = await share.WithdrawRouteAsync("allegro-cz", CancellationToken.None);
            Assert.Contains("no way to take one offer off one market", route);
            Assert.Contains("Rates of the account without one: 'Standard PL', 'PL + Węgry'.", route);
            var refused = await Assert.ThrowsAsync<ListingPsException>(() => share.FindRateAsync("PL + Czechy (DHL)", "allegro-cz", CancellationToken.None, opens: false));
            Assert.Equal(AllegroErrorIds.AllegroWithdrawNeedsRate, refused.ErrorId);

            var local = Local("7000000001");
            await share.ShareAsync(local, false, null, CancellationToken.None);
            var withdrawn = _fx.Service.Withdraw("7000000001", TestRules.Cz);
            var target = await share.FindRateAsync("Standard PL", "allegro-cz", CancellationToken.None, opens: false);
            var moved = await share.WithdrawAsync(withdrawn, target, CancellationToken.None);
            Assert.Equal((RemoteOutcome.Sent, "Standard PL", ShareState.Withdrawn), (moved.Outcome, moved.ShippingRate, moved.LocalState));
            Assert.Equal("Moved to the shipping rate 'Standard PL' (it opens allegro-pl): the offer leaves allegro-cz, allegro-sk.", moved.Message);
            Assert.Equal("sr-standard", Fake.Offer("7000000001")!.ShippingRateId);
            Assert.Equal("{\"delivery\":{\"shippingRates\":{\"id\":\"sr-standard\"}}}", Calls("PATCH", "/sale/product-offers/").Last().Body);

            var again = await share.WithdrawAsync(withdrawn, target, CancellationToken.None);
            Assert.Equal(RemoteOutcome.AlreadySent, again.Outcome);                 // nothing sent twice
            Assert.Equal(2, Calls("PATCH", "/sale/product-offers/").Count());      // the price, then the move
            Assert.DoesNotContain(Fake.Requests, r => r.Body.Contains("publication", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Every_request_and_answer_is_logged_at_debug_level_with_tokens_codes_and_the_secret_masked()
        {
            var share = await Share();
            Fake.Options.PendingPolls = 1;
            await Connected();                                                       // device code, a pending poll, tokens
            await share.ShareAsync(Local("7000000001"), false, null, CancellationToken.None);
            var lines = _log.Lines;
            Assert.Contains(lines, l => l.StartsWith("Allegro -> POST " + Server.Address + "auth/oauth/token grant_type=urn", StringComparison.Ordinal) && l.Contains("device_code=***", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("Allegro <- 200 POST", StringComparison.Ordinal) && l.Contains("\"access_token\":\"***\"", StringComparison.Ordinal) && l.Contains("\"refresh_token\":\"***\"", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("Allegro -> PATCH", StringComparison.Ordinal) && l.Contains("\"amount\":\"509\"", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("Allegro <- 202 PATCH", StringComparison.Ordinal) && l.Contains("Location: /sale/product-offers/7000000001/operations/", StringComparison.Ordinal));
            foreach (var secret in new[] { "fake-at-", "fake-rt-", "fake-dc-", "test-secret", "Bearer" })
                Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.Equal("refresh_token=***&grant_type=refresh_token", AllegroRetry.Mask("refresh_token=abc&grant_type=refresh_token"));
        }

        [Fact]
        public async Task After_the_first_sync_only_the_offers_Allegro_s_events_name_and_the_undecided_ones_are_read_again()
        {
            var share = await Share();
            foreach (var id in new[] { "7000000001", "7000000002", "7000000003" })
                await share.ShareAsync(Local(id), false, null, CancellationToken.None);
            const string key = "allegro.Sandbox.allegro-cz";
            var first = await share.ChangesAsync("allegro-cz", key, CancellationToken.None);
            Assert.True(first.Full);                                                 // no position yet: every offer
            Assert.Equal(new[] { "7000000001", "7000000002", "7000000003" }, first.OfferIds);
            Assert.NotNull(first.Position);
            foreach (var id in first.OfferIds) await share.SyncAsync(id, "allegro-cz", CancellationToken.None);   // IN_PROGRESS
            foreach (var id in first.OfferIds) await share.SyncAsync(id, "allegro-cz", CancellationToken.None);   // decided
            _fx.Workspace.MarketVerdicts.SetEventPosition(key, (await share.ChangesAsync("allegro-cz", key, CancellationToken.None)).Position!);
            _fx.Workspace.Commit();

            var quiet = await share.ChangesAsync("allegro-cz", key, CancellationToken.None);
            Assert.False(quiet.Full);
            Assert.Empty(quiet.OfferIds);                                           // all decided, no event since

            // Allegro changes its mind about one offer (a later check), and says so in an event
            await Http.PostAsync(new Uri(Server.Address, "/_fake/offers/7000000002/refuse?market=allegro-cz&code=VQR010_SAURON_LEVEL_LOW"), null);
            var changed = await share.ChangesAsync("allegro-cz", key, CancellationToken.None);
            Assert.Equal(new[] { "7000000002" }, changed.OfferIds);
            Assert.StartsWith("?limit=1000&type=OFFER_VISIBILITY_CHANGED&from=", Fake.Requests.Last(r => r.Path == "/sale/offer-events").Query, StringComparison.Ordinal);
            Assert.Equal("VQR010_SAURON_LEVEL_LOW", (await share.SyncAsync("7000000002", "allegro-cz", CancellationToken.None)).MarketReasonCodes);

            await Http.PostAsync(new Uri(Server.Address, "/_fake/expire-events"), null);   // the position is older than 24 hours now
            var lost = await share.ChangesAsync("allegro-cz", key, CancellationToken.None);
            Assert.True(lost.Full);
            Assert.Contains("24 hours", lost.Why);
            Assert.Equal(3, lost.OfferIds.Count);
        }

        private IReadOnlyList<string> CommandOffers(FakeRequest put)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(put.Body);
            return doc.RootElement.GetProperty("offerCriteria")[0].GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToList();
        }

        [Fact]
        public async Task A_bulk_share_sends_a_price_several_offers_share_in_one_command_a_lone_price_on_the_offer_and_answers_in_order()
        {
            var share = await Share();
            var locals = new[]
            {
                Local("7000000001"), Local("7000000002"), Local("7000000003"), Local("7000000004"),
                Local("7000000006", 200m),                                         // a price no other offer has
                Local("7000000010"),                                               // on the Polish-only rate
                Local("8000000001"),                                               // not on the account
                Local("7000000005"), Local("7000000003"),                          // 3 again: its last verdict is shared
            };
            var results = await share.ShareAsync(locals, force: false, moveTo: null, CancellationToken.None);
            Assert.Equal(locals.Select(l => l.OfferId), results.Select(r => r.OfferId));
            Assert.Equal(new[]
            {
                RemoteOutcome.Sent, RemoteOutcome.Sent, RemoteOutcome.NotSent, RemoteOutcome.Sent, RemoteOutcome.Sent,
                RemoteOutcome.NotSent, RemoteOutcome.Failed, RemoteOutcome.Sent, RemoteOutcome.Sent,
            }, results.Select(r => r.Outcome));
            Assert.Contains("comes again later", results[2].Message);
            Assert.Equal((AllegroErrorIds.AllegroOfferNotFound, true), (results[6].ErrorId, results[6].Message.Contains("8000000001", StringComparison.Ordinal)));

            var put = Assert.Single(Calls("PUT", "/sale/offer-price-change-commands/"));
            Assert.Equal(new[] { "7000000001", "7000000002", "7000000004", "7000000005", "7000000003" }, CommandOffers(put));
            Assert.Contains("\"marketplaceId\":\"allegro-cz\"", put.Body);
            Assert.Contains("\"amount\":\"509\"", put.Body);
            var inCommand = results.Where(r => r.CommandId.Length > 0).ToList();
            Assert.Equal(5, inCommand.Count);
            Assert.Single(inCommand.Select(r => r.CommandId).Distinct());
            var patch = Assert.Single(Calls("PATCH", "/sale/product-offers/"));
            Assert.Equal("/sale/product-offers/7000000006", patch.Path);
            Assert.Contains("\"amount\":\"1019\"", patch.Body);
            Assert.All(results.Where(r => r.Outcome == RemoteOutcome.Sent), r => Assert.Contains("#10697", Assert.Single(r.Warnings)));
            Assert.All(results.Where(r => r.Outcome == RemoteOutcome.Sent), r => Assert.Equal(r.Price, _fx.Workspace.MarketVerdicts.Get("allegro-cz", r.OfferId)!.SentPrice));
            Assert.Equal((6L, 6L, 6L, 0L), (share.Counters.Planned, share.Counters.Sent, share.Counters.Answered, share.Counters.Failed));
            Assert.DoesNotContain(Fake.Requests, r => r.Body.Contains("publication", StringComparison.Ordinal));

            var again = await share.ShareAsync(locals, force: false, moveTo: null, CancellationToken.None);
            Assert.Equal(6, again.Count(r => r.Outcome == RemoteOutcome.AlreadySent));
            Assert.Single(Calls("PUT", "/sale/offer-price-change-commands/"));          // nothing sent twice
            Assert.Single(Calls("PATCH", "/sale/product-offers/"));
        }

        [Fact]
        public async Task A_converter_price_is_not_sent_over_Allegro_s_pricing_rule_and_a_price_set_by_hand_is()
        {
            var share = await Share();
            var plan = await share.Prices.PlanConverterAsync(new[] { ("7000000001", "allegro-cz"), ("7000000002", "allegro-cz") }, CancellationToken.None);
            await share.Prices.SendAllAsync(plan.Batches, CancellationToken.None);
            Assert.NotNull(Fake.Offer("7000000001")!.Markets["allegro-cz"].RuleId);
            int patches = Calls("PATCH", "/sale/product-offers/").Count();

            var byConverter = Local("7000000001");
            Assert.Equal(PriceSource.Converter, byConverter.PriceSource);
            var kept = await share.ShareAsync(byConverter, false, null, CancellationToken.None);
            Assert.Equal(RemoteOutcome.AlreadySent, kept.Outcome);
            Assert.Contains("Allegro's pricing rule prices the offer on allegro-cz", kept.Message);
            Local("7000000002");
            var byHand = _fx.Service.SetPrice("7000000002", TestRules.Cz, PriceRequest.Own(600m), null);
            var sent = await share.ShareAsync(byHand, false, null, CancellationToken.None);
            Assert.Equal((RemoteOutcome.Sent, 600m), (sent.Outcome, sent.Price));
            Assert.StartsWith("The manual price switched off the offer's pricing rule on allegro-cz", Assert.Single(sent.Warnings), StringComparison.Ordinal);
            Assert.Equal(patches + 1, Calls("PATCH", "/sale/product-offers/").Count());
            Assert.Null(Fake.Offer("7000000002")!.Markets["allegro-cz"].RuleId);        // the rule is off now, as on Allegro
        }

        [Fact]
        public async Task Requests_go_side_by_side_up_to_the_limit_and_never_beyond_it()
        {
            var share = await Share();
            var ids = Enumerable.Range(1, 12).Select(i => (7000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            await share.Offers.ReadManyAsync(ids, 1, CancellationToken.None);          // the rates and offers exist
            Fake.Options.AnswerDelayMs = 60;
            share.Parallel = 3;
            Fake.ResetMaxInFlight();
            var read = await share.SyncAsync(ids, "allegro-cz", CancellationToken.None);
            Assert.Equal(ids, read.Select(r => r.Verdict!.OfferId));                   // in the order asked, whatever came back first
            Assert.Equal(3, Fake.MaxInFlight);
            share.Parallel = 1;
            Fake.ResetMaxInFlight();
            await share.SyncAsync(ids.Take(4).ToList(), "allegro-cz", CancellationToken.None);
            Assert.Equal(1, Fake.MaxInFlight);
            Assert.Throws<ArgumentOutOfRangeException>(() => share.Parallel = AllegroParallel.MaxLimit + 1);
        }

        [Fact]
        public async Task Calls_side_by_side_that_all_find_the_token_expired_renew_it_once()
        {
            var share = await Share();
            share.Parallel = 8;
            var ids = Enumerable.Range(1, 8).Select(i => (7000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            await share.SyncAsync(ids.Take(1).ToList(), "allegro-cz", CancellationToken.None);   // the rates are read
            Fake.ExpireAccessTokens();
            Fake.Options.AnswerDelayMs = 30;
            int before = Fake.Requests.Count(r => r.Path == "/auth/oauth/token");
            var read = await share.SyncAsync(ids, "allegro-cz", CancellationToken.None);
            Assert.All(read, r => Assert.Null(r.Error));
            Assert.Equal(1, Fake.Requests.Count(r => r.Path == "/auth/oauth/token") - before);   // a second renewal would spend the new refresh token
        }

        [Fact]
        public async Task A_rerun_after_Allegro_had_not_finished_a_command_reads_that_command_first_and_sends_nothing_twice()
        {
            var share = await Share();
            var locals = new[] { Local("7000000001"), Local("7000000002"), Local("7000000003") };
            Fake.Options.CommandPolls = 1000;                                          // Allegro is slow today
            share.Prices.CommandWait = TimeSpan.FromTicks(-1);
            var first = await share.ShareAsync(locals, false, null, CancellationToken.None);
            Assert.All(first, r => Assert.Equal((RemoteOutcome.Failed, AllegroErrorIds.AllegroOperationTimedOut), (r.Outcome, r.ErrorId)));
            Assert.Single(_fx.Workspace.MarketVerdicts.PendingCommands());

            Fake.Options.CommandPolls = 0;                                             // it has finished by the next run
            var rerun = new AllegroShare(await Connected(), Settings, _fx.Workspace, Wait, () => TestRules.Now);
            var again = await rerun.ShareAsync(locals, false, null, CancellationToken.None);
            Assert.Equal(3, rerun.Resumed.Count(r => r.Outcome == RemotePriceOutcome.Changed));
            Assert.All(again, r => Assert.Equal(RemoteOutcome.AlreadySent, r.Outcome));
            Assert.Single(Calls("PUT", "/sale/offer-price-change-commands/"));
            Assert.Empty(_fx.Workspace.MarketVerdicts.PendingCommands());
        }

        [Fact]
        public async Task Side_by_side_calls_keep_the_order_stay_within_the_limit_and_stop_at_the_first_failure()
        {
            int now = 0, most = 0;
            var items = Enumerable.Range(0, 20).ToList();
            var doubled = await AllegroParallel.MapAsync(items, 5, async (i, c) =>
            {
                var n = Interlocked.Increment(ref now);
                lock (items) most = Math.Max(most, n);
                await Task.Delay(20 - i % 7, c);
                Interlocked.Decrement(ref now);
                return i * 2;
            }, CancellationToken.None);
            Assert.Equal(items.Select(i => i * 2), doubled);
            Assert.Equal(5, most);

            int started = 0;
            var failure = await Assert.ThrowsAsync<ListingPsException>(() => AllegroParallel.MapAsync(items, 2, async (i, c) =>
            {
                Interlocked.Increment(ref started);
                if (i == 1) throw new ListingPsException(AllegroErrorIds.AllegroUnavailable, "down", ErrorKind.ResourceUnavailable);
                await Task.Delay(50, c);
                return i;
            }, CancellationToken.None));
            Assert.Equal("down", failure.Message);
            Assert.True(started < items.Count, "the calls after the failure are not started");
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AllegroParallel.MapAsync(items, 0, (i, c) => Task.FromResult(i), CancellationToken.None));
        }

        [Theory]
        [InlineData(ShareState.Approved, "", ShareState.Refused, "VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE", Disagreement.MarketRefused)]
        [InlineData(ShareState.Refused, "VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE", ShareState.Approved, "", Disagreement.MarketApproved)]
        [InlineData(ShareState.Refused, "VQR001_CURRENCY_NOT_AVAILABLE", ShareState.Refused, "VQR001_CURRENCY_NOT_AVAILABLE", Disagreement.None)]
        [InlineData(ShareState.Refused, "VQR001_CURRENCY_NOT_AVAILABLE", ShareState.Refused, "VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH", Disagreement.Reasons)]
        [InlineData(ShareState.Approved, "", ShareState.InProgress, "", Disagreement.None)]
        [InlineData(ShareState.Approved, "", ShareState.Approved, "", Disagreement.None)]
        public void Disagreement_compares_the_two_verdicts_reason_by_reason(ShareState local, string localCode, ShareState market, string marketCode, Disagreement expected)
        {
            var verdict = new MarketVerdict
            {
                LocalState = local,
                LocalReasons = localCode.Length == 0 ? Array.Empty<Reason>() : new[] { new Reason(localCode, "", "") },
                MarketState = market,
                MarketReasons = marketCode.Length == 0 ? Array.Empty<MarketReason>() : new[] { new MarketReason(marketCode, "") },
            };
            Assert.Equal(expected, verdict.Disagreement);
        }
    }

    /// <summary>A logger that keeps the formatted messages (every level).</summary>
    internal sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        private readonly List<string> _lines = new List<string>();

        public List<string> Lines { get { lock (_lines) return _lines.ToList(); } }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines) _lines.Add(formatter(state, exception));
        }
    }
}
