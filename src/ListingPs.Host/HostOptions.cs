using System;
using System.Collections.Generic;
using System.IO;

namespace ListingPs.Host
{
    /// <summary>
    /// The host's command line: host options first (<c>-Module</c>, <c>-NoModule</c>, <c>-Command</c>, <c>-File</c>,
    /// <c>-Help</c>), then the script path and the script's own arguments, which are passed on untouched.
    /// Option names are case-insensitive and may start with <c>-</c> or <c>--</c>.
    /// </summary>
    public sealed class HostOptions
    {
        private HostOptions(string? modulePath, bool noModule, bool showHelp, string? scriptPath, string? commandText, IReadOnlyList<string> scriptArguments)
        {
            ModulePath = modulePath;
            NoModule = noModule;
            ShowHelp = showHelp;
            ScriptPath = scriptPath;
            CommandText = commandText;
            ScriptArguments = scriptArguments;
        }

        /// <summary>The module given with <c>-Module</c> (a manifest or the folder holding ListingPs.psd1), if any.</summary>
        public string? ModulePath { get; }

        /// <summary><c>-NoModule</c>: run without importing ListingPs.</summary>
        public bool NoModule { get; }

        /// <summary><c>-Help</c> or <c>-?</c>: print the usage and exit.</summary>
        public bool ShowHelp { get; }

        /// <summary>The script to run, as given (relative to the current directory); null with <c>-Command</c>.</summary>
        public string? ScriptPath { get; }

        /// <summary>The full path of <see cref="ScriptPath"/>, relative paths taken from the current directory.</summary>
        public string? FullScriptPath => ScriptPath == null ? null : Path.GetFullPath(ScriptPath);

        /// <summary>The script text of <c>-Command</c>; null when a script file runs.</summary>
        public string? CommandText { get; }

        /// <summary>The arguments after the script path, for the script's parameters.</summary>
        public IReadOnlyList<string> ScriptArguments { get; }

        /// <summary>The usage text printed by <c>-Help</c>.</summary>
        public static string Usage =>
            """
            ListingPs.Host: runs a PowerShell script with the ListingPs module imported, on the PowerShell 7.6 engine hosted
            in-process (for machines without pwsh). Behaves like pwsh -File / pwsh -Command, unattended.

            Usage:
              ListingPs.Host [host options] [-File] <script.ps1> [script arguments...]
              ListingPs.Host [host options] -Command <script text...>
              dotnet run --project src/ListingPs.Host -c Release -- <script.ps1> [script arguments...]

            Host options (before the script path; -- ends them):
              -Module <path>   The module to import: ListingPs.psd1 or the folder holding it. Default: $env:LISTINGPS_MODULE,
                               else out/ListingPs/ListingPs.psd1 found upward from the current directory, then upward from
                               the host's own folder (run `dotnet build -c Release` first to lay it out).
              -NoModule        Do not import ListingPs.
              -Command, -c     Run the rest of the command line, joined with spaces, as script text.
              -File, -f        The next argument is the script path (optional).
              -Help, -h, -?    Show this text.

            Script arguments bind as with pwsh -File: positional values, -Name value, -Name:value, switches (-Force,
            -Force:$false). $PSScriptRoot, $PSCommandPath and $MyInvocation describe the script file.

            Output is formatted through Out-Default with the module's views. WARNING:, VERBOSE:, DEBUG: and information
            messages go to stdout and follow the preference variables and -Verbose/-Debug; errors go to stderr with their
            position, category and error id. Progress is drawn on stderr only when stdout is a terminal. The host never
            prompts: Read-Host, confirmation and credential prompts fail with a HostIsNonInteractive error (pass -Force or
            -Confirm:$false in runbooks). Ctrl+C stops the running pipeline.

            Exit codes:
              0    the script ran to its end (non-terminating errors do not change the exit code)
              N    the script ran `exit N`
              1    unhandled terminating error (throw, -ErrorAction Stop), or the script does not parse;
                   with -Command, also when the last statement failed ($? false), as pwsh -Command
              2    the ListingPs module was not found or could not be imported
              64   bad host arguments, or the script file does not exist
              130  stopped with Ctrl+C
            """;

        /// <summary>Parses the host's command line.</summary>
        /// <exception cref="HostUsageException">An unknown option, an option without its value, or nothing to run.</exception>
        public static HostOptions Parse(IReadOnlyList<string> args)
        {
            string? modulePath = null;
            bool noModule = false;
            int i = 0;
            while (i < args.Count)
            {
                string arg = args[i];
                if (arg == "--")
                {
                    i++;
                    break;
                }
                if (!IsOption(arg))
                {
                    break;
                }
                switch (OptionName(arg))
                {
                    case "help":
                    case "h":
                    case "?":
                        return new HostOptions(modulePath, noModule, true, null, null, Array.Empty<string>());
                    case "module":
                    case "m":
                        modulePath = ValueOf(args, i, arg);
                        i += 2;
                        break;
                    case "nomodule":
                        noModule = true;
                        i++;
                        break;
                    case "command":
                    case "c":
                        if (i + 1 >= args.Count)
                        {
                            throw new HostUsageException($"{arg} needs the script text to run.");
                        }
                        string text = string.Join(" ", Slice(args, i + 1));
                        return new HostOptions(modulePath, noModule, false, null, text, Array.Empty<string>());
                    case "file":
                    case "f":
                        string file = ValueOf(args, i, arg);
                        return new HostOptions(modulePath, noModule, false, file, null, Slice(args, i + 2));
                    default:
                        throw new HostUsageException($"Unknown host option '{arg}'. Host options come before the script path; use -- before a script path that starts with '-'.");
                }
            }
            if (i >= args.Count)
            {
                throw new HostUsageException("No script to run: give a script path or -Command <text>.");
            }
            return new HostOptions(modulePath, noModule, false, args[i], null, Slice(args, i + 1));
        }

        private static bool IsOption(string arg) =>
            arg.Length > 1 && (arg[0] == '-' || (arg == "/?"));

        private static string OptionName(string arg) =>
            arg == "/?" ? "?" : arg.TrimStart('-').ToLowerInvariant();

        private static string ValueOf(IReadOnlyList<string> args, int index, string option)
        {
            if (index + 1 >= args.Count || args[index + 1].Length == 0)
            {
                throw new HostUsageException($"{option} needs a value.");
            }
            return args[index + 1];
        }

        private static IReadOnlyList<string> Slice(IReadOnlyList<string> args, int start)
        {
            var rest = new List<string>();
            for (int i = start; i < args.Count; i++)
            {
                rest.Add(args[i]);
            }
            return rest;
        }
    }
}
