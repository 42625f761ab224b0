using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// Finds SQLite's native library (e_sqlite3) next to the engine when the process has no deps.json that lists it, which is
    /// the case for a module imported into PowerShell: the host's deps.json knows nothing of the module's runtimes/ folder.
    /// On net8.0+ a DllImport resolver on the SQLite provider assembly loads runtimes/&lt;rid&gt;/native/ from the provider's own
    /// folder; elsewhere (or when that file is absent) the runtime's default probing applies.
    /// </summary>
    internal static class SqliteNativeResolver
    {
        private static int _installed;

        public static void Ensure()
        {
#if NET8_0_OR_GREATER
            if (Interlocked.Exchange(ref _installed, 1) == 1) return;
            var provider = typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly;
            try
            {
                NativeLibrary.SetDllImportResolver(provider, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Another component already set a resolver for this assembly: leave it in charge.
            }
#else
            Interlocked.Exchange(ref _installed, 1);
#endif
        }

#if NET8_0_OR_GREATER
        private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (!string.Equals(libraryName, "e_sqlite3", StringComparison.Ordinal)) return IntPtr.Zero;
            var path = CandidatePath(Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory);
            if (path != null && NativeLibrary.TryLoad(path, out var handle)) return handle;
            return IntPtr.Zero;
        }
#endif

        /// <summary>runtimes/&lt;rid&gt;/native/&lt;file&gt; under <paramref name="baseDirectory"/>, or null when not there.</summary>
        internal static string? CandidatePath(string baseDirectory)
        {
            string file;
            string os;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) { os = "win"; file = "e_sqlite3.dll"; }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) { os = "osx"; file = "libe_sqlite3.dylib"; }
            else { os = IsMusl() ? "linux-musl" : "linux"; file = "libe_sqlite3.so"; }
            string arch;
            switch (RuntimeInformation.ProcessArchitecture)
            {
                case Architecture.X64: arch = "x64"; break;
                case Architecture.X86: arch = "x86"; break;
                case Architecture.Arm64: arch = "arm64"; break;
                case Architecture.Arm: arch = "arm"; break;
                default: arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(); break;
            }
            var candidate = Path.Combine(baseDirectory, "runtimes", os + "-" + arch, "native", file);
            return File.Exists(candidate) ? candidate : null;
        }

        private static bool IsMusl()
        {
            try
            {
                return Directory.Exists("/lib") && Directory.GetFiles("/lib", "ld-musl-*").Length > 0;
            }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        }
    }
}
