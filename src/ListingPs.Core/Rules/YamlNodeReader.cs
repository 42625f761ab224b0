using System;
using System.Collections.Generic;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ListingPs.Core.Rules
{
    /// <summary>Typed reads of YAML nodes that fail with the file, line and column of the node.</summary>
    internal sealed class YamlNodeReader
    {
        public YamlNodeReader(string file) { File = file; }

        public string File { get; }

        public RuleFileException Error(YamlNode node, string message) =>
            new RuleFileException(File, node.Start.Line, node.Start.Column, message);

        public string Where(YamlNode node) => File + ":" + node.Start.Line + ":" + node.Start.Column;

        public YamlMappingNode Map(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, what + " must be a mapping (key: value lines).");

        public YamlSequenceNode Seq(YamlNode node, string what) =>
            node as YamlSequenceNode ?? throw Error(node, what + " must be a list.");

        public string Str(YamlNode node, string what)
        {
            if (!(node is YamlScalarNode s) || s.Value == null) throw Error(node, what + " must be text.");
            var v = s.Value.Trim();
            if (v.Length == 0) throw Error(node, what + " must not be empty.");
            return v;
        }

        public decimal Dec(YamlNode node, string what, bool positive = true, bool allowZero = false)
        {
            if (!(node is YamlScalarNode s) || s.Value == null ||
                !decimal.TryParse(s.Value.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
                throw Error(node, what + " must be a number (e.g. 5.0942).");
            if (positive && (d < 0 || (d == 0 && !allowZero)))
                throw Error(node, what + " must be greater than " + (allowZero ? "or equal to " : "") + "zero (got " + s.Value.Trim() + ").");
            return d;
        }

        public bool Bool(YamlNode node, string what)
        {
            var v = (node as YamlScalarNode)?.Value?.Trim().ToLowerInvariant();
            if (v == "true" || v == "yes") return true;
            if (v == "false" || v == "no") return false;
            throw Error(node, what + " must be true or false.");
        }

        public DateTime Date(YamlNode node, string what)
        {
            var v = (node as YamlScalarNode)?.Value?.Trim();
            if (v != null && DateTime.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            throw Error(node, what + " must be a date written yyyy-MM-dd.");
        }

        public T Enum<T>(YamlNode node, string what) where T : struct
        {
            var v = Str(node, what).Replace("-", "").Replace("_", "").Replace(" ", "");
            if (System.Enum.TryParse<T>(v, true, out var e) && System.Enum.IsDefined(typeof(T), e) && !int.TryParse(v, out _)) return e;
            throw Error(node, what + " must be one of " + string.Join(", ", System.Enum.GetNames(typeof(T))) + " (got '" + ((YamlScalarNode)node).Value + "').");
        }

        public List<string> Strings(YamlNode node, string what)
        {
            var list = new List<string>();
            foreach (var item in Seq(node, what)) list.Add(Str(item, what + " entry"));
            return list;
        }

        /// <summary>Every key must be one of <paramref name="allowed"/>; returns the entries by key name.</summary>
        public Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Keys(YamlMappingNode map, string what, params string[] allowed)
        {
            var result = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
            foreach (var entry in map.Children)
            {
                var key = entry.Key as YamlScalarNode;
                if (key?.Value == null) throw Error(entry.Key, "Keys of " + what + " must be text.");
                if (Array.IndexOf(allowed, key.Value) < 0)
                    throw Error(key, "Unknown key '" + key.Value + "' in " + what + ". Allowed: " + string.Join(", ", allowed) + ".");
                if (result.ContainsKey(key.Value)) throw Error(key, "Key '" + key.Value + "' appears twice in " + what + ".");
                result[key.Value] = (key, entry.Value);
            }
            return result;
        }

        public YamlNode Required(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, YamlNode owner, string key, string what)
        {
            if (keys.TryGetValue(key, out var e)) return e.Value;
            throw Error(owner, what + " needs '" + key + "'.");
        }
    }
}
