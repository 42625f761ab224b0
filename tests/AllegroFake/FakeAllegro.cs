using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ListingPs.AllegroFake
{
    /// <summary>What the fake answers with; tests change it between calls (POST /_fake/config, or the object in process).</summary>
    public sealed class FakeOptions
    {
        public string ClientId { get; set; } = "test-client";
        public string ClientSecret { get; set; } = "test-secret";
        /// <summary>The polling interval the device flow asks for, in seconds (Allegro's is 5).</summary>
        public int Interval { get; set; } = 1;
        /// <summary>How long a device code lives, in seconds (Allegro's: 3600).</summary>
        public int DeviceCodeLifetime { get; set; } = 3600;
        /// <summary>How many polls answer authorization_pending before the person "approves" (0: approved at once).</summary>
        public int PendingPolls { get; set; } = 1;
        /// <summary>The person refuses the access (access_denied).</summary>
        public bool Deny { get; set; }
        /// <summary>Access token lifetime in seconds (Allegro's: 12 hours).</summary>
        public int AccessTokenLifetime { get; set; } = 43200;
        /// <summary>The next N calls (the fake's own /_fake calls aside) answer 500.</summary>
        public int FailNext { get; set; }
        /// <summary>The next N calls answer 429 Too Many Requests with Retry-After: <see cref="RetryAfterSeconds"/>.</summary>
        public int ThrottleNext { get; set; }
        public int RetryAfterSeconds { get; set; } = 1;
        public string UserId { get; set; } = "44556677";
        public string Login { get; set; } = "oak-and-co";
        public string BaseMarketplace { get; set; } = "allegro-pl";
        /// <summary>PATCH of a product offer answers 202 with an operation to follow (Allegro's asynchronous answer) instead of 200.</summary>
        public bool AsyncPatch { get; set; } = true;
        /// <summary>How many reads of an operation answer 202 (in progress) before it is done (303 to the offer).</summary>
        public int OperationPolls { get; set; } = 1;
        /// <summary>How many reads of an offer a market's verdict stays IN_PROGRESS after a change (then APPROVED or REFUSED).</summary>
        public int VerdictAfterReads { get; set; } = 1;
        /// <summary>Offers (by id) that Allegro refuses on every additional market with this reason code, whatever the offer holds.</summary>
        public Dictionary<string, string> Refuse { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>How many reads of a price-change or price-automation command (its summary or its tasks) find its tasks NEW before they are done.</summary>
        public int CommandPolls { get; set; } = 1;
        /// <summary>The account has no price-automation rule of type EXCHANGE_RATE (the seller has not set up the price converter).</summary>
        public bool NoExchangeRateRule { get; set; }
        /// <summary>The next N calls of the price and price-automation command endpoints answer 429 (Retry-After: <see cref="RetryAfterSeconds"/>): a storm in the middle of a bulk change.</summary>
        public int CommandThrottleNext { get; set; }
        /// <summary>The next N calls of the command endpoints (after any 429s) answer 500.</summary>
        public int CommandFailNext { get; set; }
        /// <summary>Every API answer waits this long first (slow answers on demand: requests side by side overlap).</summary>
        public int AnswerDelayMs { get; set; }
    }

    /// <summary>One request the fake received (tokens are kept as sent: the tests check none is sent where it should not be).</summary>
    public sealed record FakeRequest(string Method, string Path, string Query, string? Authorization, string? Accept, string Body);

    /// <summary>
    /// The state of the fake: device codes, access and refresh tokens, and the requests it received. It follows Allegro's
    /// public contract for what ListingPs uses: POST /auth/oauth/device and /auth/oauth/token (device_code and refresh_token
    /// grants, client authenticated with HTTP Basic), GET /me with the application/vnd.allegro.public.v1+json media type.
    /// </summary>
    public sealed partial class FakeAllegro
    {
        public const string MediaType = "application/vnd.allegro.public.v1+json";
        private readonly object _gate = new object();
        private readonly Dictionary<string, Device> _devices = new Dictionary<string, Device>(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> _accessTokens = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        private readonly HashSet<string> _refreshTokens = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<FakeRequest> _requests = new List<FakeRequest>();
        private int _counter;

        public FakeOptions Options { get; set; } = new FakeOptions();

        /// <summary>Every exchange with the fake, for the contract tests (GET /_fake/exchanges).</summary>
        public FakeExchanges Exchanges { get; } = new FakeExchanges();

        private sealed class Device
        {
            public string UserCode = "";
            public DateTimeOffset ExpiresAt;
            public DateTimeOffset? LastPoll;
            public int Polls;
            public bool Used;
        }

        public IReadOnlyList<FakeRequest> Requests { get { lock (_gate) return _requests.ToList(); } }

        /// <summary>Every access token given so far expires now (the next call with one gets 401).</summary>
        public void ExpireAccessTokens()
        {
            lock (_gate) foreach (var k in _accessTokens.Keys.ToList()) _accessTokens[k] = DateTimeOffset.UtcNow.AddSeconds(-1);
        }

        public void Reset()
        {
            lock (_gate) { _devices.Clear(); _accessTokens.Clear(); _refreshTokens.Clear(); _requests.Clear(); _offers.Clear(); _operations.Clear(); _events.Clear(); _commands.Clear(); Options = new FakeOptions(); _maxInFlight = 0; }
            Exchanges.Clear();
        }

        /// <summary>A refresh token valid now, as a seller would copy it from an earlier connection (for unattended use).</summary>
        public string IssueRefreshToken()
        {
            lock (_gate) { var t = "fake-rt-" + Next(); _refreshTokens.Add(t); return t; }
        }

        private string Next() => (++_counter).ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        public void Map(WebApplication app)
        {
            Exchanges.Map(app);
            app.Use(async (context, next) =>
            {
                context.Request.EnableBuffering();
                string body;
                using (var reader = new System.IO.StreamReader(context.Request.Body, Encoding.UTF8, false, 1024, leaveOpen: true))
                    body = await reader.ReadToEndAsync();
                context.Request.Body.Position = 0;
                lock (_gate)
                    _requests.Add(new FakeRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "",
                        context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers.Accept.FirstOrDefault(), body));
                if (!context.Request.Path.StartsWithSegments("/_fake"))
                {
                    int inFlight = System.Threading.Interlocked.Increment(ref _inFlight);
                    try
                    {
                        lock (_gate) if (inFlight > _maxInFlight) _maxInFlight = inFlight;
                        if (Options.AnswerDelayMs > 0) await Task.Delay(Options.AnswerDelayMs);
                        await Answer(context, next);
                    }
                    finally { System.Threading.Interlocked.Decrement(ref _inFlight); }
                    return;
                }
                await next();
            });
            app.MapPost("/auth/oauth/device", Device_);
            app.MapPost("/auth/oauth/token", Token);
            app.MapGet("/me", Me);
            app.MapGet("/sale/delivery-methods", DeliveryMethods);
            app.MapGet("/sale/shipping-rates", ShippingRates);
            app.MapGet("/sale/shipping-rates/{id}", ShippingRate);
            MapOffers(app);
            MapPrices(app);
            app.MapPost("/_fake/config", async (HttpContext c) =>
            {
                var o = await c.Request.ReadFromJsonAsync<FakeOptions>();
                if (o != null) lock (_gate) { Options = o; _maxInFlight = 0; }
                return Results.NoContent();
            });
            app.MapPost("/_fake/expire-access-tokens", () => { ExpireAccessTokens(); return Results.NoContent(); });
            app.MapPost("/_fake/refresh-token", () => Results.Json(new { refresh_token = IssueRefreshToken() }));
            app.MapGet("/_fake/requests", () => Results.Json(Requests.Where(r => !r.Path.StartsWith("/_fake", StringComparison.Ordinal))));
            app.MapPost("/_fake/expire-events", () => { ExpireEvents(); return Results.NoContent(); });
            app.MapPost("/_fake/reset", () => { Reset(); return Results.NoContent(); });
        }

        private int _inFlight;
        private int _maxInFlight;

        /// <summary>The most API requests the fake had under way at once since the last reset or configuration.</summary>
        public int MaxInFlight { get { lock (_gate) return _maxInFlight; } }

        /// <summary>Counts the most requests under way at once from now on.</summary>
        public void ResetMaxInFlight() { lock (_gate) _maxInFlight = 0; }

        /// <summary>An API request: a 429 or 500 when the options ask for one, else the endpoint's answer.</summary>
        private async Task Answer(HttpContext context, Func<Task> next)
        {
            var o = Options;
            bool fail, throttle;
            lock (_gate)
            {
                throttle = o.ThrottleNext > 0 && o.ThrottleNext-- > 0;
                fail = !throttle && o.FailNext > 0 && o.FailNext-- > 0;
            }
            if (throttle || fail) context.Items[FakeExchanges.InjectedKey] = true;
            if (throttle)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = o.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(new { errors = new[] { new { code = "TooManyRequestsException", message = "Too many requests" } } });
                return;
            }
            if (fail)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsJsonAsync(new { errors = new[] { new { code = "InternalServerErrorException", message = "Internal server error" } } });
                return;
            }
            await next();
        }

        private static IResult OAuthError(int status, string error, string description, string? contentType = null) =>
            Results.Json(new { error, error_description = description }, statusCode: status, contentType: contentType);

        /// <summary>HTTP Basic with the client id and secret, as Allegro's OAuth endpoints require.</summary>
        private bool ClientAuthenticated(HttpRequest request)
        {
            var header = request.Headers.Authorization.FirstOrDefault();
            if (header == null || !header.StartsWith("Basic ", StringComparison.Ordinal)) return false;
            string decoded;
            try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Substring(6))); }
            catch (FormatException) { return false; }
            var o = Options;
            return decoded == o.ClientId + ":" + o.ClientSecret;
        }

        private static async Task<Dictionary<string, string>> Parameters(HttpRequest request)
        {
            var p = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            if (request.HasFormContentType)
                foreach (var f in await request.ReadFormAsync()) p[f.Key] = f.Value.ToString();
            return p;
        }

        private async Task<IResult> Device_(HttpRequest request)
        {
            if (!ClientAuthenticated(request)) return OAuthError(401, "invalid_client", "Bad client credentials");
            var p = await Parameters(request);
            var o = Options;
            if (!p.TryGetValue("client_id", out var id) || id != o.ClientId) return OAuthError(400, "invalid_request", "client_id is missing or wrong");
            lock (_gate)
            {
                var code = "fake-dc-" + Next();
                var user = "FAKE" + (_counter % 10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
                _devices[code] = new Device { UserCode = user, ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(o.DeviceCodeLifetime) };
                var origin = request.Scheme + "://" + request.Host;
                return Results.Json(new
                {
                    device_code = code,
                    expires_in = o.DeviceCodeLifetime,
                    user_code = user,
                    interval = o.Interval,
                    verification_uri = origin + "/skojarz-aplikacje",
                    verification_uri_complete = origin + "/skojarz-aplikacje?code=" + user,
                });
            }
        }

        private async Task<IResult> Token(HttpRequest request)
        {
            if (!ClientAuthenticated(request)) return OAuthError(401, "invalid_client", "Bad client credentials");
            var p = await Parameters(request);
            p.TryGetValue("grant_type", out var grant);
            var o = Options;
            lock (_gate)
            {
                if (grant == "urn:ietf:params:oauth:grant-type:device_code")
                {
                    if (!p.TryGetValue("device_code", out var code) || !_devices.TryGetValue(code, out var d) || d.Used)
                        return OAuthError(400, "invalid_grant", "Invalid device code");
                    var now = DateTimeOffset.UtcNow;
                    if (now > d.ExpiresAt) return OAuthError(400, "expired_token", "The device code has expired");
                    if (d.LastPoll.HasValue && (now - d.LastPoll.Value).TotalSeconds < o.Interval - 0.2)
                    {
                        d.LastPoll = now;
                        return OAuthError(400, "slow_down", "Polled too often");
                    }
                    d.LastPoll = now;
                    if (o.Deny) return OAuthError(400, "access_denied", "The user denied access");
                    if (d.Polls++ < o.PendingPolls) return OAuthError(400, "authorization_pending", "Authorization pending");
                    d.Used = true;
                    return Tokens(o);
                }
                if (grant == "refresh_token")
                {
                    if (!p.TryGetValue("refresh_token", out var rt) || !_refreshTokens.Remove(rt))
                        return OAuthError(400, "invalid_grant", "Invalid refresh token");
                    return Tokens(o);
                }
                return OAuthError(400, "unsupported_grant_type", "Unsupported grant type");
            }
        }

        private IResult Tokens(FakeOptions o)
        {
            var access = "fake-at-" + Next();
            var refresh = "fake-rt-" + Next();
            _accessTokens[access] = DateTimeOffset.UtcNow.AddSeconds(o.AccessTokenLifetime);
            _refreshTokens.Add(refresh);
            return Results.Json(new
            {
                access_token = access,
                token_type = "bearer",
                refresh_token = refresh,
                expires_in = o.AccessTokenLifetime,
                scope = "allegro:api:sale:offers:read allegro:api:sale:offers:write allegro:api:sale:settings:read allegro:api:profile:read",
                allegro_api = true,
                jti = Guid.NewGuid().ToString(),
            });
        }

        private IResult? Unauthorized(HttpRequest request)
        {
            var header = request.Headers.Authorization.FirstOrDefault();
            if (header == null || !header.StartsWith("Bearer ", StringComparison.Ordinal))
                return OAuthError(401, "unauthorized", "Full authentication is required to access this resource", MediaType);
            lock (_gate)
                if (!_accessTokens.TryGetValue(header.Substring(7), out var until) || DateTimeOffset.UtcNow >= until)
                    return OAuthError(401, "invalid_token", "Access token expired or invalid", MediaType);   // the API's 401 (AuthError) is of its media type
            if (!request.Headers.Accept.Any(a => a != null && a.Contains(MediaType, StringComparison.Ordinal)))
                return Results.Json(new { errors = new[] { new { code = "NotAcceptableException", message = "Accept " + MediaType } } }, statusCode: 406);
            return null;
        }

        private IResult DeliveryMethods(HttpRequest request)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            string? market = request.Query["marketplace"];
            var methods = FakeShippingData.Methods.Where(m => string.IsNullOrEmpty(market) || m.Marketplaces.Contains(market));
            return Results.Json(new
            {
                deliveryMethods = methods.Select(m => new
                {
                    id = m.Id, name = m.Name, paymentPolicy = "IN_ADVANCE", allegroEndorsed = true,
                    marketplaces = m.Marketplaces, dispatchCountry = m.DispatchCountry, destinationCountry = m.DestinationCountry,
                }),
            }, contentType: MediaType);
        }

        private IResult ShippingRates(HttpRequest request)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            return Results.Json(new { shippingRates = FakeShippingData.Rates.Select(r => new { id = r.Id, name = r.Name }) }, contentType: MediaType);
        }

        private IResult ShippingRate(HttpRequest request, string id)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            var rate = FakeShippingData.Rates.FirstOrDefault(r => r.Id == id);
            if (rate == null) return Results.Json(new { errors = new[] { new { code = "NOT_FOUND", message = "Shipping rates not found" } } }, statusCode: 404, contentType: MediaType);
            return Results.Json(new
            {
                id = rate.Id, name = rate.Name,
                rates = rate.DeliveryMethodIds.Select(m => new
                {
                    deliveryMethod = new { id = m }, maxQuantityPerPackage = 1,
                    firstItemRate = new { amount = "12.99", currency = "PLN" }, nextItemRate = new { amount = "0.00", currency = "PLN" },
                }),
                lastModified = "2026-11-30T10:00:00.000Z",
            }, contentType: MediaType);
        }

        private IResult Me(HttpRequest request)
        {
            var refused = Unauthorized(request);
            if (refused != null) return refused;
            var o = Options;
            return Results.Json(new
            {
                id = o.UserId,
                login = o.Login,
                firstName = "Anna",
                lastName = "Dębska",
                email = o.Login + "@example.com",
                baseMarketplace = new { id = o.BaseMarketplace },
            }, contentType: MediaType);
        }
    }

    /// <summary>A delivery method as GET /sale/delivery-methods lists it.</summary>
    public sealed record FakeDeliveryMethod(string Id, string Name, string? DispatchCountry, string DestinationCountry, string[] Marketplaces);

    /// <summary>A shipping rate of the account: its delivery method ids.</summary>
    public sealed record FakeShippingRate(string Id, string Name, string[] DeliveryMethodIds);

    /// <summary>
    /// The account's delivery settings the fake serves: Polish methods, a Czechia bundle that opens allegro-sk too. The
    /// methods to other countries carry the ids the shipped rule file lists (allegro-dhl-cz...), as a seller's rules would
    /// list Allegro's ids of the methods they use.
    /// </summary>
    public static class FakeShippingData
    {
        public static readonly FakeDeliveryMethod[] Methods =
        {
            new("dm-inpost-pl", "Allegro Paczkomaty InPost", "PL", "PL", new[] { "allegro-pl" }),
            new("dm-dpd-pl", "Allegro Kurier DPD", "PL", "PL", new[] { "allegro-pl" }),
            new("allegro-dhl-cz", "Allegro Kurier DHL Czechy", "PL", "CZ", new[] { "allegro-cz", "allegro-sk" }),   // DHL to CZ brings SK (#9633)
            new("allegro-dpd-sk", "Allegro Kurier DPD Słowacja", "PL", "SK", new[] { "allegro-sk" }),
            new("allegro-dpd-hu", "Allegro Kurier DPD Węgry", null, "HU", new[] { "allegro-hu" }),
        };

        public static readonly FakeShippingRate[] Rates =
        {
            new("sr-standard", "Standard PL", new[] { "dm-inpost-pl", "dm-dpd-pl" }),
            new("sr-cz", "PL + Czechy (DHL)", new[] { "dm-inpost-pl", "allegro-dhl-cz" }),
            new("sr-hu", "PL + Węgry", new[] { "dm-dpd-pl", "allegro-dpd-hu", "dm-retired" }),
        };
    }

    /// <summary>The fake as a web server on 127.0.0.1 (a free port unless one is given).</summary>
    public sealed class FakeAllegroServer : IAsyncDisposable, IDisposable
    {
        private readonly WebApplication _app;

        private FakeAllegroServer(WebApplication app, FakeAllegro fake, Uri address)
        {
            _app = app; Fake = fake; Address = address;
        }

        public FakeAllegro Fake { get; }

        /// <summary>http://127.0.0.1:port, the base of both the API and the auth addresses.</summary>
        public Uri Address { get; }

        public static FakeAllegroServer Start(int port = 0)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            var fake = new FakeAllegro();
            fake.Map(app);
            app.StartAsync().GetAwaiter().GetResult();
            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
            var bound = new Uri(addresses.First());
            return new FakeAllegroServer(app, fake, new Uri("http://127.0.0.1:" + bound.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
