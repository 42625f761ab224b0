using System;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.Core.Allegro;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// What a cmdlet that talks to Allegro holds for one run: the session's HttpClient (it does not follow redirects), the
    /// connection with the stored tokens, and a cancellation that Ctrl+C (StopProcessing) triggers, so a request under way
    /// ends at once. Created in BeginProcessing, cancelled in StopProcessing, disposed in EndProcessing.
    /// </summary>
    internal sealed class AllegroClient : IDisposable
    {
        private static readonly Lazy<HttpClient> SharedHttp = new Lazy<HttpClient>(AllegroConnection.CreateHttpClient);
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        /// <param name="log">The cmdlet's logger: every request and answer at Debug level (-Debug), tokens masked.</param>
        public AllegroClient(Microsoft.Extensions.Logging.ILogger log)
        {
            Connection = new AllegroConnection(SharedHttp.Value, AllegroSettings.TokenFolder(), log: log);
        }

        public AllegroConnection Connection { get; }

        public CancellationToken Cancel => _cancel.Token;

        public void Stop() => _cancel.Cancel();

        /// <summary>The environment's addresses and the application's id and secret (from -Credential, else the environment variables).</summary>
        public static AllegroSettings Settings(AllegroEnvironment environment, PSCredential? credential) =>
            AllegroSettings.Resolve(environment, credential?.UserName, credential?.GetNetworkCredential().Password);

        /// <summary>Sharing, withdrawing and syncing on the environment, <paramref name="parallel"/> requests at once, paced with the session's pacer.</summary>
        public AllegroShare Share(ListingPs.Core.Workspace.WorkspaceStore workspace, AllegroEnvironment environment, PSCredential? credential, int parallel) =>
            new AllegroShare(Connection, Settings(environment, credential), workspace, pacer: Pacer(environment)) { Parallel = parallel };

        /// <summary>Bulk prices on the environment, <paramref name="parallel"/> requests at once, paced with the session's pacer.</summary>
        public AllegroPrices Prices(ListingPs.Core.Workspace.WorkspaceStore workspace, AllegroEnvironment environment, PSCredential? credential, int parallel) =>
            new AllegroPrices(Connection, Settings(environment, credential), workspace, Pacer(environment)) { Parallel = parallel };

        /// <summary>
        /// Waits for an engine task on the pipeline thread; Ctrl+C ends the wait (the task is cancelled). While it waits,
        /// <paramref name="waiting"/> runs on the pipeline thread every half second (to write progress).
        /// </summary>
        public T WaitFor<T>(Func<CancellationToken, Task<T>> work, Action? waiting = null)
        {
            try
            {
                var task = work(Cancel);
                if (waiting != null)
                    while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(500)) waiting();
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (Cancel.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<AllegroEnvironment, AllegroPacer> Pacers =
            new System.Collections.Concurrent.ConcurrentDictionary<AllegroEnvironment, AllegroPacer>();

        /// <summary>The pacing of price changes for the environment, kept for the session (Allegro counts them per user, not per command run).</summary>
        public static AllegroPacer Pacer(AllegroEnvironment environment) => Pacers.GetOrAdd(environment, _ => new AllegroPacer());

        public void Dispose() => _cancel.Dispose();
    }
}
