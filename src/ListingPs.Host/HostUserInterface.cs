using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ListingPs.Host
{
    /// <summary>
    /// The user interface of the unattended host. Out-Default output, warnings (<c>WARNING: </c>), verbose
    /// (<c>VERBOSE: </c>), debug (<c>DEBUG: </c>) and information messages go to the output writer (stdout), as pwsh
    /// writes them; error records go to the error writer (stderr). The engine applies the preference variables and the
    /// -Verbose/-Debug/-InformationAction switches before any of these is called. Every request for input fails with
    /// <see cref="NonInteractiveHostException"/>.
    /// </summary>
    public sealed class HostUserInterface : PSHostUserInterface
    {
        private readonly TextWriter _out;
        private readonly TextWriter _error;
        private readonly ProgressLine _progress;
        private readonly bool _supportsVirtualTerminal;
        private readonly object _sync = new object();

        /// <summary>Creates the UI over the given writers.</summary>
        /// <param name="output">Output, warnings, verbose, debug and information.</param>
        /// <param name="error">Error records and the progress line.</param>
        /// <param name="width">The width formatting uses.</param>
        /// <param name="interactiveTerminal">True when stdout and stderr are a terminal: progress is drawn, VT sequences are allowed.</param>
        public HostUserInterface(TextWriter output, TextWriter error, int width, bool interactiveTerminal)
        {
            _out = output;
            _error = error;
            RawUI = new HostRawUserInterface(width);
            _progress = new ProgressLine(error, interactiveTerminal, width);
            _supportsVirtualTerminal = interactiveTerminal && Environment.GetEnvironmentVariable("TERM") != "dumb";
        }

        /// <inheritdoc />
        public override PSHostRawUserInterface RawUI { get; }

        /// <summary>True only on a terminal, so formatting adds no escape sequences to redirected output.</summary>
        public override bool SupportsVirtualTerminal => _supportsVirtualTerminal;

        /// <inheritdoc />
        public override void Write(string value) => WriteOut(value, newLine: false);

        /// <inheritdoc />
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => WriteOut(value, newLine: false);

        /// <inheritdoc />
        public override void WriteLine() => WriteOut(string.Empty, newLine: true);

        /// <inheritdoc />
        public override void WriteLine(string value) => WriteOut(value, newLine: true);

        /// <inheritdoc />
        public override void WriteLine(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => WriteOut(value, newLine: true);

        /// <summary>Writes a line to the error writer (stderr).</summary>
        public override void WriteErrorLine(string value)
        {
            lock (_sync)
            {
                _progress.Clear();
                _error.WriteLine(GetOutputString(value, _supportsVirtualTerminal));
                _error.Flush();
            }
        }

        /// <summary>Writes an error record to stderr with its position, category and error id.</summary>
        public void WriteErrorRecord(ErrorRecord record) => WriteErrorLine(ErrorFormatter.Format(record));

        /// <inheritdoc />
        public override void WriteDebugLine(string message) => WriteOut("DEBUG: " + message, newLine: true);

        /// <inheritdoc />
        public override void WriteVerboseLine(string message) => WriteOut("VERBOSE: " + message, newLine: true);

        /// <inheritdoc />
        public override void WriteWarningLine(string message) => WriteOut("WARNING: " + message, newLine: true);

        /// <summary>
        /// Receives every information record, shown or not (for transcripts): prints nothing, as pwsh's console host. The
        /// engine prints the ones the information preference lets through (and Write-Host text) with
        /// <see cref="WriteLine(string)"/>.
        /// </summary>
        public override void WriteInformation(InformationRecord record)
        {
        }

        /// <summary>Draws the progress record on stderr when stdout is a terminal; otherwise does nothing.</summary>
        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (_sync)
            {
                _progress.Update(record);
            }
        }

        /// <summary>Erases a progress line left on the terminal (at the end of a run).</summary>
        public void ClearProgress()
        {
            lock (_sync)
            {
                _progress.Clear();
            }
        }

        /// <summary>Fails: the host is non-interactive.</summary>
        public override string ReadLine() => throw new NonInteractiveHostException("Reading a line of input");

        /// <summary>Fails: the host is non-interactive.</summary>
        public override SecureString ReadLineAsSecureString() => throw new NonInteractiveHostException("Reading a secure string");

        /// <summary>Fails: the host is non-interactive.</summary>
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NonInteractiveHostException(Describe("Prompting for input", caption, message));

        /// <summary>Fails: the host is non-interactive (so a -Confirm or ShouldContinue prompt fails instead of hanging).</summary>
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw new NonInteractiveHostException(Describe("Prompting for a choice", caption, message));

        /// <summary>Fails: the host is non-interactive.</summary>
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NonInteractiveHostException(Describe("Prompting for a credential", caption, message));

        /// <summary>Fails: the host is non-interactive.</summary>
        public override PSCredential PromptForCredential(
            string caption,
            string message,
            string userName,
            string targetName,
            PSCredentialTypes allowedCredentialTypes,
            PSCredentialUIOptions options) =>
            throw new NonInteractiveHostException(Describe("Prompting for a credential", caption, message));

        private static string Describe(string request, string? caption, string? message)
        {
            string detail = string.Join(": ", new[] { caption, message }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
            return detail.Length == 0 ? request : $"{request} (\"{detail.Replace(Environment.NewLine, " ").Replace('\n', ' ')}\")";
        }

        private void WriteOut(string value, bool newLine)
        {
            lock (_sync)
            {
                _progress.Clear();
                // Drops the escape sequences of $PSStyle formatting unless they reach a terminal (or $PSStyle.OutputRendering
                // asks for them).
                string text = GetOutputString(value, _supportsVirtualTerminal);
                if (newLine)
                {
                    _out.WriteLine(text);
                }
                else
                {
                    _out.Write(text);
                }
                _out.Flush();
            }
        }
    }
}
