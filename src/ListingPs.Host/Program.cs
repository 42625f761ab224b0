using System;
using System.IO;

namespace ListingPs.Host
{
    /// <summary>The entry point: parses the command line, finds the module and runs the script.</summary>
    public static class Program
    {
        /// <summary>Runs <c>ListingPs.Host [host options] &lt;script.ps1&gt; [script arguments]</c>; see <see cref="HostOptions.Usage"/>.</summary>
        public static int Main(string[] args)
        {
            HostOptions options;
            try
            {
                options = HostOptions.Parse(args);
            }
            catch (HostUsageException ex)
            {
                return Fail(ex.Message + Environment.NewLine + "Run ListingPs.Host -Help for the usage.", ExitCodes.BadArguments);
            }
            if (options.ShowHelp)
            {
                Console.Out.WriteLine(HostOptions.Usage);
                return ExitCodes.Success;
            }
            if (options.FullScriptPath != null && !File.Exists(options.FullScriptPath))
            {
                return Fail($"The script file '{options.ScriptPath}' does not exist ({options.FullScriptPath}).", ExitCodes.BadArguments);
            }
            if (options.FullScriptPath != null && !options.FullScriptPath.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
            {
                return Fail($"The script file '{options.ScriptPath}' is not a .ps1 file.", ExitCodes.BadArguments);
            }

            string? manifest = null;
            if (!options.NoModule)
            {
                manifest = ModuleLocator.Locate(options.ModulePath, out string problem);
                if (manifest == null)
                {
                    return Fail(problem, ExitCodes.ModuleUnavailable);
                }
            }

            bool terminal = !Console.IsOutputRedirected && !Console.IsErrorRedirected;
            var ui = new HostUserInterface(Console.Out, Console.Error, HostRawUserInterface.DetectWidth(), terminal);
            try
            {
                return new ScriptRunner(options, manifest, ui).Run();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failure of the host or the engine itself, not of the script: say so rather than crash with a stack.
                return Fail("internal error: " + ex, ExitCodes.ScriptFailed);
            }
        }

        private static int Fail(string message, int exitCode)
        {
            Console.Error.WriteLine("ListingPs.Host: " + message);
            return exitCode;
        }
    }
}
