using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ListingPs.Host
{
    /// <summary>The PSHost: a console with no interactive input, so unattended runs never block on a prompt.</summary>
    internal sealed class ConsoleHost : PSHost
    {
        private readonly Guid _id = Guid.NewGuid();
        private readonly ConsoleUserInterface _ui = new ConsoleUserInterface();

        public override string Name => "ListingPs.Host";
        public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 1);
        public override Guid InstanceId => _id;
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

        /// <summary>Set by `exit N` when the engine asks the host to exit (scripts run with -Command).</summary>
        public int? ExitCode { get; private set; }

        public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
        public override void EnterNestedPrompt() => throw NonInteractive("a nested prompt");
        public override void ExitNestedPrompt() { }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        internal static PSInvalidOperationException NonInteractive(string what) =>
            new PSInvalidOperationException("This host is non-interactive: it cannot show " + what +
                ". Pass the value as a parameter, or -Confirm:$false / -Force for confirmations.");
    }

    /// <summary>Writes to the console; every kind of prompt fails instead of waiting for input.</summary>
    internal sealed class ConsoleUserInterface : PSHostUserInterface
    {
        private readonly ConsoleRawUserInterface _raw = new ConsoleRawUserInterface();

        public override PSHostRawUserInterface RawUI => _raw;

        private static readonly System.Text.RegularExpressions.Regex Escapes =
            new System.Text.RegularExpressions.Regex("\u001b\\[[0-9;?]*[A-Za-z]", System.Text.RegularExpressions.RegexOptions.Compiled);

        /// <summary>Terminal escape sequences (table header colours) only where the output renders them.</summary>
        public override bool SupportsVirtualTerminal => PSStyle.Instance.OutputRendering != OutputRendering.PlainText;

        private string Text(string value) =>
            SupportsVirtualTerminal || value.IndexOf('\u001b') < 0 ? value : Escapes.Replace(value, "");

        public override void Write(string value) => Console.Out.Write(Text(value));
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Console.Out.Write(Text(value));
        public override void WriteLine(string value) => Console.Out.WriteLine(Text(value));
        public override void WriteErrorLine(string value) => Console.Error.WriteLine(value);
        public override void WriteDebugLine(string message) => Console.Out.WriteLine("DEBUG: " + message);
        public override void WriteVerboseLine(string message) => Console.Out.WriteLine("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Console.Out.WriteLine("WARNING: " + message);
        public override void WriteProgress(long sourceId, ProgressRecord record) => ProgressRenderer.Render(record);

        public override string ReadLine() => throw ConsoleHost.NonInteractive("a prompt for input");
        public override SecureString ReadLineAsSecureString() => throw ConsoleHost.NonInteractive("a prompt for a secret");
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw ConsoleHost.NonInteractive("the prompt '" + caption + "'");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw ConsoleHost.NonInteractive("a credential prompt");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw ConsoleHost.NonInteractive("a credential prompt");
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw ConsoleHost.NonInteractive("the confirmation '" + (string.IsNullOrEmpty(message) ? caption : message) + "'");
    }

    /// <summary>Console geometry for the formatter: the terminal's width, or 120 columns when output is redirected.</summary>
    internal sealed class ConsoleRawUserInterface : PSHostRawUserInterface
    {
        private static int Width
        {
            get
            {
                if (Console.IsOutputRedirected) return 120;
                try { return Math.Max(Console.WindowWidth, 40); }
                catch (System.IO.IOException) { return 120; }
            }
        }

        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override Coordinates CursorPosition { get; set; }
        public override Coordinates WindowPosition { get; set; }
        public override int CursorSize { get; set; } = 25;
        public override Size BufferSize { get => new Size(Width, 9999); set { } }
        public override Size WindowSize { get => new Size(Width, 50); set { } }
        public override Size MaxWindowSize => new Size(Width, 50);
        public override Size MaxPhysicalWindowSize => new Size(Width, 50);
        public override bool KeyAvailable => false;
        public override string WindowTitle { get; set; } = "ListingPs";
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw ConsoleHost.NonInteractive("a key prompt");
        public override void FlushInputBuffer() { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    }

    /// <summary>One updating line on stderr while a terminal is attached; nothing when output is redirected (runbooks, CI).</summary>
    internal static class ProgressRenderer
    {
        private static readonly bool Enabled = !Console.IsErrorRedirected && !Console.IsOutputRedirected;
        private static int _lastLength;

        public static void Render(ProgressRecord record)
        {
            if (!Enabled) return;
            if (record.RecordType == ProgressRecordType.Completed)
            {
                Clear();
                return;
            }
            var text = record.Activity + ": " + record.StatusDescription + (record.PercentComplete >= 0 ? " [" + record.PercentComplete + "%]" : "");
            int width;
            try { width = Math.Max(Console.WindowWidth - 1, 20); } catch (System.IO.IOException) { width = 119; }
            if (text.Length > width) text = text.Substring(0, width);
            Console.Error.Write("\r" + text.PadRight(_lastLength));
            _lastLength = text.Length;
        }

        public static void Clear()
        {
            if (!Enabled || _lastLength == 0) return;
            Console.Error.Write("\r" + new string(' ', _lastLength) + "\r");
            _lastLength = 0;
        }
    }
}
