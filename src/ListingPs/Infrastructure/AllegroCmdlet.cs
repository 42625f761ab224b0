using System;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.Core;
using ListingPs.Core.Allegro;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// What the Allegro cmdlets share: -Environment, the application's credentials (-Credential or the environment
    /// variables), one HttpClient for the session, and a cancellation that Ctrl+C (StopProcessing) triggers, so a request
    /// under way or the device flow's wait ends at once. They need neither the workspace nor the rules.
    /// </summary>
    public abstract class AllegroCmdlet : ListingPsCmdlet
    {
        private static readonly Lazy<HttpClient> SharedHttp = new Lazy<HttpClient>(() =>
            new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = TimeSpan.FromSeconds(100),
            });

        private CancellationTokenSource? _cancel;

        /// <summary>Allegro's marketplace (Production, the default) or its sandbox (allegrosandbox.pl).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public AllegroEnvironment Environment { get; set; } = AllegroEnvironment.Production;

        protected override bool UsesWorkspace => false;

        protected override bool UsesRules => false;

        protected CancellationToken Cancel => _cancel?.Token ?? CancellationToken.None;

        protected AllegroConnection Connection { get; private set; } = null!;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _cancel = new CancellationTokenSource();
            Connection = new AllegroConnection(SharedHttp.Value, AllegroSettings.TokenFolder());
        }

        protected override void StopProcessing()
        {
            _cancel?.Cancel();
            base.StopProcessing();
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            _cancel?.Dispose();
            _cancel = null;
        }

        /// <summary>The environment's addresses and the application's id and secret (from -Credential, else the environment variables).</summary>
        protected AllegroSettings Settings(PSCredential? credential) =>
            AllegroSettings.Resolve(Environment, credential?.UserName, credential?.GetNetworkCredential().Password);

        /// <summary>
        /// Waits for an engine task on the pipeline thread; Ctrl+C ends the wait (the task is cancelled). While it waits,
        /// <paramref name="waiting"/> runs on the pipeline thread every half second (to write progress).
        /// </summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work, Action? waiting = null)
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
    }
}
