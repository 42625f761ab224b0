using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using ListingPs.Core;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// What the market-connection cmdlets share: the connection service over the workspace, the connection rule file among
    /// -RulePath, the rule parameters, and processing runs that report progress and roll back when stopped.
    /// </summary>
    public abstract class ConnectionCmdlet : ListingPsCmdlet
    {
        private ConnectionService? _connections;
        private string? _ruleFilePath;

        protected ConnectionService Connections => _connections ??= new ConnectionService(Shares, Logger);

        /// <summary>Whether -RulePath may name a connection rule file (New-MarketConnection, Add-MarketConnectionTarget).</summary>
        protected virtual bool TakesConnectionRuleFile => false;

        /// <summary>The connection rule file given among -RulePath, read and checked; null when none was given.</summary>
        protected ConnectionRules? RuleFile { get; private set; }

        protected override void BeginProcessing()
        {
            if (TakesConnectionRuleFile && RulePath != null && RulePath.Length > 0)
            {
                // A connection rule file (top-level 'connection:') among -RulePath holds the connection's rules; the other
                // paths are market rule files or folders as for every cmdlet.
                var marketPaths = new List<string>();
                foreach (var p in RulePath)
                {
                    var full = GetUnresolvedProviderPathFromPSPath(p);
                    if (File.Exists(full) && ConnectionRuleLoader.IsConnectionRuleFile(full))
                    {
                        if (_ruleFilePath != null)
                            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("Give one connection rule file; got '" + _ruleFilePath + "' and '" + full + "'.", nameof(RulePath)),
                                "TooManyConnectionRuleFiles", ErrorCategory.InvalidArgument, full));
                        _ruleFilePath = full;
                    }
                    else marketPaths.Add(p);
                }
                RulePath = marketPaths.Count > 0 ? marketPaths.ToArray() : null;
            }
            base.BeginProcessing();
            if (_ruleFilePath != null)
            {
                try { RuleFile = ConnectionRuleLoader.Load(_ruleFilePath, Rules); }
                catch (ListingPsException ex) { ThrowTerminatingError(ToErrorRecord(ex, _ruleFilePath)); }
            }
        }

        /// <summary>Progress for a processing run, and the stop flag it polls.</summary>
        protected ProcessingOptions Processing(string activity) => new ProcessingOptions
        {
            Stopping = () => Stopping,
            Progress = (done, total, item) => ReportProgress(1, activity, done, total, item),
        };

        /// <summary>
        /// A processing run (create, add targets, sync) for one record, as <c>Try</c> does for other work: engine errors become
        /// ErrorRecords; a stopped run wrote nothing (Ctrl+C stops the pipeline, else ProcessingStopped); the progress of
        /// <paramref name="activity"/> is completed unless the pipeline is stopping.
        /// </summary>
        protected void TryProcessing(object? target, string activity, Action action)
        {
            try
            {
                Try(target, action);
            }
            catch (OperationCanceledException ex)
            {
                if (Stopping) throw new PipelineStoppedException();
                WriteError(new ErrorRecord(ex, "ProcessingStopped", ErrorCategory.OperationStopped, target));
            }
            finally
            {
                if (!Stopping) CompleteProgress(1, activity);
            }
        }
    }
}
