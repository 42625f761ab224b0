using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.AllegroFake;
using ListingPs.Core.Allegro;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// What the engine tests against the contract fake share: the fake on 127.0.0.1 (one per test), a scratch token folder,
    /// the HttpClient, the settings that point ListingPs at the fake (environment Sandbox, the fake's application), a
    /// connection, a device-flow connect, and the requests the fake received.
    /// </summary>
    public abstract class AllegroFakeTest : IDisposable
    {
        protected AllegroFakeTest(HttpClient? http = null)
        {
            Http = http ?? AllegroConnection.CreateHttpClient();      // an operation's 303 is read, not followed
        }

        private protected FakeAllegroServer Server { get; } = FakeAllegroServer.Start();

        private protected ScratchDir Dir { get; } = new ScratchDir();

        protected HttpClient Http { get; }

        protected FakeAllegro Fake => Server.Fake;

        /// <summary>The token folder: not there yet, so the store makes it (owner-only).</summary>
        protected string Tokens => System.IO.Path.Combine(Dir.Path, "tokens");

        /// <summary>The sandbox environment with its addresses at the fake, and the fake's application (another secret to see a refusal).</summary>
        protected AllegroSettings SettingsWith(string secret = "test-secret") => AllegroSettings.Resolve(AllegroEnvironment.Sandbox, "test-client", secret, v =>
            v == AllegroSettings.ApiVariable || v == AllegroSettings.AuthVariable ? Server.Address.ToString() : null);

        /// <summary>A connection to the fake; <paramref name="fastRetries"/> makes the retries' backoff 10 ms.</summary>
        protected AllegroConnection NewConnection(Func<DateTimeOffset>? clock = null, Microsoft.Extensions.Logging.ILogger? log = null, bool fastRetries = true)
        {
            var connection = new AllegroConnection(Http, Tokens, clock, log);
            if (fastRetries) connection.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            return connection;
        }

        /// <summary>Connects by the device flow (its waits given to <paramref name="wait"/>, none by default) and stores the account.</summary>
        protected async Task<AllegroAccount> ConnectByDeviceAsync(AllegroConnection connection, Func<TimeSpan, CancellationToken, Task>? wait = null, string secret = "test-secret")
        {
            var auth = connection.Auth(SettingsWith(secret), wait ?? ((t, c) => Task.CompletedTask));
            var device = await auth.StartDeviceFlowAsync(CancellationToken.None);
            var token = await auth.WaitForTokenAsync(device, CancellationToken.None);
            return await connection.CompleteAsync(SettingsWith(secret), token, CancellationToken.None);
        }

        /// <summary>A connection that has connected at once (no pending polls, no interval).</summary>
        protected async Task<AllegroConnection> ConnectedAsync(Microsoft.Extensions.Logging.ILogger? log = null, Func<TimeSpan, CancellationToken, Task>? wait = null)
        {
            Fake.Options.Interval = 0;
            Fake.Options.PendingPolls = 0;
            var connection = NewConnection(log: log);
            await ConnectByDeviceAsync(connection, wait);
            return connection;
        }

        /// <summary>The requests the fake received with this method whose path starts so.</summary>
        protected IEnumerable<FakeRequest> Calls(string method, string pathStart) =>
            Fake.Requests.Where(r => r.Method == method && r.Path.StartsWith(pathStart, StringComparison.Ordinal));

        public void Dispose()
        {
            DisposeMore();
            Http.Dispose();
            Server.Dispose();
            Dir.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>What a test class holds besides (a workspace fixture).</summary>
        protected virtual void DisposeMore() { }
    }
}
