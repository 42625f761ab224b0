using System;
using System.Management.Automation;

namespace ListingPs.Host
{
    /// <summary>
    /// Prints the non-output streams as they arrive: errors (with position, category and id) to stderr; warnings, verbose,
    /// debug and information to stdout with pwsh's prefixes. The engine only adds a verbose or debug record when the
    /// preference (or -Verbose/-Debug) asks for it, so printing what arrives follows the switches.
    /// </summary>
    internal sealed class StreamPrinter
    {
        private readonly PSDataStreams _streams;

        public StreamPrinter(PSDataStreams streams)
        {
            _streams = streams;
            streams.Error.DataAdded += OnError;
            streams.Warning.DataAdded += OnWarning;
            streams.Verbose.DataAdded += OnVerbose;
            streams.Debug.DataAdded += OnDebug;
            streams.Information.DataAdded += OnInformation;
            streams.Progress.DataAdded += OnProgress;
        }

        public void Detach()
        {
            _streams.Error.DataAdded -= OnError;
            _streams.Warning.DataAdded -= OnWarning;
            _streams.Verbose.DataAdded -= OnVerbose;
            _streams.Debug.DataAdded -= OnDebug;
            _streams.Information.DataAdded -= OnInformation;
            _streams.Progress.DataAdded -= OnProgress;
        }

        private void OnError(object? sender, DataAddedEventArgs e) => PrintError(_streams.Error[e.Index]);

        private void OnWarning(object? sender, DataAddedEventArgs e) => Line("WARNING: " + _streams.Warning[e.Index].Message);

        private void OnVerbose(object? sender, DataAddedEventArgs e) => Line("VERBOSE: " + _streams.Verbose[e.Index].Message);

        private void OnDebug(object? sender, DataAddedEventArgs e) => Line("DEBUG: " + _streams.Debug[e.Index].Message);

        private void OnInformation(object? sender, DataAddedEventArgs e) => Line(_streams.Information[e.Index].MessageData?.ToString() ?? "");

        private void OnProgress(object? sender, DataAddedEventArgs e) => ProgressRenderer.Render(_streams.Progress[e.Index]);

        private static void Line(string text)
        {
            ProgressRenderer.Clear();
            Console.Out.WriteLine(text);
        }

        /// <summary>The message, where it happened (script, line, the line itself with a marker), the category and the id.</summary>
        public static void PrintError(ErrorRecord record)
        {
            ProgressRenderer.Clear();
            Console.Out.Flush();
            var message = record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString();
            var command = record.InvocationInfo?.MyCommand?.Name;
            var err = Console.Error;
            err.WriteLine((string.IsNullOrEmpty(command) ? "" : command + " : ") + message);
            var position = record.InvocationInfo?.PositionMessage;
            if (!string.IsNullOrEmpty(position)) err.WriteLine(position);
            if (!string.IsNullOrEmpty(record.ErrorDetails?.RecommendedAction)) err.WriteLine("    + RecommendedAction     : " + record.ErrorDetails!.RecommendedAction);
            err.WriteLine("    + CategoryInfo          : " + record.CategoryInfo);
            err.WriteLine("    + FullyQualifiedErrorId : " + record.FullyQualifiedErrorId);
            err.WriteLine();
            err.Flush();
        }
    }
}
