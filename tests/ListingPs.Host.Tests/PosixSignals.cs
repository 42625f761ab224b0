using System.Runtime.InteropServices;

namespace ListingPs.Host.Tests
{
    /// <summary>Sends a signal to a process on Linux and macOS (what the terminal does on Ctrl+C).</summary>
    public static class PosixSignals
    {
        /// <summary>SIGINT, the signal of Ctrl+C.</summary>
        public const int Interrupt = 2;

        /// <summary>Sends <paramref name="signal"/> to the process; true when it was delivered.</summary>
        public static bool Send(int processId, int signal) => kill(processId, signal) == 0;

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}
