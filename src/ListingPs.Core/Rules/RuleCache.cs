using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ListingPs.Core.Rules
{
    /// <summary>Keeps loaded rule sets while none of their files (nor the folders' listings) changed. Thread-safe.</summary>
    public static class RuleCache
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, (string Stamp, RuleSet Rules)> Cache = new Dictionary<string, (string, RuleSet)>(StringComparer.Ordinal);

        public static RuleSet Get(IReadOnlyList<string> paths)
        {
            var key = string.Join("\n", paths);
            var stamp = Stamp(paths);
            lock (Gate)
            {
                if (Cache.TryGetValue(key, out var hit) && hit.Stamp == stamp) return hit.Rules;
            }
            var rules = RuleLoader.Load(paths);
            lock (Gate) Cache[key] = (stamp, rules);
            return rules;
        }

        /// <summary>Drops every cached rule set.</summary>
        public static void Clear()
        {
            lock (Gate) Cache.Clear();
        }

        private static string Stamp(IReadOnlyList<string> paths)
        {
            var sb = new StringBuilder();
            try
            {
                foreach (var file in RuleLoader.ExpandFiles(paths))
                {
                    var info = new FileInfo(file);
                    sb.Append(file).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('|').Append(info.Length).Append('\n');
                }
            }
            catch (ListingPsException)
            {
                return Guid.NewGuid().ToString(); // missing path: never a hit, so Load reports it
            }
            return sb.ToString();
        }
    }
}
