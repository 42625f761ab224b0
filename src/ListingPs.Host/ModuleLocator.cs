using System;
using System.Collections.Generic;
using System.IO;

namespace ListingPs.Host
{
    /// <summary>
    /// Finds the ListingPs module manifest to import: <c>-Module</c>, else <c>$env:LISTINGPS_MODULE</c>, else
    /// <c>out/ListingPs/ListingPs.psd1</c> searched upward from the current directory and then from the host's own folder.
    /// </summary>
    public static class ModuleLocator
    {
        /// <summary>The environment variable naming the module (a manifest or its folder).</summary>
        public const string EnvironmentVariable = "LISTINGPS_MODULE";

        /// <summary>The manifest's file name.</summary>
        public const string ManifestName = "ListingPs.psd1";

        private static readonly string RelativeManifest = Path.Combine("out", "ListingPs", ManifestName);

        /// <summary>
        /// The full path of the manifest to import, or null with <paramref name="problem"/> saying what was looked for.
        /// </summary>
        /// <param name="explicitPath">The <c>-Module</c> value, if given.</param>
        /// <param name="problem">Why nothing was found, for the user.</param>
        public static string? Locate(string? explicitPath, out string problem)
        {
            if (!string.IsNullOrEmpty(explicitPath))
            {
                return FromPath(explicitPath, "-Module", out problem);
            }
            string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return FromPath(fromEnvironment, "$env:" + EnvironmentVariable, out problem);
            }
            var searched = new List<string>();
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                string? found = SearchUpward(start);
                if (found != null)
                {
                    problem = string.Empty;
                    return found;
                }
                searched.Add(start);
            }
            problem = $"The ListingPs module was not found: no {RelativeManifest} in or above {string.Join(" or ", searched)}. "
                + "Run `dotnet build -c Release` in the repository first (it lays the module out in out/ListingPs), "
                + $"or point -Module or ${EnvironmentVariable} at ListingPs.psd1.";
            return null;
        }

        private static string? FromPath(string path, string source, out string problem)
        {
            string full = Path.GetFullPath(path);
            string manifest = Directory.Exists(full) ? Path.Combine(full, ManifestName) : full;
            if (File.Exists(manifest))
            {
                problem = string.Empty;
                return manifest;
            }
            problem = $"The ListingPs module given by {source} was not found: {manifest} does not exist. "
                + "Run `dotnet build -c Release` first, or give the path of ListingPs.psd1 (or of its folder).";
            return null;
        }

        private static string? SearchUpward(string start)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RelativeManifest);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            return null;
        }
    }
}
