using System;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace ListingPs.Host
{
    /// <summary>
    /// Runs one script file (or command text) on the hosted engine: checks that it parses, opens a runspace over
    /// <see cref="ListingPsHost"/>, imports the module, invokes the script with its arguments piped to Out-Default
    /// (<see cref="OutHostedDefaultCommand"/>), reports errors on stderr as they are written and turns the outcome into
    /// the process exit code (see <see cref="ExitCodes"/>). Ctrl+C stops the running pipeline.
    /// </summary>
    public sealed class ScriptRunner
    {
        private readonly HostOptions _options;
        private readonly string? _moduleManifest;
        private readonly HostUserInterface _ui;
        private readonly ListingPsHost _host;
        private readonly object _sync = new object();
        private PowerShell? _running;
        private bool _interrupted;

        /// <summary>Creates the runner.</summary>
        /// <param name="options">The parsed command line (a script path or command text).</param>
        /// <param name="moduleManifest">The module to import first; null runs without it.</param>
        /// <param name="ui">The console UI.</param>
        public ScriptRunner(HostOptions options, string? moduleManifest, HostUserInterface ui)
        {
            _options = options;
            _moduleManifest = moduleManifest;
            _ui = ui;
            _host = new ListingPsHost(ui);
        }

        /// <summary>Runs the script and returns the process exit code.</summary>
        public int Run()
        {
            if (!Parses())
            {
                return ExitCodes.ScriptFailed;
            }
            Console.CancelKeyPress += OnCancelKeyPress;
            int exitCode;
            try
            {
                using Runspace runspace = RunspaceFactory.CreateRunspace(_host, InitialSessionState.CreateDefault2());
                runspace.Open();
                if (_moduleManifest != null && !ImportModule(runspace))
                {
                    exitCode = ExitCodes.ModuleUnavailable;
                }
                else
                {
                    exitCode = Interrupted ? ExitCodes.Interrupted : RunScript(runspace);
                }
            }
            finally
            {
                Console.CancelKeyPress -= OnCancelKeyPress;
                _ui.ClearProgress();
            }
            if (Interrupted)
            {
                _ui.WriteErrorLine("ListingPs.Host: stopped (Ctrl+C).");
                return ExitCodes.Interrupted;
            }
            return exitCode;
        }

        private bool Interrupted
        {
            get
            {
                lock (_sync)
                {
                    return _interrupted;
                }
            }
        }

        /// <summary>Reports every parse error of the script (with its position) before anything runs.</summary>
        private bool Parses()
        {
            ParseError[] errors;
            if (_options.CommandText != null)
            {
                Parser.ParseInput(_options.CommandText, out _, out errors);
            }
            else
            {
                Parser.ParseFile(_options.FullScriptPath!, out _, out errors);
            }
            foreach (ParseError error in errors)
            {
                _ui.WriteErrorLine(ErrorFormatter.Format(error));
            }
            return errors.Length == 0;
        }

        private bool ImportModule(Runspace runspace)
        {
            using PowerShell ps = PowerShell.Create(runspace);
            WatchStreams(ps);
            ps.AddCommand("Import-Module").AddParameter("Name", _moduleManifest).AddParameter("ErrorAction", ActionPreference.Stop);
            try
            {
                Invoke(ps);
            }
            catch (RuntimeException) when (Interrupted)
            {
                return false;
            }
            catch (RuntimeException ex)
            {
                _ui.WriteErrorRecord(ex.ErrorRecord);
                _ui.WriteErrorLine($"ListingPs.Host: the ListingPs module ({_moduleManifest}) could not be imported. Run `dotnet build -c Release` again, or use -NoModule.");
                return false;
            }
            return true;
        }

        private int RunScript(Runspace runspace)
        {
            using PowerShell ps = PowerShell.Create(runspace);
            if (_options.CommandText != null)
            {
                // As pwsh -Command: the exit code is 1 when the last statement failed ($? is false), so it is kept.
                ps.AddScript(_options.CommandText + "\n$global:" + LastStatusVariable + " = $?", useLocalScope: false);
            }
            else
            {
                // By path, as a command, not in a new scope: as pwsh -File runs it. $PSScriptRoot, $PSCommandPath and
                // $MyInvocation describe the file, and the arguments bind to its param block.
                var script = new Command(_options.FullScriptPath!, isScript: false, useLocalScope: false);
                foreach (CommandParameter parameter in ScriptArguments.ToParameters(_options.ScriptArguments))
                {
                    script.Parameters.Add(parameter);
                }
                ps.Commands.AddCommand(script);
                ScriptExit.PropagateFromNextScript(runspace);
            }
            ps.AddCommand(new CmdletInfo("Out-HostedDefault", typeof(OutHostedDefaultCommand)));
            WatchStreams(ps);
            try
            {
                Invoke(ps);
            }
            catch (RuntimeException) when (Interrupted)
            {
                return ExitCodes.Interrupted;
            }
            catch (RuntimeException ex)
            {
                _ui.WriteErrorRecord(ex.ErrorRecord);
                return _host.ShouldExit ? _host.ExitCode : ExitCodes.ScriptFailed;
            }
            if (_host.ShouldExit) return _host.ExitCode;
            return _options.CommandText != null && runspace.SessionStateProxy.GetVariable(LastStatusVariable) is false
                ? ExitCodes.ScriptFailed : ExitCodes.Success;
        }

        /// <summary>Where a -Command run leaves the success ($?) of its last statement.</summary>
        private const string LastStatusVariable = "ListingPsHostLastStatementSucceeded";

        /// <summary>
        /// Prints each error record as the script writes it (interleaved with its output) and drops the records of the
        /// other streams once the host has shown them, so a long run keeps nothing in memory.
        /// </summary>
        private void WatchStreams(PowerShell ps)
        {
            ps.Streams.Error.DataAdded += (sender, e) =>
            {
                foreach (ErrorRecord record in ps.Streams.Error.ReadAll())
                {
                    _ui.WriteErrorRecord(record);
                }
            };
            ps.Streams.Warning.DataAdded += (sender, e) => ps.Streams.Warning.ReadAll();
            ps.Streams.Verbose.DataAdded += (sender, e) => ps.Streams.Verbose.ReadAll();
            ps.Streams.Debug.DataAdded += (sender, e) => ps.Streams.Debug.ReadAll();
            ps.Streams.Information.DataAdded += (sender, e) => ps.Streams.Information.ReadAll();
            ps.Streams.Progress.DataAdded += (sender, e) => ps.Streams.Progress.ReadAll();
        }

        private void Invoke(PowerShell ps)
        {
            lock (_sync)
            {
                if (_interrupted)
                {
                    return;
                }
                _running = ps;
            }
            try
            {
                ps.Invoke();
            }
            finally
            {
                lock (_sync)
                {
                    _running = null;
                }
            }
        }

        private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            lock (_sync)
            {
                if (_interrupted)
                {
                    // A second Ctrl+C while stopping: let the runtime end the process.
                    e.Cancel = false;
                    return;
                }
                e.Cancel = true;
                _interrupted = true;
                _running?.BeginStop(null, null);
            }
        }
    }
}
