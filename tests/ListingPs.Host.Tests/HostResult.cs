namespace ListingPs.Host.Tests
{
    /// <summary>How one run of the host ended: its exit code and everything it wrote.</summary>
    public sealed class HostResult
    {
        /// <summary>Creates the result.</summary>
        public HostResult(int exitCode, string output, string error)
        {
            ExitCode = exitCode;
            Output = output;
            Error = error;
        }

        /// <summary>The process exit code.</summary>
        public int ExitCode { get; }

        /// <summary>Everything written to stdout, with \n line ends.</summary>
        public string Output { get; }

        /// <summary>Everything written to stderr, with \n line ends.</summary>
        public string Error { get; }

        /// <summary>Both streams, for assertion messages.</summary>
        public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }
}
