using ListingPs.Core.Workspace;
using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using ListingPs.Core;
using ListingPs.Core.Allegro;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;
using Microsoft.Extensions.Logging;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// What every ListingPs cmdlet shares: the workspace and rule parameters, engine errors as ErrorRecords with stable ids,
    /// engine logs on the verbose/debug/warning streams, throttled progress, ShouldProcess with -Force, and committing the
    /// workspace at the end of the pipeline (or when it is stopped: only whole records are ever written).
    /// </summary>
    public abstract class ListingPsCmdlet : PSCmdlet, IDisposable
    {
        /// <summary>
        /// The workspace: a file path, or a PostgreSQL connection string ('Host=db;Database=listingps;Username=admin') or URI
        /// ('postgres://admin@db/listingps'). Default: $env:LISTINGPS_WORKSPACE, else the user's profile (ListingPs/workspace.db).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Workspace { get; set; }

        /// <summary>User name and password of a PostgreSQL workspace, over what the connection string says (else PGPASSWORD or .pgpass).</summary>
        [Parameter]
        [Credential]
        public PSCredential? WorkspaceCredential { get; set; }

        /// <summary>YAML rule files or folders to use instead of the module's rules. Default: $env:LISTINGPS_RULES, else the module's rules folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RulePath { get; set; }

        private readonly ConcurrentQueue<(LogLevel, string)> _logQueue = new ConcurrentQueue<(LogLevel, string)>();
        private ILoggerFactory? _loggerFactory;
        private RuleSet? _rules;
        private WorkspaceStore? _workspace;
        private ShareService? _shares;
        private readonly Stopwatch _progressClock = new Stopwatch();
        private long _lastProgressMs = -1000;
        private bool _progressSilenced;
        private bool _disposed;

        protected ILogger Logger { get; private set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        /// <summary>The module's own rules folder (out/ListingPs/rules), next to the framework folder that holds this assembly.</summary>
        internal static string ModuleRulesDirectory
        {
            get
            {
                var dir = Path.GetDirectoryName(typeof(ListingPsCmdlet).Assembly.Location) ?? ".";
                var parent = Path.Combine(Path.GetDirectoryName(dir) ?? dir, "rules");
                return Directory.Exists(parent) ? parent : Path.Combine(dir, "rules");
            }
        }

        protected RuleSet Rules => _rules ??= LoadRules();

        protected WorkspaceStore Store => _workspace ??= OpenWorkspace();

        protected ShareService Shares => _shares ??= new ShareService(Store, Rules, Logger);

        /// <summary>Whether BeginProcessing loads the rules and opens the workspace up front (errors there end the command).</summary>
        protected virtual bool UsesWorkspace => true;

        protected virtual bool UsesRules => true;

        protected override void BeginProcessing()
        {
            var minimum = LogLevel.Warning;
            if (Wants("Debug", "DebugPreference")) minimum = LogLevel.Debug;
            else if (Wants("Verbose", "VerbosePreference")) minimum = LogLevel.Information;
            _loggerFactory = new LoggerFactory(new[] { new PowerShellLoggerProvider(_logQueue, minimum) }, new LoggerFilterOptions { MinLevel = minimum });
            Logger = _loggerFactory.CreateLogger(GetType().Name.Replace("Command", ""));
            var progressPreference = GetVariableValue("ProgressPreference");
            _progressSilenced = progressPreference is ActionPreference ap && ap == ActionPreference.SilentlyContinue;
            _progressClock.Start();
            try
            {
                if (UsesRules) _ = Rules;
                if (UsesWorkspace) _ = Store;
            }
            catch (ListingPsException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, null));
            }
        }

        private bool Wants(string switchName, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(switchName, out var v) && v is SwitchParameter s) return s.IsPresent;
            var pref = GetVariableValue(preferenceVariable);
            return pref is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
        }

        private RuleSet LoadRules()
        {
            var paths = RuleLoader.ResolvePaths(RulePath != null && RulePath.Length > 0 ? ResolveRulePaths(RulePath) : null, ModuleRulesDirectory);
            var rules = RuleCache.Get(paths, out var refusedChange);
            // A rule file broken after this session loaded the rules: say so, and go on with the rules loaded before.
            if (refusedChange != null)
            {
                var record = ToErrorRecord(refusedChange, null);
                record.ErrorDetails.RecommendedAction = "Fix the file: until it loads, this session keeps the rules it loaded before the change.";
                WriteError(record);
            }
            if (Logger.IsEnabled(LogLevel.Debug)) Logger.LogDebug("Rules from {Paths}", string.Join(", ", paths));
            return rules;
        }

        private string ResolveRulePaths(string[] paths)
        {
            var resolved = new string[paths.Length];
            for (int i = 0; i < paths.Length; i++) resolved[i] = GetUnresolvedProviderPathFromPSPath(paths[i]);
            return string.Join(Path.PathSeparator.ToString(), resolved);
        }

        private bool _currencyUnknown;

        /// <summary>
        /// Fills in the currency of the offer's market from the rules, so that what the record shows (and Export-Csv writes)
        /// comes from the record. Rules that cannot be read leave it empty, with one warning: reading offers never fails on them.
        /// </summary>
        protected Offer WithCurrency(Offer offer)
        {
            if (offer.Currency.Length > 0 || _currencyUnknown) return offer;
            try
            {
                if (Rules.TryGetMarket(offer.Market, out var market)) offer.Currency = market.Currency;
            }
            catch (ListingPsException ex)
            {
                _currencyUnknown = true;
                WriteWarning("Offers are shown without their currency: " + ex.Message);
            }
            return offer;
        }

        private WorkspaceStore OpenWorkspace()
        {
            var path = ResolveWorkspace(this, Workspace);
            var ws = WorkspaceRegistry.Get(path, WorkspaceCredential == null || WorkspaceCredential == PSCredential.Empty ? null : WorkspaceCredential.GetNetworkCredential());
            Logger.LogDebug("Workspace {Path} ({Engine})", ws.Path, ws.EngineName);
            return ws;
        }

        /// <summary>
        /// Where a -Workspace text points: a PostgreSQL connection string as given, else a PowerShell path made a file system
        /// path (relative to the current location); none: $env:LISTINGPS_WORKSPACE or the default file.
        /// </summary>
        internal static string ResolveWorkspace(PSCmdlet cmdlet, string? text)
        {
            string? explicitPath = string.IsNullOrEmpty(text) ? null
                : WorkspaceLocation.IsPostgresText(text) ? text : cmdlet.GetUnresolvedProviderPathFromPSPath(text);
            return WorkspaceStore.ResolvePath(explicitPath, cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        }

        /// <summary>Writes queued engine log entries to the PowerShell streams (pipeline thread only).</summary>
        protected internal void FlushLog()
        {
            while (_logQueue.TryDequeue(out var entry))
            {
                switch (entry.Item1)
                {
                    case LogLevel.Trace:
                    case LogLevel.Debug: WriteDebug(entry.Item2); break;
                    case LogLevel.Information: Verbose(entry.Item2); break;
                    default: WriteWarning(entry.Item2); break;
                }
            }
        }

        /// <summary>
        /// Writes a verbose message. With -Debug and no -Verbose, PowerShell asks before each WriteVerbose of a compiled cmdlet
        /// (its verbose preference becomes Inquire), which stops an unattended run: the message goes to the debug stream then.
        /// </summary>
        protected void Verbose(string text)
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.TryGetValue("Debug", out var d) && d is SwitchParameter debug && debug.IsPresent && !bound.ContainsKey("Verbose")) WriteDebug(text);
            else WriteVerbose(text);
        }

        /// <summary>Runs one record's work: engine errors become non-terminating ErrorRecords naming the record; the pipeline goes on.
        /// A write the workspace file refused (full, read-only, I/O error, damaged) ends the command instead: its batch is rolled
        /// back, and the error says how many records were not stored.</summary>
        protected bool Try(object? target, Action action)
        {
            try
            {
                action();
                return true;
            }
            catch (ListingPsException ex)
            {
                if (WorkspaceStore.IsStorageFailure(ex)) FailStorage(ex, target);
                WriteError(ToErrorRecord(ex, target));
                return false;
            }
            catch (Exception ex)
            {
                var failure = _workspace?.WriteFailed(ex, recordUnderWay: true);
                if (failure == null) throw;
                FailStorage(failure, target);
                return false;
            }
            finally
            {
                FlushLog();
            }
        }

        /// <summary>Ends the command on a write the file refused: the records of the rolled-back batch never reach the pipeline.</summary>
        private void FailStorage(ListingPsException ex, object? target)
        {
            _unstored?.Clear();
            FlushLog();
            ThrowTerminatingError(ToErrorRecord(ex, target));
        }

        // Records of the open batch: a record reaches the pipeline once the batch that holds it is committed.
        private System.Collections.Generic.List<object>? _unstored;
        private long _unstoredSince;
        private long _unstoredClock;
        private int _flushAt = 1;

        /// <summary>
        /// Writes a record that reports something stored: at once when nothing is pending, else when the batch that holds it is
        /// committed (batches of 1, 2, 4... records at first, then full ones; a second after its first record at most; the end of the pipeline). So a record on the pipeline is
        /// always stored, even when the disk fills up later.
        /// </summary>
        protected void WriteStored(object record)
        {
            var ws = _workspace;
            if (_unstored != null && _unstored.Count > 0 && ws != null && ws.Commits != _unstoredSince) FlushStored();
            if (ws == null || ws.PendingWrites == 0) { WriteObject(record); return; }
            _unstored ??= new System.Collections.Generic.List<object>();
            if (_unstored.Count == 0) { _unstoredSince = ws.Commits; _unstoredClock = _progressClock.ElapsedMilliseconds; }
            _unstored.Add(record);
        }

        private void FlushStored()
        {
            if (_unstored == null || _unstored.Count == 0) return;
            var records = _unstored.ToArray();
            _unstored.Clear();
            foreach (var r in records) WriteObject(r);
        }

        /// <summary>An ErrorRecord with the engine's stable id, the matching category and the record as target.</summary>
        protected internal static ErrorRecord ToErrorRecord(ListingPsException ex, object? target)
        {
            var record = new ErrorRecord(ex, ex.ErrorId, Category(ex.Kind), target);
            record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = RecommendedAction(ex.ErrorId) };
            return record;
        }

        private static ErrorCategory Category(ErrorKind kind)
        {
            switch (kind)
            {
                case ErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case ErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case ErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case ErrorKind.InvalidOperation: return ErrorCategory.InvalidOperation;
                case ErrorKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case ErrorKind.SecurityError: return ErrorCategory.SecurityError;
                case ErrorKind.WriteError: return ErrorCategory.WriteError;
                case ErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                default: return ErrorCategory.NotSpecified;
            }
        }

        private static string RecommendedAction(string errorId)
        {
            switch (errorId)
            {
                case ErrorIds.OfferNotFound: return "Import the offer first: Import-Offer.";
                case ErrorIds.UnknownMarket: return "List the markets the rules define: Get-Market.";
                case ErrorIds.NoExchangeRate: return "Set a rate: Set-ExchangeRate -From <ccy> -To <ccy> -Rate <rate>.";
                case ErrorIds.RuleFileInvalid: return "Fix the rule file at the line and column given.";
                case ErrorIds.InvalidPricePrecision: return "Give a price on the currency's step (CZK: whole crowns; HUF: ends in 0 or 5; EUR: cents).";
                case ErrorIds.NoBasePrice: return "Set the base-market price first (Import-Offer with Price).";
                default: return "";
            }
        }

        /// <summary>ShouldProcess that -Force answers yes to (but -WhatIf still only reports).</summary>
        protected bool Confirm(string target, string action, bool force = false)
        {
            if (force && !(MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && w is SwitchParameter sw && sw.IsPresent))
                return true;
            return ShouldProcess(target, action);
        }

        /// <summary>Progress at most every 250 ms: count, rate and (when the total is known) percent and time left.</summary>
        protected void ReportProgress(int activityId, string activity, long done, long total = -1, string? item = null)
        {
            if (_progressSilenced) return;
            long now = _progressClock.ElapsedMilliseconds;
            if (now - _lastProgressMs < 250 && (total < 0 || done < total)) return;
            _lastProgressMs = now;
            double seconds = Math.Max(now / 1000.0, 0.001);
            double rate = done / seconds;
            string status = total > 0
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:N0} of {1:N0} ({2:N0}/s)", done, total, rate)
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:N0} done ({1:N0}/s)", done, rate);
            var record = new ProgressRecord(activityId, activity, status);
            if (item != null) record.CurrentOperation = item;
            if (total > 0)
            {
                record.PercentComplete = (int)Math.Min(100, done * 100 / total);
                if (rate > 0) record.SecondsRemaining = (int)((total - done) / rate);
            }
            WriteProgress(record);
        }

        /// <summary>
        /// Progress of a bulk run on Allegro, from the engine's counters (read on the pipeline thread while it waits): offers
        /// read of those in hand, changes sent, answered and failed, and the expected time to send the planned changes that
        /// are left at Allegro's limits on price changes (9,000 a minute, 150,000 an hour).
        /// </summary>
        protected void ReportAllegroProgress(int activityId, string activity, AllegroCounters counters, long offers, AllegroPacer pacer, string? item = null)
        {
            if (_progressSilenced) return;
            long read = counters.Read, planned = counters.Planned, sent = counters.Sent, answered = counters.Answered, failed = counters.Failed;
            var left = pacer.ExpectedTime(Math.Max(0, planned - sent));
            var record = new ProgressRecord(activityId, activity, string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "{0:N0} of {1:N0} offers read, {2:N0} of {3:N0} changes sent, {4:N0} answered, {5:N0} failed", read, offers, sent, planned, answered, failed))
            {
                PercentComplete = planned > 0 ? (int)Math.Min(100, answered * 100 / planned) : offers > 0 ? (int)Math.Min(100, read * 100 / offers) : 0,
                CurrentOperation = item ?? ("Allegro takes 9,000 price changes a minute and 150,000 an hour: about "
                    + (left < TimeSpan.FromSeconds(1) ? "no wait" : left.ToString(@"h\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture)) + " to send the rest"),
            };
            if (planned > 0) record.SecondsRemaining = (int)Math.Ceiling(left.TotalSeconds);
            WriteProgress(record);
            _lastProgressMs = _progressClock.ElapsedMilliseconds;
        }

        /// <summary>Marks a progress activity complete.</summary>
        protected void CompleteProgress(int activityId, string activity)
        {
            if (_progressSilenced || _lastProgressMs < 0) return;
            WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>Commits the batch when it is full.</summary>
        protected void CommitIfDue()
        {
            var ws = _workspace;
            if (ws == null) return;
            // Records waiting for their batch go out soon: the first batches grow 1, 2, 4... up to the batch size (the first
            // records stream at once, and Select-Object -First stops the input early), and none waits more than a second.
            if (_unstored != null && _unstored.Count > 0
                && (_unstored.Count >= _flushAt || _progressClock.ElapsedMilliseconds - _unstoredClock >= 1000))
            {
                ws.Commit();
                _flushAt = Math.Min(_flushAt * 2, Math.Max(ws.BatchSize, 1));
            }
            else ws.CommitIfDue();
            if (_unstored != null && _unstored.Count > 0 && ws.Commits != _unstoredSince) FlushStored();
        }

        protected override void EndProcessing()
        {
            try
            {
                _workspace?.Commit();
            }
            catch (ListingPsException ex)
            {
                FailStorage(ex, null);
            }
            FlushStored();
            FlushLog();
        }

        /// <summary>Commits the records written so far (at pipeline end, on Ctrl+C, or after a terminating error elsewhere) and
        /// hands the workspace's page cache back.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                _workspace?.Commit();
                _workspace?.ReleaseMemory();
            }
            catch (Exception) { /* the pipeline is already failing or stopping: keep its own error */ }
            if (_workspace != null) WorkspaceRegistry.Release(_workspace);
            _loggerFactory?.Dispose();
        }
    }
}
