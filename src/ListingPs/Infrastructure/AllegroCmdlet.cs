using System;
using System.Management.Automation;
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
        private AllegroClient? _client;

        /// <summary>Allegro's marketplace (Production, the default) or its sandbox (allegrosandbox.pl).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public AllegroEnvironment Environment { get; set; } = AllegroEnvironment.Production;

        protected override bool UsesWorkspace => false;

        protected override bool UsesRules => false;

        protected CancellationToken Cancel => _client?.Cancel ?? CancellationToken.None;

        protected AllegroConnection Connection => _client!.Connection;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _client = new AllegroClient(Logger);
        }

        protected override void StopProcessing()
        {
            _client?.Stop();
            base.StopProcessing();
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            _client?.Dispose();
            _client = null;
        }

        /// <summary>The environment's addresses and the application's id and secret (from -Credential, else the environment variables).</summary>
        protected AllegroSettings Settings(PSCredential? credential) => AllegroClient.Settings(Environment, credential);

        /// <summary>Waits for an engine task on the pipeline thread (Ctrl+C ends it); <paramref name="waiting"/> runs every half second.</summary>
        protected T WaitFor<T>(Func<CancellationToken, Task<T>> work, Action? waiting = null) => _client!.WaitFor(work, waiting);
    }
}
