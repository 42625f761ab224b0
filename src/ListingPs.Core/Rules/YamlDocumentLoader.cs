using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ListingPs.Core.Rules
{
    /// <summary>
    /// Reads a YAML text into a <see cref="YamlStream"/> for the rule loaders, and turns every parser failure into a
    /// <see cref="RuleFileException"/> that names the file, line and column. YamlDotNet reports most syntax errors as a
    /// <see cref="YamlException"/> with a position; a few (a flow collection left open at the end of a line, for one) come
    /// out as an InvalidOperationException of its scanner with no position: those are reported at the innermost [ or { still
    /// open (the usual cause), or else at the scanner's position. Rule files are data, so what YAML offers beyond data is
    /// refused at its position: aliases (*name, which could expand a small file into billions of nodes), type tags other
    /// than the core schema's (!!python/..., !&lt;tag:...&gt;: nothing is ever instantiated from a tag), values longer
    /// than <see cref="MaxScalarLength"/> characters, and lists and mappings nested deeper than <see cref="MaxDepth"/> levels
    /// (YamlStream builds its nodes recursively: some thousands of [ in a row overflowed the stack and ended the process).
    /// A file must be UTF-8 (a BOM is allowed).
    /// </summary>
    internal static class YamlDocumentLoader
    {
        /// <summary>YamlException messages start with "(Line: 1, Col: 2, Idx: 3) - (Line: ...): "; the position is reported separately.</summary>
        private static readonly Regex MarkPrefix = new Regex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant);

        /// <summary>The longest value a rule file may hold, in characters.</summary>
        public const int MaxScalarLength = 1000;

        /// <summary>The deepest nesting of lists and mappings a rule file may hold (the shipped files need 5).</summary>
        public const int MaxDepth = 64;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>Reads a rule file: UTF-8 text (with or without a BOM), loaded as <see cref="Load"/> does.</summary>
        public static YamlStream LoadFile(string file)
        {
            var bytes = File.ReadAllBytes(file);
            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            if (bytes.Length >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF))
                throw new RuleFileException(file, 1, 1, "The file is UTF-16 text; rule files are UTF-8: save it again as UTF-8.");
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException)
            {
                var (line, column) = FirstInvalidUtf8(bytes, start);
                throw new RuleFileException(file, line, column, "The file is not UTF-8 text here (a byte no UTF-8 character starts or continues with); save it again as UTF-8.");
            }
            using var reader = new StringReader(text);
            return Load(reader, file);
        }

        /// <summary>The 1-based line and column (in characters) of the first byte sequence that is not UTF-8.</summary>
        private static (long Line, long Column) FirstInvalidUtf8(byte[] bytes, int start)
        {
            long line = 1, column = 1;
            for (var i = start; i < bytes.Length;)
            {
                var b = bytes[i];
                var length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
                if (length == 0 || i + length > bytes.Length || !IsUtf8(bytes, i, length)) return (line, column);
                if (b == (byte)'\n') { line++; column = 1; }
                else column++;
                i += length;
            }
            return (line, column);
        }

        /// <summary>Whether the bytes are one UTF-8 character (continuation bytes, no overlong form, no surrogate).</summary>
        private static bool IsUtf8(byte[] bytes, int index, int count)
        {
            try { StrictUtf8.GetCharCount(bytes, index, count); return true; }
            catch (DecoderFallbackException) { return false; }
        }

        /// <summary>Loads <paramref name="text"/>; <paramref name="name"/> names it in errors.</summary>
        public static YamlStream Load(TextReader text, string name)
        {
            var scanner = new Scanner(new DirectiveRefusingReader(text, line => new RuleFileException(name, line, 1,
                "YAML directives (%...) are not read in rule files; remove the line.")));
            var parser = new DataOnlyParser(new Parser(scanner), name);
            var stream = new YamlStream();
            try
            {
                stream.Load(parser);
            }
            catch (YamlException ex)
            {
                throw new RuleFileException(name, Math.Max(1, ex.Start.Line), Math.Max(1, ex.Start.Column), "YAML syntax error: " + MarkPrefix.Replace(ex.Message, ""));
            }
            catch (ArgumentException ex)
            {
                // Found by bench/AflFuzz: an escape that stands for no character ("\ud800" alone) and a tag that is not
                // valid (!<>, !!+[) come out of YamlDotNet's scanner and parser without a position: reported where the
                // scanner stopped, just after the fault.
                var at = scanner.CurrentPosition;
                throw new RuleFileException(name, Math.Max(1, at.Line), Math.Max(1, at.Column), ex is ArgumentOutOfRangeException
                    ? "YAML syntax error: an escape sequence before this point stands for no character (such as a lone \\ud800)."
                    : "YAML syntax error: a type tag (!...) before this point is not valid; rule files hold plain values, lists and mappings.");
            }
            catch (InvalidOperationException)
            {
                var open = parser.InnermostOpenFlow;
                if (open != null)
                {
                    var bracket = open is SequenceStart ? "[" : "{";
                    throw new RuleFileException(name, Math.Max(1, open.Start.Line), Math.Max(1, open.Start.Column),
                        "YAML syntax error: this " + bracket + " is not closed.");
                }
                var at = scanner.CurrentPosition;
                throw new RuleFileException(name, Math.Max(1, at.Line), Math.Max(1, at.Column),
                    "YAML syntax error: the text cannot be read from here on; look for an unclosed [ or { or quote on this line or above.");
            }
            return stream;
        }

        /// <summary>
        /// Passes the parser's events through, refuses what is not plain data (aliases, foreign tags, over-long values), and
        /// keeps the collections opened and not yet closed.
        /// </summary>
        private sealed class DataOnlyParser : IParser
        {
            /// <summary>The core schema's tags (!!str, !!int, ...): the only ones a rule file may carry.</summary>
            private static readonly HashSet<string> CoreTags = new HashSet<string>(StringComparer.Ordinal)
            {
                "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
            };
            private readonly IParser _inner;
            private readonly string _name;
            private readonly List<ParsingEvent> _open = new List<ParsingEvent>();
            private readonly List<int> _children = new List<int>();
            private readonly List<ParsingEvent?> _lastKey = new List<ParsingEvent?>();

            public DataOnlyParser(IParser inner, string name)
            {
                _inner = inner;
                _name = name;
            }

            public ParsingEvent? Current => _inner.Current;

            /// <summary>The innermost flow collection ([...] or {...}) opened and not closed, or null.</summary>
            public ParsingEvent? InnermostOpenFlow
            {
                get
                {
                    for (var i = _open.Count - 1; i >= 0; i--)
                    {
                        if (_open[i] is SequenceStart s && s.Style == YamlDotNet.Core.Events.SequenceStyle.Flow) return s;
                        if (_open[i] is MappingStart m && m.Style == YamlDotNet.Core.Events.MappingStyle.Flow) return m;
                    }
                    return null;
                }
            }

            public bool MoveNext()
            {
                var moved = _inner.MoveNext();
                var current = _inner.Current;
                if (current is AnchorAlias alias)
                    throw Refuse(alias, "Aliases (*" + alias.Value + ") are not read in rule files; write the value out where it is used.");
                if (current is NodeEvent node && !node.Tag.IsEmpty && !node.Tag.IsNonSpecific && !CoreTags.Contains(node.Tag.Value))
                    throw Refuse(node, "The type tag " + Shorten(node.Tag.Value) + " is not read in rule files; rule files hold plain values, lists and mappings.");
                if (current is Scalar scalar && scalar.Value.Length > MaxScalarLength)
                    throw Refuse(scalar, "A value of " + scalar.Value.Length + " characters; rule values are at most " + MaxScalarLength + " characters.");
                if (current is NodeEvent && _open.Count > 0)
                {
                    var parent = _open.Count - 1;
                    _children[parent]++;
                    if (_open[parent] is MappingStart && _children[parent] % 2 == 1) _lastKey[parent] = current;
                }
                switch (current)
                {
                    case SequenceStart _:
                    case MappingStart _:
                        if (_open.Count >= MaxDepth)
                            throw Refuse(current, "Lists and mappings are nested more than " + MaxDepth + " levels deep here; rule files nest a few levels.");
                        _open.Add(current);
                        _children.Add(0);
                        _lastKey.Add(null);
                        break;
                    case SequenceEnd _:
                    case MappingEnd _:
                        if (_open.Count == 0) break;
                        var last = _open.Count - 1;
                        // YamlDotNet's parser can end a mapping after a key whose value it dropped ("- : a }"): refused at
                        // that key, before the loader fails on the odd count.
                        if (current is MappingEnd && _children[last] % 2 == 1 && _lastKey[last] is ParsingEvent key)
                            throw Refuse(key, "YAML syntax error: the value of this key cannot be read; look for a stray ] } or : on this line.");
                        _open.RemoveAt(last);
                        _children.RemoveAt(last);
                        _lastKey.RemoveAt(last);
                        break;
                }
                return moved;
            }

            private RuleFileException Refuse(ParsingEvent at, string message) =>
                new RuleFileException(_name, Math.Max(1, at.Start.Line), Math.Max(1, at.Start.Column), message);

            private static string Shorten(string tag) => tag.Length > 60 ? tag.Substring(0, 60) + "..." : tag;
        }
    }
}
