using System;
using System.Management.Automation;

namespace ListingPs.Host
{
    /// <summary>
    /// Out-Default for the end of the host's pipeline (<c>script | Out-HostedDefault</c>; not registered in the session,
    /// so scripts do not see it). It feeds a steppable Out-Default, and when the script ends with <c>exit</c> or an
    /// unhandled error it still completes that Out-Default as the pipeline is disposed. Out-Default holds output back (a
    /// table waits for its first rows to size its columns), and in a plain <c>script | Out-Default</c> pipeline whatever
    /// it held would be lost when the script fails, typically the summary a runbook prints right before <c>exit 1</c>.
    /// </summary>
    [Cmdlet(VerbsData.Out, "HostedDefault")]
    public sealed class OutHostedDefaultCommand : PSCmdlet, IDisposable
    {
        private SteppablePipeline? _outDefault;
        private bool _completed;

        /// <summary>An object the script wrote.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        /// <summary>Starts Out-Default.</summary>
        protected override void BeginProcessing()
        {
            _outDefault = ScriptBlock.Create(@"Microsoft.PowerShell.Core\Out-Default").GetSteppablePipeline();
            _outDefault.Begin(this);
        }

        /// <summary>Formats one object (or holds it back, as Out-Default does for the first rows of a table).</summary>
        protected override void ProcessRecord() => _outDefault?.Process(InputObject);

        /// <summary>Completes Out-Default once the script has ended normally.</summary>
        protected override void EndProcessing()
        {
            _completed = true;
            _outDefault?.End();
        }

        /// <summary>
        /// Called whether or not the pipeline completed: when the script stopped with <c>exit</c> or an error, prints
        /// what Out-Default still holds. Nothing is printed once the run was stopped with Ctrl+C.
        /// </summary>
        public void Dispose()
        {
            if (_outDefault == null)
            {
                return;
            }
            try
            {
                if (!_completed)
                {
                    _completed = true;
                    _outDefault.End();
                }
            }
            catch (PipelineStoppedException)
            {
                // Stopped with Ctrl+C: the user asked for no more output.
            }
            finally
            {
                _outDefault.Dispose();
                _outDefault = null;
            }
        }
    }
}
