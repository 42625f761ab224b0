using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.AllegroFake;
using ListingPs.Core.Allegro;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// Connecting to Allegro against the contract fake on 127.0.0.1: the device flow (pending, slow_down, refused, expired),
    /// the refresh token for runbooks, renewing before expiry and on a 401, the owner-only token file, and the settings.
    /// </summary>
    public sealed class AllegroConnectionTests : AllegroFakeTest
    {
        private readonly List<TimeSpan> _waits = new List<TimeSpan>();

        public AllegroConnectionTests() : base(new HttpClient()) { }

        private AllegroSettings Settings(string secret = "test-secret") => SettingsWith(secret);

        private AllegroConnection Connection(Func<DateTimeOffset>? clock = null) => NewConnection(clock, fastRetries: false);

        /// <summary>The device flow's waits, recorded instead of slept (the fake checks the interval: it runs at 0 here).</summary>
        private Task Wait(TimeSpan t, CancellationToken c) { _waits.Add(t); return Task.CompletedTask; }

        private Task<AllegroAccount> ConnectByDevice(AllegroConnection connection) => ConnectByDeviceAsync(connection, Wait);

        [Fact]
        public async Task The_device_flow_shows_the_address_and_code_polls_until_confirmed_and_stores_the_account()
        {
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 2;
            var connection = Connection();
            var auth = connection.Auth(Settings(), Wait);
            var device = await auth.StartDeviceFlowAsync(CancellationToken.None);
            Assert.StartsWith("FAKE", device.UserCode);
            Assert.Equal(new Uri(Server.Address, "/skojarz-aplikacje?code=" + device.UserCode), device.VerificationUriComplete);
            var token = await auth.WaitForTokenAsync(device, CancellationToken.None);
            Assert.Equal(3, _waits.Count);                                  // two pending answers, then the token
            var account = await connection.CompleteAsync(Settings(), token, CancellationToken.None);
            Assert.Equal(("oak-and-co", "44556677", "allegro-pl", AllegroEnvironment.Sandbox), (account.Login, account.UserId, account.BaseMarketplace, account.Environment));
            Assert.Equal(account.Login, connection.GetAccount(AllegroEnvironment.Sandbox)!.Login);
            Assert.Null(connection.GetAccount(AllegroEnvironment.Production));

            // What was sent: the application by HTTP Basic to the OAuth endpoints, the bearer token and media type to the API.
            var requests = Fake.Requests;
            Assert.Equal(new[] { "POST /auth/oauth/device", "POST /auth/oauth/token", "POST /auth/oauth/token", "POST /auth/oauth/token", "GET /me" },
                requests.Select(r => r.Method + " " + r.Path));
            Assert.All(requests.Take(4), r => Assert.StartsWith("Basic ", r.Authorization));
            Assert.Equal("Bearer " + token.AccessToken, requests[4].Authorization);
            Assert.Equal(AllegroConnection.MediaType, requests[4].Accept);
            Assert.Contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code", requests[1].Body);
        }

        [Fact]
        public async Task The_wait_follows_the_interval_and_slows_down_by_five_seconds_when_asked()
        {
            Fake.Options.Interval = 1;     // the fake answers slow_down to a poll sooner than 0.8 s after the one before
            Fake.Options.PendingPolls = 1;
            var auth = Connection().Auth(Settings(), (t, c) =>
            {
                _waits.Add(t);
                // The first two waits are skipped (so the second poll comes too soon); the third is slept for a second.
                return _waits.Count < 3 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(1), c);
            });
            var device = await auth.StartDeviceFlowAsync(CancellationToken.None);
            Assert.Equal(TimeSpan.FromSeconds(1), device.Interval);
            await auth.WaitForTokenAsync(device, CancellationToken.None);
            // pending, slow_down (the interval grows by five seconds, as RFC 8628 says), then the token
            Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6) }, _waits);
        }

        [Theory]
        [InlineData(true, 3600, AllegroErrorIds.AllegroAccessDenied, "refused on Allegro's page")]
        [InlineData(false, -1, AllegroErrorIds.AllegroDeviceCodeExpired, "has expired")]
        public async Task A_refused_or_expired_code_is_an_error_that_says_what_to_do_and_stores_nothing(bool deny, int lifetime, string id, string says)
        {
            Fake.Options.Interval = 0;
            Fake.Options.Deny = deny;
            Fake.Options.DeviceCodeLifetime = lifetime;
            var connection = Connection();
            var e = await Assert.ThrowsAsync<ListingPsException>(() => ConnectByDevice(connection));
            Assert.Equal(id, e.ErrorId);
            Assert.Contains(says, e.Message);
            Assert.Contains("Connect-AllegroAccount again", e.Message);
            Assert.Null(connection.GetAccount(AllegroEnvironment.Sandbox));
        }

        [Fact]
        public async Task A_wrong_client_secret_is_refused_without_the_secret_in_the_message()
        {
            var e = await Assert.ThrowsAsync<ListingPsException>(() => Connection().Auth(Settings("wrong-secret"), Wait).StartDeviceFlowAsync(CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroAuthFailed, e.ErrorId);
            Assert.Contains("401", e.Message);
            Assert.DoesNotContain("wrong-secret", e.Message);
        }

        [Fact]
        public async Task A_refresh_token_connects_without_a_person_and_is_spent()
        {
            var refresh = Fake.IssueRefreshToken();
            var connection = Connection();
            var account = await connection.ConnectWithRefreshTokenAsync(Settings(), refresh, CancellationToken.None);
            Assert.Equal("oak-and-co", account.Login);
            Assert.DoesNotContain(Fake.Requests, r => r.Path == "/auth/oauth/device");
            var again = await Assert.ThrowsAsync<ListingPsException>(() => Connection().ConnectWithRefreshTokenAsync(Settings(), refresh, CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroAuthFailed, again.ErrorId);
            Assert.DoesNotContain(refresh, again.Message);
        }

        [Fact]
        public async Task The_access_token_is_renewed_five_minutes_before_it_runs_out_and_the_new_refresh_token_is_stored()
        {
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 0;
            var now = DateTimeOffset.UtcNow;
            var connection = Connection(() => now);
            var first = await ConnectByDevice(connection);
            var stored = File.ReadAllText(connection.StoreFile(AllegroEnvironment.Sandbox));
            now = first.TokenExpiresAt - TimeSpan.FromMinutes(4);          // within five minutes of the end
            var account = await connection.RefreshAccountAsync(Settings(), CancellationToken.None);
            Assert.Equal(1, Fake.Requests.Count(r => r.Body.Contains("grant_type=refresh_token")));
            Assert.NotEqual(stored, File.ReadAllText(connection.StoreFile(AllegroEnvironment.Sandbox)));
            Assert.True(account.TokenExpiresAt > first.TokenExpiresAt);
            // The renewed tokens work for the next call, which needs no renewal.
            await connection.RefreshAccountAsync(Settings(), CancellationToken.None);
            Assert.Equal(1, Fake.Requests.Count(r => r.Body.Contains("grant_type=refresh_token")));
        }

        [Fact]
        public async Task A_401_renews_the_token_once_and_repeats_the_call()
        {
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 0;
            var connection = Connection();
            await ConnectByDevice(connection);
            Fake.ExpireAccessTokens();                                       // Allegro revoked it early
            var account = await connection.RefreshAccountAsync(Settings(), CancellationToken.None);
            Assert.Equal("oak-and-co", account.Login);
            Assert.Equal(new[] { "GET /me", "POST /auth/oauth/token", "GET /me" },
                Fake.Requests.SkipWhile(r => r.Path != "/me").Skip(1).Select(r => r.Method + " " + r.Path));
        }

        [Fact]
        public async Task The_token_file_is_the_owners_only_and_holds_no_client_secret()
        {
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 0;
            var connection = Connection();
            await ConnectByDevice(connection);
            var file = connection.StoreFile(AllegroEnvironment.Sandbox);
            Assert.Equal(Path.Combine(Tokens, "sandbox.json"), file);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Tokens));
            }
            Assert.DoesNotContain("test-secret", File.ReadAllText(file));
            Assert.Empty(Directory.GetFiles(Tokens, "*.tmp"));
            Assert.True(connection.Disconnect(AllegroEnvironment.Sandbox));
            Assert.False(File.Exists(file));
            Assert.False(connection.Disconnect(AllegroEnvironment.Sandbox));
        }

        [Fact]
        public async Task A_call_without_a_connection_says_how_to_connect()
        {
            var e = await Assert.ThrowsAsync<ListingPsException>(() => Connection().RefreshAccountAsync(Settings(), CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroNotConnected, e.ErrorId);
            Assert.Contains("Connect-AllegroAccount -Environment Sandbox", e.Message);
        }

        [Fact]
        public async Task An_unreachable_address_is_AllegroUnavailable_naming_it()
        {
            var settings = AllegroSettings.Resolve(AllegroEnvironment.Production, "c", "s", v => v == AllegroSettings.AuthVariable ? "http://127.0.0.1:9" : null);
            var connection = Connection();
            connection.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            var e = await Assert.ThrowsAsync<ListingPsException>(() => connection.Auth(settings, Wait).StartDeviceFlowAsync(CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroUnavailable, e.ErrorId);
            Assert.Contains("http://127.0.0.1:9/", e.Message);
            Assert.Equal(5, connection.Retry.Retries);                    // a network error is retried, then reported
        }

        private async Task<AllegroConnection> Connected(int maxRetries = 5)
        {
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 0;
            var connection = Connection();
            connection.Retry.MaxRetries = maxRetries;
            connection.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            await ConnectByDevice(connection);
            return connection;
        }

        private int Calls(string path) => Fake.Requests.Count(r => r.Path == path);

        [Fact]
        public async Task A_429_is_retried_after_the_Retry_After_it_names()
        {
            var connection = await Connected();
            Fake.Options.ThrottleNext = 1;
            Fake.Options.RetryAfterSeconds = 1;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal("oak-and-co", (await connection.RefreshAccountAsync(Settings(), CancellationToken.None)).Login);
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), watch.Elapsed.ToString());
            Assert.Equal(3, Calls("/me"));                                   // CompleteAsync's, the 429, the retry
            Assert.Equal(1, connection.Retry.Retries);
        }

        [Fact]
        public async Task Server_errors_are_retried_with_backoff_a_bounded_number_of_times()
        {
            var connection = await Connected(maxRetries: 2);
            Fake.Options.FailNext = 2;
            Assert.Equal("oak-and-co", (await connection.RefreshAccountAsync(Settings(), CancellationToken.None)).Login);
            Assert.Equal(2, connection.Retry.Retries);
            Fake.Options.FailNext = 3;
            var e = await Assert.ThrowsAsync<ListingPsException>(() => connection.RefreshAccountAsync(Settings(), CancellationToken.None));
            Assert.Equal(AllegroErrorIds.AllegroUnavailable, e.ErrorId);
            Assert.Contains("answered 500", e.Message);
            Assert.Equal(1 + 3 + 3, Calls("/me"));                         // 1 + (2 failed, 1 good) + (3 failed: 1 try, 2 retries)
        }

        [Fact]
        public async Task A_Retry_After_longer_than_two_minutes_is_not_waited_out()
        {
            var connection = await Connected();
            Fake.Options.ThrottleNext = 1;
            Fake.Options.RetryAfterSeconds = 3600;
            var e = await Assert.ThrowsAsync<ListingPsException>(() => connection.RefreshAccountAsync(Settings(), CancellationToken.None));
            Assert.Contains("429", e.Message);
            Assert.Equal(0, connection.Retry.Retries);
        }

        [Fact]
        public async Task The_OAuth_endpoints_are_retried_too()
        {
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 0;
            Fake.Options.FailNext = 1;
            var connection = Connection();
            connection.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            Assert.Equal("oak-and-co", (await ConnectByDevice(connection)).Login);
            Assert.Equal(2, Calls("/auth/oauth/device"));
        }

        [Fact]
        public async Task Ctrl_C_ends_the_wait_between_retries_at_once()
        {
            var connection = await Connected();
            Fake.Options.ThrottleNext = 1;
            Fake.Options.RetryAfterSeconds = 60;
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.RefreshAccountAsync(Settings(), cancel.Token));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
        }

        [Fact]
        public async Task Shipping_rates_come_with_the_markets_their_delivery_methods_open_read_once_per_run()
        {
            var connection = await Connected();
            var shipping = new AllegroShipping(connection, Settings());
            var rates = await shipping.GetRatesAsync(CancellationToken.None);
            Assert.Equal(new[] { "Standard PL", "PL + Czechy (DHL)", "PL + Węgry" }, rates.Select(r => r.Name));
            Assert.Equal(new[] { "allegro-pl" }, rates[0].Markets);
            Assert.Equal(new[] { "allegro-pl", "allegro-cz", "allegro-sk" }, rates[1].Markets);     // DHL Czechia brings Slovakia
            Assert.Equal(new[] { "allegro-pl", "allegro-hu" }, rates[2].Markets);
            Assert.Equal(new[] { "dm-retired" }, rates[2].UnknownMethodIds);                          // kept, opening nothing
            var dhl = rates[1].DeliveryMethods.Single(m => m.Id == "allegro-dhl-cz");
            Assert.Equal(("Allegro Kurier DHL Czechy", "PL", "CZ"), (dhl.Name, dhl.DispatchCountry, dhl.DestinationCountry));
            Assert.Equal("", rates[2].DeliveryMethods.Single(m => m.Id == "allegro-dpd-hu").DispatchCountry);   // null: from anywhere
            int calls = Fake.Requests.Count;
            Assert.Same(rates, await shipping.GetRatesAsync(CancellationToken.None));
            Assert.Equal(calls, Fake.Requests.Count);
            Assert.Equal(4, Fake.Requests.Count(r => r.Path == "/sale/delivery-methods"));            // one per market
            Assert.Contains(Fake.Requests, r => r.Path == "/sale/delivery-methods" && r.Query == "?marketplace=allegro-cz");
            Assert.All(Fake.Requests.Where(r => r.Path.StartsWith("/sale/", StringComparison.Ordinal)), r => Assert.Equal(AllegroConnection.MediaType, r.Accept));
        }

        [Fact]
        public void Settings_default_to_Allegros_addresses_take_the_variables_and_need_an_application()
        {
            var production = AllegroSettings.Resolve(AllegroEnvironment.Production, "id", "secret", v => null);
            Assert.Equal(("https://api.allegro.pl/", "https://allegro.pl/"), (production.ApiAddress.ToString(), production.AuthAddress.ToString()));
            var sandbox = AllegroSettings.Resolve(AllegroEnvironment.Sandbox, null, null, v => v switch
            {
                AllegroSettings.ClientIdVariable => "env-id", AllegroSettings.ClientSecretVariable => "env-secret", _ => null,
            });
            Assert.Equal(("https://api.allegro.pl.allegrosandbox.pl/", "https://allegro.pl.allegrosandbox.pl/", "env-id"),
                (sandbox.ApiAddress.ToString(), sandbox.AuthAddress.ToString(), sandbox.ClientId));
            var missing = Assert.Throws<ListingPsException>(() => AllegroSettings.Resolve(AllegroEnvironment.Production, null, null, v => null));
            Assert.Equal(AllegroErrorIds.AllegroClientMissing, missing.ErrorId);
            Assert.Contains("-Credential", missing.Message);
            var bad = Assert.Throws<ListingPsException>(() => AllegroSettings.Resolve(AllegroEnvironment.Production, "id", "s", v => v == AllegroSettings.ApiVariable ? "api.allegro.pl" : null));
            Assert.Equal(AllegroErrorIds.AllegroSettingInvalid, bad.ErrorId);
            Assert.Contains("LISTINGPS_ALLEGRO_API", bad.Message);
            Assert.Equal(Path.GetFullPath("/tmp/tokens"), AllegroSettings.TokenFolder(v => v == AllegroSettings.TokenFolderVariable ? "/tmp/tokens" : null));
            Assert.EndsWith(Path.Combine("ListingPs", "allegro"), AllegroSettings.TokenFolder(v => null));
        }
    }
}
