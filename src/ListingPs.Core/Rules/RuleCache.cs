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
    /// is not cached: the rules loaded before from the same paths stay in force (<see cref="Get(IReadOnlyList{string}, out ListingPsException?)"/>
    /// says why they were not replaced), and a first load that fails is an error. Thread-safe.
    /// </summary>
    public static class RuleCache
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, (string Stamp, RuleSet Rules)> Cache = new Dictionary<string, (string, RuleSet)>(StringComparer.Ordinal);

        /// <summary>
        /// The rule set of <paramref name="paths"/>: the cached one while its files are unchanged, else freshly loaded with
        /// <see cref="RuleLoader.Load"/>; a change that does not load leaves the rules loaded before (silently: the other
        /// overload says why).
        /// </summary>
        /// <param name="paths">Rule files and folders, usually from <see cref="RuleLoader.ResolvePaths(string?, string)"/>.</param>
        /// <exception cref="ListingPsException">As <see cref="RuleLoader.Load"/>, when nothing was loaded from these paths before.</exception>
        public static RuleSet Get(IReadOnlyList<string> paths) => Get(paths, out _);

        /// <summary>
        /// As <see cref="Get(IReadOnlyList{string})"/>, except when the files changed since the last good load and no longer
        /// load: then the rules of that last load are returned, and <paramref name="refusedChange"/> says why the change was
        /// not taken (null otherwise). With no earlier load the error is thrown.
        /// </summary>
        public static RuleSet Get(IReadOnlyList<string> paths, out ListingPsException? refusedChange)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            refusedChange = null;
            var key = string.Join("\n", paths);
            var stamp = Stamp(paths);
            (string Stamp, RuleSet Rules) previous;
            lock (Gate)
            {
                if (!Cache.TryGetValue(key, out previous)) previous = (string.Empty, null!);
            }
            if (stamp != null && previous.Rules != null && previous.Stamp == stamp) return previous.Rules;
            // Loaded outside the lock: a slow load does not hold up other paths. Should a file change while it loads, the
            // stamp taken before no longer matches and the next call loads again.
            RuleSet rules;
            try
            {
                rules = RuleLoader.Load(paths);
            }
            catch (ListingPsException ex) when (previous.Rules != null)
            {
                refusedChange = ex;
                return previous.Rules;
            }
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
