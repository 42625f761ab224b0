using System;
using System.Collections.Generic;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ListingPs.Core.Rules
{
    /// <summary>Typed reads of the YAML nodes of one rule file; every failure is a <see cref="RuleFileException"/> at the node's line and column.</summary>
    internal sealed class YamlNodeReader
    {
        public YamlNodeReader(string file) { File = file; }

        /// <summary>The rule file the nodes come from.</summary>
        public string File { get; }

        /// <summary>An error at <paramref name="node"/>'s start.</summary>
        public RuleFileException Error(YamlNode node, string message) =>
            new RuleFileException(File, node.Start.Line, node.Start.Column, message);

        /// <summary>"file:line:column" of <paramref name="node"/>, for messages that name a second place.</summary>
        public string Where(YamlNode node) => File + ":" + node.Start.Line + ":" + node.Start.Column;

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, what + " must be a mapping (key: value lines or { key: value }), not " + Kind(node) + ".");

        public YamlSequenceNode Sequence(YamlNode node, string what) =>
            node as YamlSequenceNode ?? throw Error(node, what + " must be a list (- item lines or [a, b]), not " + Kind(node) + ".");

        /// <summary>A non-empty text value, trimmed.</summary>
        public string Text(YamlNode node, string what)
        {
            if (!(node is YamlScalarNode s) || s.Value == null) throw Error(node, what + " must be text, not " + Kind(node) + ".");
            var v = s.Value.Trim();
            if (v.Length == 0) throw Error(node, what + " must not be empty.");
            return v;
        }

        /// <summary>A three-letter ISO 4217 code, upper-cased.</summary>
        public string CurrencyCode(YamlNode node, string what)
        {
            var code = Text(node, what).ToUpperInvariant();
            if (code.Length != 3 || !(char.IsLetter(code[0]) && char.IsLetter(code[1]) && char.IsLetter(code[2])))
                throw Error(node, "'" + code + "' is not a three-letter currency code (" + what + ").");
            return code;
        }

        /// <summary>
        /// A decimal number written with a '.' (5.0942). By default it must be greater than zero; <paramref name="allowZero"/>
        /// also accepts zero; <paramref name="positive"/> = false accepts any sign.
        /// </summary>
        public decimal Decimal(YamlNode node, string what, bool positive = true, bool allowZero = false)
        {
            if (!(node is YamlScalarNode s) || s.Value == null ||
                !decimal.TryParse(s.Value.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
                throw Error(node, what + " must be a number written with a '.' (e.g. 5.0942), not " + Shown(node) + ".");
            if (positive && (d < 0 || (d == 0 && !allowZero)))
                throw Error(node, what + " must be greater than " + (allowZero ? "or equal to " : "") + "zero (got " + s.Value.Trim() + ").");
            return d;
        }

        /// <summary>true / false (also yes / no), any case.</summary>
        public bool Bool(YamlNode node, string what)
        {
            var v = (node as YamlScalarNode)?.Value?.Trim().ToLowerInvariant();
            if (v == "true" || v == "yes") return true;
            if (v == "false" || v == "no") return false;
            throw Error(node, what + " must be true or false, not " + Shown(node) + ".");
        }

        /// <summary>A calendar date written yyyy-MM-dd.</summary>
        public DateTime Date(YamlNode node, string what)
        {
            var v = (node as YamlScalarNode)?.Value?.Trim();
            if (v != null && DateTime.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            throw Error(node, what + " must be a date written yyyy-MM-dd, not " + Shown(node) + ".");
        }

        /// <summary>An enum member by name, any case; '-', '_' and spaces are ignored (half-down = HalfDown). Numbers are refused.</summary>
        public T Enum<T>(YamlNode node, string what) where T : struct
        {
            var v = Text(node, what).Replace("-", "").Replace("_", "").Replace(" ", "");
            if (!int.TryParse(v, out _) && System.Enum.TryParse<T>(v, true, out var e) && System.Enum.IsDefined(typeof(T), e)) return e;
            throw Error(node, what + " must be one of " + string.Join(", ", System.Enum.GetNames(typeof(T))) + " (got '" + ((YamlScalarNode)node).Value + "').");
        }

        /// <summary>A list of non-empty texts.</summary>
        public List<string> Strings(YamlNode node, string what)
        {
            var list = new List<string>();
            foreach (var item in Sequence(node, what)) list.Add(Text(item, "A " + what + " entry"));
            return list;
        }

        /// <summary>Every key must be one of <paramref name="allowed"/> (case-sensitive); returns the entries by key name.</summary>
        public Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Keys(YamlMappingNode map, string what, params string[] allowed)
        {
            var result = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
            foreach (var entry in map.Children)
            {
                var key = entry.Key as YamlScalarNode;
                if (key?.Value == null) throw Error(entry.Key, "Keys of " + what + " must be text.");
                if (Array.IndexOf(allowed, key.Value) < 0)
                {
                    var hint = Closest(key.Value, allowed);
                    throw Error(key, "Unknown key '" + key.Value + "' in " + what + "." + (hint != null ? " Did you mean '" + hint + "'?" : "")
                        + " Allowed: " + string.Join(", ", allowed) + ".");
                }
                if (result.ContainsKey(key.Value)) throw Error(key, "Key '" + key.Value + "' appears twice in " + what + ".");
                result[key.Value] = (key, entry.Value);
            }
            return result;
        }

        /// <summary>The value of a required key, or an error at the owning node.</summary>
        public YamlNode Required(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, YamlNode owner, string key, string what)
        {
            if (keys.TryGetValue(key, out var e)) return e.Value;
            throw Error(owner, what + " needs '" + key + "'.");
        }

        /// <summary>The allowed key a typo most likely meant: same letters in another case, or at most two edits away.</summary>
        internal static string? Closest(string key, string[] allowed)
        {
            string? best = null;
            var bestDistance = int.MaxValue;
            foreach (var a in allowed)
            {
                var d = Distance(key.ToLowerInvariant(), a.ToLowerInvariant());
                if (d < bestDistance) { best = a; bestDistance = d; }
            }
            return bestDistance <= Math.Min(2, key.Length / 3) ? best : null;
        }

        /// <summary>Edit distance counting insertions, deletions, substitutions and swaps of neighbours.</summary>
        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
            return d[a.Length, b.Length];
        }

        private static string Kind(YamlNode node) =>
            node is YamlMappingNode ? "a mapping" : node is YamlSequenceNode ? "a list" : node is YamlScalarNode s ? "'" + s.Value + "'" : "a " + node.NodeType;

        private static string Shown(YamlNode node) =>
            node is YamlScalarNode s ? "'" + s.Value + "'" : Kind(node);
    }
}
