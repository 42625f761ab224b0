using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace ListingPs.Host.Tests
{
    /// <summary>Starts the built host (<c>dotnet ListingPs.Host.dll ...</c>) as a child process, with a time limit.</summary>
    public static class HostProcess
    {
        /// <summary>How long one run may take before the test fails (a start costs about a second).</summary>
        public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

        /// <summary>The host assembly built with the tests' configuration.</summary>
        public static string HostPath { get; } = FindHost();

        /// <summary>The repository root (the folder holding ListingPs.sln above the host's build folder).</summary>
        public static string RepositoryRoot { get; } = FindRepositoryRoot();

        /// <summary>Runs the host in <paramref name="workingDirectory"/> and waits for it to end.</summary>
        public static HostResult Run(string workingDirectory, params string[] args) =>
            Run(workingDirectory, new Dictionary<string, string?>(), args);

        /// <summary>Runs the host with extra environment variables (a null value removes the variable).</summary>
        public static HostResult Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
        {
            using Process process = Start(workingDirectory, environment, args);
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeLimit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException(
                    $"ListingPs.Host {string.Join(" ", args)} did not end within {TimeLimit.TotalSeconds} s.\n"
                    + new HostResult(-1, Normalize(output.Result), Normalize(error.Result)));
            }
            process.WaitForExit();
            return new HostResult(process.ExitCode, Normalize(output.Result), Normalize(error.Result));
        }

        /// <summary>
        /// Starts the host with stdout and stderr redirected. Stdin is redirected too and left open: a host that tried to
        /// read the console would wait on it, and the test would see the time limit instead of a quick failure.
        /// </summary>
        public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
        {
            var start = new ProcessStartInfo(DotnetExecutable())
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(HostPath);
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            // The module is found the way a user's run finds it, not through a variable of the test environment.
            start.Environment.Remove("LISTINGPS_MODULE");
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (KeyValuePair<string, string?> variable in environment)
            {
                if (variable.Value == null)
                {
                    start.Environment.Remove(variable.Key);
                }
                else
                {
                    start.Environment[variable.Key] = variable.Value;
                }
            }
            return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        }

        /// <summary>Text with \n line ends.</summary>
        public static string Normalize(string text) => text.Replace("\r\n", "\n");

        private static string DotnetExecutable()
        {
            // Set by the dotnet CLI for the processes it starts (dotnet test); otherwise dotnet on the PATH.
            string? fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(fromCli) && File.Exists(fromCli) ? fromCli : "dotnet";
        }

        private static string FindHost()
        {
            string? path = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "ListingPsHostPath")?.Value;
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                throw new InvalidOperationException($"The host is not built at '{path}': build src/ListingPs.Host with the tests' configuration.");
            }
            return path;
        }

        private static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(Path.GetDirectoryName(HostPath)!); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ListingPs.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("ListingPs.sln not found above " + HostPath);
        }
    }
}
