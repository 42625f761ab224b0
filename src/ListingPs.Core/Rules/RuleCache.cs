using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ListingPs.Core.Rules
{
    /// <summary>
    /// Keeps loaded rule sets so that each cmdlet call does not parse the YAML again. A cached set is returned while none of
    /// its files changed: the stamp compares every file's path, last write time (UTC) and length, and since folders are
    /// expanded afresh on every call, a rule file added to or removed from a folder counts as a change too. A load that fails
    /// is not cached. Thread-safe.
    /// </summary>
    public static class RuleCache
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, (string Stamp, RuleSet Rules)> Cache = new Dictionary<string, (string, RuleSet)>(StringComparer.Ordinal);

        /// <summary>The rule set of <paramref name="paths"/>: the cached one while its files are unchanged, else freshly loaded with <see cref="RuleLoader.Load"/>.</summary>
        /// <param name="paths">Rule files and folders, usually from <see cref="RuleLoader.ResolvePaths(string?, string)"/>.</param>
        /// <exception cref="ListingPsException">As <see cref="RuleLoader.Load"/>.</exception>
        public static RuleSet Get(IReadOnlyList<string> paths)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            var key = string.Join("\n", paths);
            var stamp = Stamp(paths);
            if (stamp != null)
            {
                lock (Gate)
                {
                    if (Cache.TryGetValue(key, out var hit) && hit.Stamp == stamp) return hit.Rules;
                }
            }
            // Loaded outside the lock: a slow load does not hold up other paths. Should a file change while it loads, the
            // stamp taken before no longer matches and the next call loads again.
            var rules = RuleLoader.Load(paths);
            if (stamp != null)
            {
                lock (Gate) Cache[key] = (stamp, rules);
            }
            return rules;
        }

        /// <summary>Drops every cached rule set.</summary>
        public static void Clear()
        {
            lock (Gate) Cache.Clear();
        }

        /// <summary>Every rule file's path, write time and length; null when the paths cannot be expanded (Load then reports why).</summary>
        private static string? Stamp(IReadOnlyList<string> paths)
        {
            var sb = new StringBuilder();
            try
            {
                foreach (var file in RuleLoader.ExpandFiles(paths))
                {
                    var info = new FileInfo(file);
                    sb.Append(file).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('|').Append(info.Exists ? info.Length : -1).Append('\n');
                }
            }
            catch (Exception ex) when (ex is ListingPsException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
            return sb.ToString();
        }
    }
}
