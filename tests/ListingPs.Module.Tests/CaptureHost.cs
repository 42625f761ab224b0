using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;

namespace ListingPs.Module.Tests
{
    /// <summary>
    /// A PowerShell host that records what it would print: Out-Default and Out-Host render records through the engine's
    /// formatting (the module's views) into <see cref="Text"/>, as a console of <see cref="Width"/> columns would show them.
    /// </summary>
    public sealed class CaptureHost : PSHost
    {
        private readonly CaptureUI _ui;

        public CaptureHost(int width = 120) { _ui = new CaptureUI(width); }

        public int Width => _ui.RawWidth;
        /// <summary>What was printed, without the VT colour sequences of table headers.</summary>
        public string Text => System.Text.RegularExpressions.Regex.Replace(_ui.Output.ToString(), "\u001b\\[[0-9;]*[A-Za-z]", "");
        public void Clear() => _ui.Output.Clear();

        public override string Name => "ListingPs.Tests.CaptureHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        /// <summary>A runspace with this host and the built module imported.</summary>
        public Runspace OpenRunspaceWithModule(string workspace)
        {
            var rs = RunspaceFactory.CreateRunspace(this, InitialSessionState.CreateDefault2());
            rs.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = rs;
            ps.AddScript("$PSStyle.OutputRendering = 'PlainText'; Import-Module $args[0] -ErrorAction Stop; $PSDefaultParameterValues['*:Workspace'] = $args[1]")
                .AddArgument(PowerShellSession.ModuleManifest).AddArgument(workspace);
            ps.Invoke();
            if (ps.HadErrors) throw new InvalidOperationException("Import failed: " + ps.Streams.Error[0]);
            return rs;
        }

        private sealed class CaptureUI : PSHostUserInterface
        {
            private readonly CaptureRawUI _raw;
            public CaptureUI(int width) { _raw = new CaptureRawUI(width); }
            public StringBuilder Output { get; } = new StringBuilder();
            public int RawWidth => _raw.BufferSize.Width;
            public override PSHostRawUserInterface RawUI => _raw;
            public override void Write(string value) => Output.Append(value);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Output.Append(value);
            public override void WriteLine(string value) => Output.Append(value).Append('\n');
            public override void WriteErrorLine(string value) => Output.Append("ERROR: ").Append(value).Append('\n');
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }
            public override string ReadLine() => throw new NotSupportedException("no input in tests");
            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("no input in tests");
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
                throw new NotSupportedException("no prompts in tests");
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
                throw new NotSupportedException("no prompts in tests");
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException("no prompts in tests");
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
                throw new NotSupportedException("no prompts in tests");
        }

        private sealed class CaptureRawUI : PSHostRawUserInterface
        {
            public CaptureRawUI(int width)
            {
                BufferSize = new Size(width, 9999);
                WindowSize = new Size(width, 50);
                MaxWindowSize = WindowSize;
                MaxPhysicalWindowSize = WindowSize;
            }
            public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
            public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
            public override Coordinates CursorPosition { get; set; }
            public override Coordinates WindowPosition { get; set; }
            public override int CursorSize { get; set; }
            public override Size BufferSize { get; set; }
            public override Size WindowSize { get; set; }
            public override Size MaxWindowSize { get; }
            public override Size MaxPhysicalWindowSize { get; }
            public override bool KeyAvailable => false;
            public override string WindowTitle { get; set; } = "";
            public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
            public override void FlushInputBuffer() { }
            public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
            public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
            public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
            public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        }
    }
}
