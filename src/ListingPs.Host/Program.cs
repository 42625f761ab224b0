using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;

namespace ListingPs.Host
{
    /// <summary>
    /// Runs a PowerShell script (like pwsh -File) or text (like pwsh -Command) in the embedded PowerShell 7.6 engine with
    /// the ListingPs module imported. Output goes through the module's format views (Out-Default); warnings, verbose and
    /// debug follow the preference variables; errors print with their position and id.
    /// </summary>
    public static class Program
    {
        /// <summary>Exit codes: the script's `exit N`; 0 done (non-terminating errors included, as pwsh -File);
        /// 1 terminating or parse error; 2 module not found or not importable; 64 bad host arguments or missing script;
        /// 130 stopped with Ctrl+C.</summary>
        public const int ExitScriptFailed = 1, ExitModuleMissing = 2, ExitUsage = 64, ExitStopped = 130;

        private const string Usage =
@"ListingPs.Host - runs PowerShell scripts with the ListingPs module imported (for machines without pwsh).

Usage:
  ListingPs.Host [-Module <path>] [-NoModule] <script.ps1> [script arguments...]
  ListingPs.Host [-Module <path>] [-NoModule] -Command <script text>
  ListingPs.Host -Help

  -Module <path>  the module manifest to import (default: $env:LISTINGPS_MODULE, else out/ListingPs/ListingPs.psd1
                  found above the current folder or above the host)
  -NoModule       import nothing
  Script arguments bind to the script's parameters as with pwsh -File: positional, -Name value, -Switch.

Exit codes: the script's 'exit N'; 0 when the script completes (non-terminating errors included);
1 terminating or parse error; 2 module not found or not importable; 64 bad arguments or missing script; 130 Ctrl+C.";

        /// <summary>Entry point: parses the host options, finds the module, runs the script or the command.</summary>
        public static int Main(string[] args)
        {
            string? module = null, command = null, script = null;
            bool noModule = false;
            var scriptArgs = new List<string>();
            int i = 0;
            for (; i < args.Length; i++)
            {
                var a = args[i];
                if (Is(a, "-Module") && i + 1 < args.Length) module = args[++i];
                else if (Is(a, "-NoModule")) noModule = true;
                else if (Is(a, "-Command") || Is(a, "-c"))
                {
                    if (i + 1 >= args.Length) return Fail(ExitUsage, "-Command needs the script text.");
                    command = string.Join(" ", args, i + 1, args.Length - i - 1);
                    break;
                }
                else if (Is(a, "-Help") || Is(a, "-?") || Is(a, "--help") || Is(a, "-h"))
                {
                    Console.Out.WriteLine(Usage);
                    return 0;
                }
                else if (Is(a, "-File") && i + 1 < args.Length) { script = args[++i]; i++; break; }
                else if (a.StartsWith("-", StringComparison.Ordinal)) return Fail(ExitUsage, "Unknown host option '" + a + "'. See -Help.");
                else { script = a; i++; break; }
            }
            if (script != null) for (; i < args.Length; i++) scriptArgs.Add(args[i]);
            if (script == null && command == null) return Fail(ExitUsage, "Give a script file or -Command <text>. See -Help.");
            if (script != null)
            {
                script = Path.GetFullPath(script);
                if (!File.Exists(script)) return Fail(ExitUsage, "The script '" + script + "' does not exist.");
            }
            if (!noModule)
            {
                module = module != null ? Path.GetFullPath(module) : FindModule();
                if (module == null || !File.Exists(module))
                    return Fail(ExitModuleMissing, "The ListingPs module was not found" + (module != null ? " at '" + module + "'" : "") +
                        ". Build it first: dotnet build -c Release (it is laid out in out/ListingPs), or pass -Module <path to ListingPs.psd1>.");
            }
            return Run(module, script, scriptArgs, command);
        }

        private static bool Is(string arg, string option) => string.Equals(arg, option, StringComparison.OrdinalIgnoreCase);

        private static int Fail(int code, string message)
        {
            Console.Error.WriteLine("ListingPs.Host: " + message);
            return code;
        }

        /// <summary>$env:LISTINGPS_MODULE, else out/ListingPs/ListingPs.psd1 above the current folder, else above the host.</summary>
        internal static string? FindModule()
        {
            var env = Environment.GetEnvironmentVariable("LISTINGPS_MODULE");
            if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "out", "ListingPs", "ListingPs.psd1");
                    if (File.Exists(candidate)) return candidate;
                }
            }
            return null;
        }

        private static int Run(string? module, string? script, List<string> scriptArgs, string? command)
        {
            var host = new ConsoleHost();
            var iss = InitialSessionState.CreateDefault2();
            using var runspace = RunspaceFactory.CreateRunspace(host, iss);
            runspace.Open();

            if (module != null)
            {
                using var import = PowerShell.Create();
                import.Runspace = runspace;
                import.AddCommand("Import-Module").AddParameter("Name", module).AddParameter("ErrorAction", ActionPreference.Stop);
                try
                {
                    import.Invoke();
                }
                catch (RuntimeException ex)
                {
                    StreamPrinter.PrintError(ex.ErrorRecord);
                    return ExitModuleMissing;
                }
            }

            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            runspace.SessionStateProxy.SetVariable("global:LASTEXITCODE", 0);
            bool redirected = Console.IsOutputRedirected;
            // Plain text when output goes to a file or pipe (runbook logs, CI); colours in a terminal.
            PSStyle.Instance.OutputRendering = redirected ? OutputRendering.PlainText : OutputRendering.Ansi;
            // A script runs by path, as pwsh -File does, so $PSScriptRoot and $MyInvocation work; its arguments are written
            // as PowerShell tokens (parameter names as they are, values quoted), so the binder pairs "-Name value", sees
            // switches and binds the rest positionally, exactly as on a command line.
            ps.AddScript(script != null ? ScriptInvocation(script, scriptArgs) : command);
            ps.AddCommand("Out-Default");

            var printer = new StreamPrinter(ps.Streams);
            int stopped = 0;
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                Interlocked.Exchange(ref stopped, 1);
                ps.BeginStop(null, null);
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                ps.Invoke();
            }
            catch (PipelineStoppedException)
            {
                ProgressRenderer.Clear();
                Console.Error.WriteLine("ListingPs.Host: stopped.");
                return ExitStopped;
            }
            catch (ParseException ex)
            {
                ProgressRenderer.Clear();
                StreamPrinter.PrintError(ex.ErrorRecord);
                return ExitScriptFailed;
            }
            catch (RuntimeException ex)
            {
                ProgressRenderer.Clear();
                StreamPrinter.PrintError(ex.ErrorRecord);
                return ExitCodeOr(runspace, host, ExitScriptFailed);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
                printer.Detach();
                ProgressRenderer.Clear();
                Console.Out.Flush();
            }
            if (stopped == 1) return ExitStopped;
            return ExitCodeOr(runspace, host, 0);
        }

        private static readonly System.Text.RegularExpressions.Regex ParameterToken =
            new System.Text.RegularExpressions.Regex(@"^-[A-Za-z_][A-Za-z0-9_]*:?$");

        /// <summary>"&amp; 'script' -Name 'value' -Switch 'positional'": names stay tokens, everything else is a quoted literal;
        /// "-Switch:$false" keeps its boolean.</summary>
        internal static string ScriptInvocation(string script, IReadOnlyList<string> args)
        {
            var sb = new System.Text.StringBuilder("& ").Append(Quote(script));
            foreach (var a in args)
            {
                sb.Append(' ');
                int colon = a.IndexOf(':');
                if (ParameterToken.IsMatch(a)) sb.Append(a);
                else if (colon > 1 && ParameterToken.IsMatch(a.Substring(0, colon + 1)))
                {
                    var value = a.Substring(colon + 1);
                    sb.Append(a, 0, colon + 1).Append(string.Equals(value, "$false", StringComparison.OrdinalIgnoreCase) ? "$false"
                        : string.Equals(value, "$true", StringComparison.OrdinalIgnoreCase) ? "$true" : Quote(value));
                }
                else sb.Append(Quote(a));
            }
            return sb.ToString();
        }

        private static string Quote(string s) => "'" + s.Replace("'", "''").Replace("\u2018", "\u2018\u2018").Replace("\u2019", "\u2019\u2019") + "'";

        /// <summary>`exit N` in a script sets $LASTEXITCODE; at the top of -Command text it asks the host to exit.</summary>
        private static int ExitCodeOr(Runspace runspace, ConsoleHost host, int fallback)
        {
            if (host.ExitCode.HasValue) return host.ExitCode.Value;
            var value = runspace.SessionStateProxy.GetVariable("LASTEXITCODE");
            if (value is int code && code != 0) return code;
            return fallback;
        }
    }
}
