using System;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace ListingPs.Host
{
    /// <summary>
    /// Makes <c>exit N</c> in the script end the run with exit code N, as <c>pwsh -File</c> does. A script file invoked as
    /// a command normally swallows its own <c>exit</c> (it only sets <c>$LASTEXITCODE</c>, which native commands set as
    /// well); pwsh sets the engine's internal ScriptCommandProcessorShouldRethrowExit flag so that the exit of the next
    /// script it starts travels up to the host's SetShouldExit instead. There is no public API for it, so this class sets
    /// the same flag by reflection; the host's tests fail if a PowerShell update renames it.
    /// </summary>
    public static class ScriptExit
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

        /// <summary>
        /// Called right before the script file is invoked, while the runspace is idle: the next script started on the
        /// runspace (the file) lets its <c>exit</c> through, and the engine passes the code to the host's SetShouldExit.
        /// </summary>
        /// <exception cref="InvalidOperationException">The engine no longer has the flag.</exception>
        public static void PropagateFromNextScript(Runspace runspace)
        {
            object context = typeof(Runspace).GetProperty("ExecutionContext", Instance)?.GetValue(runspace)
                ?? throw Missing("Runspace.ExecutionContext");
            PropertyInfo flag = context.GetType().GetProperty("ScriptCommandProcessorShouldRethrowExit", Instance)
                ?? throw Missing("ExecutionContext.ScriptCommandProcessorShouldRethrowExit");
            flag.SetValue(context, true);
        }

        private static InvalidOperationException Missing(string member) =>
            new InvalidOperationException($"This PowerShell engine has no {member}: ListingPs.Host cannot pass the script's exit code on.");
    }
}
