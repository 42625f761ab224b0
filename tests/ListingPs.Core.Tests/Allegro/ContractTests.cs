using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.AllegroFake;
using ListingPs.Core.Allegro;
using ListingPs.Core.Tests.Allegro.Contract;
using Xunit;

namespace ListingPs.Core.Tests.Allegro
{
    /// <summary>
    /// The fake and the client against Allegro's OpenAPI description (tests/AllegroFake/openapi: the part ListingPs uses,
    /// copied from Allegro's file, and the hand-written OAuth fragment): every exchange of the engine's Allegro flows with
    /// the fake is checked, request and answer; and the check itself is shown to catch what it should.
    /// </summary>
    public sealed class ContractTests : AllegroFakeTest
    {
        private static readonly Lazy<OpenApiContract> Allegro = new Lazy<OpenApiContract>(() => OpenApiContract.Load(
            Path.Combine(AppContext.BaseDirectory, "openapi", "allegro-public-subset.yaml"),
            Path.Combine(AppContext.BaseDirectory, "openapi", "allegro-auth.handwritten.yaml")));

        private static OpenApiContract Contract => Allegro.Value;

        private AllegroSettings Settings(string secret = "test-secret") => SettingsWith(secret);

        private AllegroConnection Connection() => NewConnection();

        private static Task NoWait(TimeSpan t, CancellationToken c) => Task.CompletedTask;

        private Task<AllegroAccount> ConnectByDevice(AllegroConnection connection, string secret = "test-secret") => ConnectByDeviceAsync(connection, secret: secret);

        /// <summary>The exchanges the fake kept, as GET /_fake/exchanges lists them.</summary>
        private async Task<List<FakeExchange>> Exchanges()
        {
            var json = await Http.GetStringAsync(new Uri(Server.Address, "/_fake/exchanges"));
            return JsonSerializer.Deserialize<List<FakeExchange>>(json, JsonSerializerOptions.Web)!;
        }

        private static ContractExchange ToContract(FakeExchange e) => new ContractExchange(e.Method, e.PathAndQuery, e.Status,
            e.RequestContentType, e.RequestBody, e.ResponseContentType, e.ResponseBody, e.Accept);

        /// <summary>Every exchange but the ones the fake's own test controls made follows the contract; the operations and statuses seen are returned.</summary>
        private async Task<HashSet<string>> AssertAllFollowTheContract()
        {
            var exchanges = await Exchanges();
            Assert.NotEmpty(exchanges);
            Assert.DoesNotContain(exchanges, e => e.PathAndQuery.StartsWith("/_fake", StringComparison.Ordinal));
            var problems = exchanges.Where(e => !e.Injected).SelectMany(e => Contract.Check(ToContract(e))).Select(p => p.ToString()).ToList();
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            return exchanges.Where(e => !e.Injected).Select(e => e.Method + " " + e.PathAndQuery.Split('?')[0] + " " + e.Status).ToHashSet();
        }

        [Fact]
        public void The_documents_are_well_formed_and_hold_the_operations_ListingPs_uses()
        {
            Assert.Empty(Contract.DocumentErrors);
            var operations = Contract.Operations.ToHashSet();
            foreach (var o in new[]
            {
                "POST /auth/oauth/device", "POST /auth/oauth/token", "GET /me", "GET /sale/shipping-rates", "GET /sale/shipping-rates/{id}",
                "GET /sale/delivery-methods", "GET /sale/offers", "GET /sale/product-offers/{offerId}", "PATCH /sale/product-offers/{offerId}",
                "GET /sale/product-offers/{offerId}/operations/{operationId}", "PUT /sale/offer-price-change-commands/{commandId}",
                "GET /sale/offer-price-change-commands/{commandId}", "GET /sale/offer-price-change-commands/{commandId}/tasks",
                "POST /sale/offer-price-automation-commands", "GET /sale/offer-price-automation-commands/{commandId}",
                "GET /sale/offer-price-automation-commands/{commandId}/tasks", "GET /sale/price-automation/rules", "GET /sale/offer-events",
            })
                Assert.Contains(o, operations);
            Assert.Equal(18, operations.Count);
        }

        [Fact]
        public async Task Connecting_reading_the_account_and_the_shipping_rates_follow_the_contract_both_ways()
        {
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 2;
            var connection = Connection();
            await ConnectByDevice(connection);                                         // device, pending, pending, token, GET /me
            var rates = await new AllegroShipping(connection, Settings()).GetRatesAsync(CancellationToken.None);
            Assert.Equal(3, rates.Count);
            Fake.ExpireAccessTokens();                                                 // a 401, the refresh_token grant, GET /me again
            await connection.RefreshAccountAsync(Settings(), CancellationToken.None);
            Fake.Options.ThrottleNext = 1;                                             // made by the test controls: left out of the check
            Fake.Options.RetryAfterSeconds = 0;
            Fake.Options.FailNext = 1;
            await connection.RefreshAccountAsync(Settings(), CancellationToken.None);
            Assert.Equal(2, (await Exchanges()).Count(e => e.Injected));
            await Assert.ThrowsAsync<ListingPsException>(() => connection.GetAsync(Settings(), "sale/shipping-rates/sr-gone", CancellationToken.None));

            var seen = await AssertAllFollowTheContract();
            foreach (var s in new[]
            {
                "POST /auth/oauth/device 200", "POST /auth/oauth/token 400", "POST /auth/oauth/token 200", "GET /me 200", "GET /me 401",
                "GET /sale/delivery-methods 200", "GET /sale/shipping-rates 200", "GET /sale/shipping-rates/{id} 200", "GET /sale/shipping-rates/{id} 404",
            })
                Assert.Contains(s.Replace("{id}", s.EndsWith("404", StringComparison.Ordinal) ? "sr-gone" : "sr-standard", StringComparison.Ordinal), seen);
        }

        [Fact]
        public async Task Listing_reading_pricing_moving_and_syncing_offers_follow_the_contract_both_ways()
        {
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 0;
            Fake.Options.OperationPolls = 1;
            Fake.Options.Refuse["7000000002"] = "VQR099_SOMETHING_NEW";
            Fake.SeedOffers(25);
            var connection = Connection();
            await ConnectByDevice(connection);
            var offers = new AllegroOffers(connection, Settings(), NoWait);
            await offers.ListAsync(new AllegroOfferFilter { Statuses = new[] { "ACTIVE", "INACTIVE" }, CategoryId = "c-2" }, 0, 10, CancellationToken.None);
            await offers.ListAsync(new AllegroOfferFilter(), 10, 1000, CancellationToken.None);
            await offers.SetMarketPriceAsync("7000000001", "allegro-cz", 112m, "CZK", CancellationToken.None);    // 202, operation 202, 303, GET
            await offers.SetShippingRateAsync("7000000010", "sr-cz", CancellationToken.None);
            await offers.SetMarketPriceAsync("7000000002", "allegro-sk", 4.99m, "EUR", CancellationToken.None);
            await offers.GetAsync("7000000002", CancellationToken.None);                                       // the verdict, with its reasons
            await offers.GetAsync("7000000002", CancellationToken.None);
            await Assert.ThrowsAsync<ListingPsException>(() => offers.SetMarketPriceAsync("7000000001", "allegro-cz", 112.5m, "CZK", CancellationToken.None));  // 422
            await Assert.ThrowsAsync<ListingPsException>(() => offers.GetAsync("404", CancellationToken.None));
            Fake.Options.AsyncPatch = false;
            await offers.SetMarketPriceAsync("7000000003", "allegro-cz", 120m, "CZK", CancellationToken.None);    // 200 with the offer

            var seen = await AssertAllFollowTheContract();
            foreach (var s in new[]
            {
                "GET /sale/offers 200", "PATCH /sale/product-offers/7000000001 202", "GET /sale/product-offers/7000000001 200",
                "PATCH /sale/product-offers/7000000001 422", "GET /sale/product-offers/404 404", "PATCH /sale/product-offers/7000000003 200",
            })
                Assert.Contains(s, seen);
            Assert.Contains(seen, s => s.StartsWith("GET /sale/product-offers/7000000001/operations/", StringComparison.Ordinal) && s.EndsWith(" 303", StringComparison.Ordinal));
            Assert.Contains(seen, s => s.StartsWith("GET /sale/product-offers/7000000001/operations/", StringComparison.Ordinal) && s.EndsWith(" 202", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Bulk_prices_and_the_price_converter_follow_the_contract_both_ways()
        {
            // No interval: with the test's waits skipped, the fake's 1 s interval answered every poll slow_down (each one a new
            // "too soon") until a poll happened to take 0.8 s: minutes of polls, every exchange kept, once out of memory.
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 0;
            Fake.Options.CommandPolls = 1;
            Fake.SeedOffers(30);
            var connection = Connection();
            await ConnectByDevice(connection);
            using var fx = new ServiceFixture();
            var prices = new AllegroPrices(connection, Settings(), fx.Workspace, new AllegroPacer(), NoWait) { CommandSize = 10, TaskPage = 5 };
            var changes = Enumerable.Range(1, 12).Select(i => new AllegroPriceChange((7000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "allegro-cz", 112m, "CZK"))
                .Append(new AllegroPriceChange("9999999999", "allegro-cz", 112m, "CZK"))                          // a FAIL task
                .Append(new AllegroPriceChange("7000000020", "allegro-sk", 4.99m, "EUR"));
            var plan = await prices.PlanPricesAsync(changes, CancellationToken.None);                             // GET /sale/offers?offer.id=...
            foreach (var b in plan.Batches) await prices.SendAsync(b, CancellationToken.None);                   // PUT 201, GET 200 (NEW, then done), tasks
            await prices.SendAsync(new AllegroPriceBatch { CommandId = plan.Batches[0].CommandId, Market = "allegro-cz", Price = 112m, Currency = "CZK", OfferIds = { "7000000001" } },
                CancellationToken.None);                                                                          // 409: the id is taken, the command is read
            var refused = await prices.SendAsync(new AllegroPriceBatch { CommandId = Guid.NewGuid().ToString(), Market = "allegro-xx", Price = 1m, Currency = "CZK", OfferIds = { "7000000001" } },
                CancellationToken.None);                                                                          // 422
            Assert.Equal(RemotePriceOutcome.Failed, Assert.Single(refused).Outcome);
            Assert.Empty(await prices.ResumeAsync(CancellationToken.None));
            fx.Workspace.MarketVerdicts.PutPendingCommand(Guid.NewGuid().ToString(), """{"Market":"allegro-cz","Price":99,"Currency":"CZK","RuleId":"","Offers":["7000000009"],"Ruled":[]}""");
            Assert.Empty(await prices.ResumeAsync(CancellationToken.None));                                    // GET 404: never arrived
            var converter = await prices.PlanConverterAsync(new[] { ("7000000003", "allegro-cz"), ("7000000004", "allegro-hu") }, CancellationToken.None);
            foreach (var b in converter.Batches) await prices.SendAsync(b, CancellationToken.None);              // POST 201, GET, tasks
            Fake.Options.NoExchangeRateRule = true;
            await Assert.ThrowsAsync<ListingPsException>(() => prices.PlanConverterAsync(new[] { ("7000000003", "allegro-cz") }, CancellationToken.None));

            var seen = await AssertAllFollowTheContract();
            var id = plan.Batches[0].CommandId;
            foreach (var s in new[]
            {
                "GET /sale/offers 200", "PUT /sale/offer-price-change-commands/" + id + " 201", "PUT /sale/offer-price-change-commands/" + id + " 409",
                "GET /sale/offer-price-change-commands/" + id + " 200", "GET /sale/offer-price-change-commands/" + id + "/tasks 200",
                "GET /sale/price-automation/rules 200", "POST /sale/offer-price-automation-commands 201",
                "GET /sale/offer-price-automation-commands/" + converter.Batches[0].CommandId + "/tasks 200",
            })
                Assert.Contains(s, seen);
            Assert.Contains(seen, s => s.StartsWith("PUT /sale/offer-price-change-commands/", StringComparison.Ordinal) && s.EndsWith(" 422", StringComparison.Ordinal));
            Assert.Contains(seen, s => s.StartsWith("GET /sale/offer-price-change-commands/", StringComparison.Ordinal) && s.EndsWith(" 404", StringComparison.Ordinal));
            var exchanges = await Exchanges();
            Assert.Contains(exchanges, e => e.PathAndQuery.Contains("/tasks?limit=5&offset=10", StringComparison.Ordinal));   // the tasks paged to the end
            Assert.Contains(exchanges, e => e.ResponseBody.Contains("\"status\":\"FAIL\"", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Refused_expired_and_spent_codes_and_a_wrong_secret_follow_the_contract()
        {
            Fake.Options.Interval = 0;
            Fake.Options.Deny = true;
            await Assert.ThrowsAsync<ListingPsException>(() => ConnectByDevice(Connection()));            // access_denied
            Fake.Options.Deny = false;
            Fake.Options.DeviceCodeLifetime = -1;
            await Assert.ThrowsAsync<ListingPsException>(() => ConnectByDevice(Connection()));            // expired_token
            await Assert.ThrowsAsync<ListingPsException>(() => ConnectByDevice(Connection(), "wrong"));   // invalid_client
            var refresh = Fake.IssueRefreshToken();
            await Connection().ConnectWithRefreshTokenAsync(Settings(), refresh, CancellationToken.None);
            await Assert.ThrowsAsync<ListingPsException>(() => Connection().ConnectWithRefreshTokenAsync(Settings(), refresh, CancellationToken.None));   // invalid_grant
            var seen = await AssertAllFollowTheContract();
            Assert.Contains("POST /auth/oauth/device 401", seen);
            Assert.Contains("POST /auth/oauth/token 400", seen);
        }

        [Fact]
        public async Task The_fakes_refusals_of_the_API_follow_the_contract()
        {
            // What the engine does not provoke: calls without a token, or with one that ran out, on every API path the fake serves.
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 0;
            var connection = Connection();
            var account = await ConnectByDevice(connection);
            Fake.ExpireAccessTokens();
            foreach (var path in new[] { "/me", "/sale/delivery-methods?marketplace=allegro-pl", "/sale/shipping-rates", "/sale/shipping-rates/sr-cz" })
            foreach (var bearer in new[] { null, "fake-at-expired" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.Address, path));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(AllegroConnection.MediaType));
                if (bearer != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                using var response = await Http.SendAsync(request);
                Assert.Equal(401, (int)response.StatusCode);
            }
            var seen = await AssertAllFollowTheContract();
            Assert.Contains("GET /sale/shipping-rates/sr-cz 401", seen);
        }

        // The check itself: each of these would pass a lax checker.

        private static ContractExchange Me(int status = 200, string body = """{"id":"44556677","login":"oak-and-co","baseMarketplace":{"id":"allegro-pl"}}""",
            string contentType = FakeAllegro.MediaType, string accept = FakeAllegro.MediaType, string path = "/me", string method = "GET") =>
            new ContractExchange(method, path, status, null, null, contentType, body, accept);

        private static ContractProblem Single(ContractExchange exchange, ContractProblemKind kind)
        {
            var problems = Contract.Check(exchange);
            var problem = Assert.Single(problems);
            Assert.Equal(kind, problem.Kind);
            return problem;
        }

        [Fact]
        public void A_good_exchange_passes()
        {
            Assert.Empty(Contract.Check(Me()));
            Assert.Empty(Contract.Check(Me(401, """{"error":"invalid_token","error_description":"Access token expired"}""")));
            Assert.Empty(Contract.Check(new ContractExchange("GET", "/sale/offers?limit=20&offset=40&publication.status=ACTIVE&publication.status=ENDED", 200,
                null, null, FakeAllegro.MediaType + ";charset=UTF-8", """{"offers":[],"count":0,"totalCount":0}""", FakeAllegro.MediaType)));
        }

        [Fact]
        public void A_response_missing_a_required_property_fails()
        {
            // ShippingRatesSet requires "rates"; AuthError requires "error".
            var e = new ContractExchange("GET", "/sale/shipping-rates/sr-cz", 200, null, null, FakeAllegro.MediaType, """{"id":"sr-cz","name":"PL + Czechy"}""", FakeAllegro.MediaType);
            Assert.Contains("rates", Single(e, ContractProblemKind.ResponseBody).Message);
            Assert.Contains("error", Single(Me(401, """{"error_description":"expired"}"""), ContractProblemKind.ResponseBody).Message);
        }

        [Fact]
        public void A_wrong_type_fails_in_the_answer_the_request_body_and_a_parameter()
        {
            Assert.Contains("/id", Single(Me(body: """{"id":44556677,"login":"oak-and-co"}"""), ContractProblemKind.ResponseBody).Message);
            Assert.Contains("/baseMarketplace", Single(Me(body: """{"id":"1","baseMarketplace":"allegro-pl"}"""), ContractProblemKind.ResponseBody).Message);
            var command = new ContractExchange("PUT", "/sale/offer-price-change-commands/0e1a2b3c-0000-4000-8000-000000000001", 201,
                FakeAllegro.MediaType, """{"modification":{"type":"FIXED_PRICE","price":{"amount":"12.50","currency":"PLN"}},"offerCriteria":"all"}""",
                null, null, FakeAllegro.MediaType);
            Assert.Contains(Contract.Check(command), p => p.Kind == ContractProblemKind.RequestBody && p.Message.Contains("/offerCriteria", StringComparison.Ordinal));
            Assert.Contains("limit", Single(new ContractExchange("GET", "/sale/offers?limit=twenty", 200, null, null, FakeAllegro.MediaType,
                """{"offers":[]}""", FakeAllegro.MediaType), ContractProblemKind.InvalidParameter).Message);
            Assert.Contains("grant_type", string.Join(" ", Contract.Check(new ContractExchange("POST", "/auth/oauth/token", 400,
                "application/x-www-form-urlencoded", "grant_type=password&username=a", "application/json", """{"error":"unsupported_grant_type"}""", "application/json"))
                .Where(p => p.Kind == ContractProblemKind.RequestBody)));
        }

        [Fact]
        public void A_oneOf_of_shapes_that_require_nothing_takes_one_shape_and_refuses_none()
        {
            ContractExchange Automation(string modification) => new ContractExchange("POST", "/sale/offer-price-automation-commands", 201, FakeAllegro.MediaType,
                """{"modification":""" + modification + ""","offerCriteria":[{"type":"CONTAINS_OFFERS","offers":[{"id":"1"}]}]}""", FakeAllegro.MediaType,
                """{"id":"c","createdAt":"2026-12-06T10:00:00.000Z","taskCount":{"total":1,"success":0,"failed":0}}""", FakeAllegro.MediaType);
            Assert.Empty(Contract.Check(Automation("""{"set":[{"marketplace":{"id":"allegro-cz"},"rule":{"id":"r"}}]}""")));
            Assert.Empty(Contract.Check(Automation("""{"remove":[{"marketplace":{"id":"allegro-cz"}}]}""")));
            var empty = Contract.Check(Automation("{}"));
            Assert.NotEmpty(empty);
            Assert.All(empty, p => Assert.Equal(ContractProblemKind.RequestBody, p.Kind));
            var noRule = Contract.Check(Automation("""{"set":[{"marketplace":{"id":"allegro-cz"}}]}"""));              // rule is required
            Assert.NotEmpty(noRule);
            Assert.All(noRule, p => Assert.Equal(ContractProblemKind.RequestBody, p.Kind));
        }

        [Fact]
        public void A_discriminator_checks_the_part_its_value_maps_to()
        {
            ContractExchange Put(string modification) => new ContractExchange("PUT", "/sale/offer-price-change-commands/0e1a2b3c-0000-4000-8000-000000000002", 201,
                FakeAllegro.MediaType, """{"modification":""" + modification + ""","offerCriteria":[{"type":"CONTAINS_OFFERS","offers":[{"id":"1"}]}]}""",
                FakeAllegro.MediaType, """{"id":"c","createdAt":"2026-12-06T10:00:00.000Z","taskCount":{"total":1,"success":0,"failed":0}}""", FakeAllegro.MediaType);
            Assert.Empty(Contract.Check(Put("""{"type":"FIXED_PRICE","marketplaceId":"allegro-cz","price":{"amount":"112","currency":"CZK"}}""")));
            Assert.Empty(Contract.Check(Put("""{"type":"INCREASE_PERCENTAGE","percentage":"5"}""")));
            Assert.Contains(Contract.Check(Put("""{"type":"FIXED_PRICE","price":{"amount":112,"currency":"CZK"}}""")),
                p => p.Kind == ContractProblemKind.RequestBody && p.Message.Contains("/modification/price/amount", StringComparison.Ordinal));   // a number, not a string
            Assert.Contains(Contract.Check(Put("""{"type":"FIXED_PRICE","price":{"amount":"112"}}""")),
                p => p.Kind == ContractProblemKind.RequestBody && p.Message.Contains("currency", StringComparison.Ordinal));
            Assert.Contains(Contract.Check(Put("""{"type":"INCREASE_PRICE","value":"5"}""")), p => p.Kind == ContractProblemKind.RequestBody);
        }

        [Fact]
        public void An_undocumented_status_fails()
        {
            Assert.Contains("404", Single(Me(404, """{"errors":[]}"""), ContractProblemKind.UndocumentedStatus).Message);
            Assert.Equal(ContractProblemKind.UndocumentedStatus, Single(Me(429, """{"errors":[]}"""), ContractProblemKind.UndocumentedStatus).Kind);
        }

        [Fact]
        public void A_wrong_media_type_fails_in_the_answer_and_in_Accept()
        {
            Assert.Contains("application/json", Single(Me(contentType: "application/json; charset=utf-8"), ContractProblemKind.MediaType).Message);
            Assert.Contains("Accept application/json", Single(Me(accept: "application/json"), ContractProblemKind.MediaType).Message);
            Assert.Equal(ContractProblemKind.MediaType, Single(Me(accept: null!), ContractProblemKind.MediaType).Kind);
            Assert.Empty(Contract.Check(Me(accept: "application/json;q=0.5, " + FakeAllegro.MediaType)));
            var form = new ContractExchange("POST", "/auth/oauth/device", 200, "application/json", """{"client_id":"c"}""", "application/json",
                """{"device_code":"d","expires_in":3600,"user_code":"U","interval":5,"verification_uri":"v","verification_uri_complete":"v?c"}""", "application/json");
            Assert.Contains("Content-Type application/json", Single(form, ContractProblemKind.MediaType).Message);
        }

        [Fact]
        public void An_unknown_path_or_method_fails()
        {
            Assert.Contains("/sale/nothing", Single(Me(path: "/sale/nothing"), ContractProblemKind.UnknownOperation).Message);
            Assert.Contains("DELETE", Single(Me(method: "DELETE"), ContractProblemKind.UnknownOperation).Message);
            Assert.Equal(ContractProblemKind.UnknownOperation, Single(Me(path: "/sale/shipping-rates/a/b"), ContractProblemKind.UnknownOperation).Kind);
        }

        [Fact]
        public void A_missing_required_parameter_or_body_and_an_undocumented_parameter_fail()
        {
            const string yaml = """
                openapi: 3.0.0
                info: { title: t, version: '1' }
                paths:
                  /things/{thingId}:
                    get:
                      parameters:
                        - { name: thingId, in: path, required: true, schema: { type: string } }
                        - { name: marketplace, in: query, required: true, schema: { type: string, enum: [allegro-pl, allegro-cz] } }
                      responses:
                        '200': { description: ok }
                """;
            var contract = OpenApiContract.FromText("things.yaml", yaml);
            Assert.Empty(contract.DocumentErrors);
            Assert.Empty(contract.Check(new ContractExchange("GET", "/things/1?marketplace=allegro-cz", 200)));
            Assert.Contains("marketplace", Assert.Single(contract.Check(new ContractExchange("GET", "/things/1", 200)), p => p.Kind == ContractProblemKind.MissingParameter).Message);
            Assert.Single(contract.Check(new ContractExchange("GET", "/things/1?marketplace=allegro-xx", 200)), p => p.Kind == ContractProblemKind.InvalidParameter);
            Assert.Contains("market", Single(new ContractExchange("GET", "/sale/delivery-methods?market=allegro-pl", 200, null, null, FakeAllegro.MediaType,
                """{"deliveryMethods":[]}""", FakeAllegro.MediaType), ContractProblemKind.UndocumentedParameter).Message);
            Assert.Contains("required request body", Single(new ContractExchange("POST", "/auth/oauth/device", 401, null, null, "application/json",
                """{"error":"invalid_client"}""", "application/json"), ContractProblemKind.RequestBody).Message);
            Assert.Contains("none is documented", Single(new ContractExchange("GET", "/me", 200, FakeAllegro.MediaType, "{}", FakeAllegro.MediaType, "{}", FakeAllegro.MediaType),
                ContractProblemKind.RequestBody).Message);
        }
    }
}
