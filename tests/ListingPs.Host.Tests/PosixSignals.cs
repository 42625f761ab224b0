using System;
using System.IO;
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

        /// <summary>
        /// A test run started in the background by a non-interactive shell (`bash .ci/run &amp;`, nohup) inherits SIGINT as
        /// ignored, and so would every host it starts: no program there can see Ctrl+C. This gives SIGINT back its default
        /// disposition in the test process (only when it was inherited as ignored, so no handler is replaced), which the
        /// host processes started afterwards inherit.
        /// </summary>
        public static void RestoreInterruptIfIgnored()
        {
            if (IsIgnored(Interrupt)) signal(Interrupt, IntPtr.Zero); // SIG_DFL
        }

        /// <summary>Whether this process ignores <paramref name="sig"/> (Linux: the SigIgn mask of /proc/self/status).</summary>
        public static bool IsIgnored(int sig)
        {
            const string path = "/proc/self/status";
            if (!File.Exists(path)) return false;
            foreach (var line in File.ReadLines(path))
            {
                if (!line.StartsWith("SigIgn:", StringComparison.Ordinal)) continue;
                var mask = Convert.ToUInt64(line.Substring(7).Trim(), 16);
                return (mask & (1UL << (sig - 1))) != 0;
            }
            return false;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);

        [DllImport("libc", SetLastError = true)]
        private static extern IntPtr signal(int sig, IntPtr handler);
    }
}
