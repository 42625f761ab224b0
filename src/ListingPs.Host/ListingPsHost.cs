using System;
using System.Globalization;
using System.Management.Automation.Host;

namespace ListingPs.Host
{
    /// <summary>
    /// The PowerShell host the engine talks to: names the host, hands out the console UI, records <c>exit N</c> and
    /// refuses nested prompts (the host is non-interactive).
    /// </summary>
    public sealed class ListingPsHost : PSHost
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
        private readonly HostUserInterface _ui;

        /// <summary>Creates the host over a UI.</summary>
        public ListingPsHost(HostUserInterface ui)
        {
            _ui = ui;
        }

        /// <inheritdoc />
        public override string Name => "ListingPs.Host";

        /// <inheritdoc />
        public override Version Version { get; } = typeof(ListingPsHost).Assembly.GetName().Version ?? new Version(0, 0);

        /// <inheritdoc />
        public override Guid InstanceId { get; } = Guid.NewGuid();

        /// <inheritdoc />
        public override PSHostUserInterface UI => _ui;

        /// <inheritdoc />
        public override CultureInfo CurrentCulture => _culture;

        /// <inheritdoc />
        public override CultureInfo CurrentUICulture => _uiCulture;

        /// <summary>True once the script asked to exit (<c>exit N</c>).</summary>
        public bool ShouldExit { get; private set; }

        /// <summary>The code the script passed to <c>exit</c>.</summary>
        public int ExitCode { get; private set; }

        /// <summary>Records the exit code; the runner ends the process with it once the pipeline has finished.</summary>
        public override void SetShouldExit(int exitCode)
        {
            ShouldExit = true;
            ExitCode = exitCode;
        }

        /// <summary>Fails: the host is non-interactive (a breakpoint or $Host.EnterNestedPrompt() must not hang a runbook).</summary>
        public override void EnterNestedPrompt() => throw new NonInteractiveHostException("Entering a nested prompt");

        /// <summary>Fails: there is never a nested prompt to leave.</summary>
        public override void ExitNestedPrompt() => throw new NonInteractiveHostException("Leaving a nested prompt");

        /// <summary>Nothing to do: the console is not switched between modes.</summary>
        public override void NotifyBeginApplication()
        {
        }

        /// <summary>Nothing to do: the console is not switched between modes.</summary>
        public override void NotifyEndApplication()
        {
        }
    }
}
