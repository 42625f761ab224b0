using System.Data.Common;
using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// An offer id filter (exact ids and PowerShell wildcards) turned into conditions that let SQLite seek: exact ids become
    /// an IN list, a pattern with a literal prefix becomes a range per ASCII case form of the prefix (LIKE is ASCII
    /// case-insensitive), with the LIKE kept as an extra filter when the range alone would match more than the pattern.
    /// Each condition is one arm of a compound SELECT (the arms are merged in id order by SQLite); a pattern without a
    /// literal prefix (<c>*-1</c>) leaves the filter as one LIKE/IN condition over the whole range, as before.
    /// </summary>
    internal sealed class IdFilter
    {
        /// <summary>Case forms of at most this many letters of a prefix become ranges (2^3 = 8 ranges); the rest of the prefix is left to the LIKE.</summary>
        internal const int MaxCaseLetters = 3;

        internal sealed class Range
        {
            public Range(string lo, string? hi, string? like) { Lo = lo; Hi = hi; Like = like; }
            /// <summary>Inclusive lower bound.</summary>
            public string Lo { get; }
            /// <summary>Exclusive upper bound; null: none.</summary>
            public string? Hi { get; }
            /// <summary>The pattern's LIKE, when the range alone would match more than the pattern.</summary>
            public string? Like { get; }
        }

        private readonly IReadOnlyList<string> _source;

        private IdFilter(IReadOnlyList<string> source) { _source = source; }

        /// <summary>Exact ids (sorted in SQLite's BINARY order, distinct).</summary>
        internal List<string> Exact { get; } = new List<string>();

        internal List<Range> Ranges { get; } = new List<Range>();

        /// <summary>A pattern without a usable literal prefix: the filter is one condition over the whole id range.</summary>
        internal bool Scan { get; private set; }

        /// <summary>Exact ids only, no pattern.</summary>
        internal bool ExactOnly => !Scan && Ranges.Count == 0;

        /// <summary>The arms may overlap (several ids or patterns): the compound must be a UNION, not UNION ALL.</summary>
        internal bool MayOverlap => _source.Count > 1;

        /// <summary>The filter, or null when there is none.</summary>
        internal static IdFilter? Parse(IReadOnlyList<string>? ids)
        {
            if (ids == null || ids.Count == 0) return null;
            var f = new IdFilter(ids);
            var exact = new SortedSet<string>(StoredText.BinaryOrder);
            foreach (var id in ids)
            {
                int wild = id.IndexOfAny(Wildcards);
                if (wild < 0) { exact.Add(id); continue; }
                if (wild == 0 || HasLoneSurrogate(id, wild)) { f.Scan = true; continue; }
                string prefix = id.Substring(0, wild);
                bool onlyTrailingStars = true;
                for (int i = wild; i < id.Length; i++) if (id[i] != '*') { onlyTrailingStars = false; break; }
                var letters = new List<int>();
                for (int i = 0; i < prefix.Length; i++) if (IsAsciiLetter(prefix[i])) letters.Add(i);
                bool truncated = letters.Count > MaxCaseLetters;
                if (truncated) prefix = prefix.Substring(0, letters[MaxCaseLetters]);
                int k = Math.Min(letters.Count, MaxCaseLetters);
                string? like = onlyTrailingStars && !truncated ? null : WorkspaceStore.ToLike(id);
                var chars = prefix.ToCharArray();
                for (int mask = 0; mask < 1 << k; mask++)
                {
                    for (int b = 0; b < k; b++)
                    {
                        char c = chars[letters[b]];
                        chars[letters[b]] = (mask & (1 << b)) != 0 ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
                    }
                    var lo = new string(chars);
                    var hi = Successor(lo);
                    f.Ranges.Add(new Range(lo, hi, hi == null ? WorkspaceStore.ToLike(id) : like));
                }
            }
            f.Exact.AddRange(exact);
            return f;
        }

        private static readonly char[] Wildcards = { '*', '?' };

        private static bool IsAsciiLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

        private static bool HasLoneSurrogate(string s, int end)
        {
            for (int i = 0; i < end; i++)
            {
                if (char.IsHighSurrogate(s[i]))
                {
                    if (i + 1 >= end || !char.IsLowSurrogate(s[i + 1])) return true;
                    i++;
                }
                else if (char.IsLowSurrogate(s[i])) return true;
            }
            return false;
        }

        /// <summary>
        /// The least string above every string that starts with <paramref name="prefix"/>, in code point order: the prefix with
        /// its last code point incremented (dropping trailing U+10FFFF); null when there is none.
        /// </summary>
        internal static string? Successor(string prefix)
        {
            int end = prefix.Length;
            while (end > 0)
            {
                char last = prefix[end - 1];
                if (char.IsLowSurrogate(last) && end >= 2 && char.IsHighSurrogate(prefix[end - 2]))
                {
                    int cp = char.ConvertToUtf32(prefix[end - 2], last);
                    if (cp < 0x10FFFF) return prefix.Substring(0, end - 2) + char.ConvertFromUtf32(cp + 1);
                    end -= 2;
                    continue;
                }
                string next = last == '\uD7FF' ? "\uE000" : last == '\uFFFF' ? char.ConvertFromUtf32(0x10000) : ((char)(last + 1)).ToString();
                return prefix.Substring(0, end - 1) + next;
            }
            return null;
        }

        /// <summary>
        /// The conditions on <paramref name="column"/>, one per arm of the compound SELECT, each with the keyset cursor
        /// (only ids after <paramref name="after"/>) folded in; an empty list when nothing after the cursor can match. With
        /// <paramref name="maxArms"/> or fewer arms possible, ranges become arms; above, the filter is one condition.
        /// </summary>
        internal List<string> Conditions(DbCommand cmd, string column, string? after, int maxArms)
        {
            var result = new List<string>();
            int arms = (Exact.Count > 0 ? 1 : 0) + Ranges.Count;
            if (Scan || arms > maxArms)
            {
                var where = new List<string>();
                WorkspaceStore.AddIdFilter(cmd, where, column, _source);
                if (after != null)
                {
                    where.Add(column + " > @after");
                    cmd.Parameters.AddWithValue("@after", after);
                }
                result.Add(string.Join(" AND ", where));
                return result;
            }
            if (Exact.Count > 0)
            {
                var names = new List<string>();
                foreach (var id in Exact)
                {
                    if (after != null && StoredText.CompareBinary(id, after) <= 0) continue;
                    var name = "@id" + names.Count;
                    cmd.Parameters.AddWithValue(name, id);
                    names.Add(name);
                }
                if (names.Count == 1) result.Add(column + " = " + names[0]);
                else if (names.Count > 1) result.Add(column + " IN (" + string.Join(",", names) + ")");
            }
            bool afterAdded = false;
            for (int i = 0; i < Ranges.Count; i++)
            {
                var r = Ranges[i];
                if (after != null && r.Hi != null && StoredText.CompareBinary(after, r.Hi) >= 0) continue;
                var sb = new StringBuilder();
                if (after != null && StoredText.CompareBinary(after, r.Lo) >= 0)
                {
                    if (!afterAdded) { cmd.Parameters.AddWithValue("@after", after); afterAdded = true; }
                    sb.Append(column).Append(" > @after");
                }
                else
                {
                    cmd.Parameters.AddWithValue("@lo" + i, r.Lo);
                    sb.Append(column).Append(" >= @lo").Append(i);
                }
                if (r.Hi != null)
                {
                    cmd.Parameters.AddWithValue("@hi" + i, r.Hi);
                    sb.Append(" AND ").Append(column).Append(" < @hi").Append(i);
                }
                if (r.Like != null)
                {
                    cmd.Parameters.AddWithValue("@rlike" + i, r.Like);
                    sb.Append(" AND ").Append(column).Append(" ").Append(WorkspaceStore.Like(cmd)).Append(" @rlike").Append(i).Append(" ESCAPE '\\'");
                }
                result.Add(sb.ToString());
            }
            return result;
        }

        /// <summary>Conditions when there may be no filter: the cursor alone (or nothing) then.</summary>
        internal static List<string> ConditionsOf(IdFilter? filter, DbCommand cmd, string column, string? after, int maxArms)
        {
            if (filter != null) return filter.Conditions(cmd, column, after, maxArms);
            if (after == null) return new List<string> { "" };
            cmd.Parameters.AddWithValue("@after", after);
            return new List<string> { column + " > @after" };
        }
    }
}
