using System;
using System.Collections.Generic;
using System.IO;
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
    /// open (the usual cause), or else at the scanner's position.
    /// </summary>
    internal static class YamlDocumentLoader
    {
        /// <summary>YamlException messages start with "(Line: 1, Col: 2, Idx: 3) - (Line: ...): "; the position is reported separately.</summary>
        private static readonly Regex MarkPrefix = new Regex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant);

        /// <summary>Loads <paramref name="text"/>; <paramref name="name"/> names it in errors.</summary>
        public static YamlStream Load(TextReader text, string name)
        {
            var scanner = new Scanner(text);
            var parser = new OpenCollectionTracker(new Parser(scanner));
            var stream = new YamlStream();
            try
            {
                stream.Load(parser);
            }
            catch (YamlException ex)
            {
                throw new RuleFileException(name, Math.Max(1, ex.Start.Line), Math.Max(1, ex.Start.Column), "YAML syntax error: " + MarkPrefix.Replace(ex.Message, ""));
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

        /// <summary>Passes the parser's events through and keeps the collections opened and not yet closed.</summary>
        private sealed class OpenCollectionTracker : IParser
        {
            private readonly IParser _inner;
            private readonly List<ParsingEvent> _open = new List<ParsingEvent>();

            public OpenCollectionTracker(IParser inner) => _inner = inner;

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
                switch (_inner.Current)
                {
                    case SequenceStart _:
                    case MappingStart _:
                        _open.Add(_inner.Current);
                        break;
                    case SequenceEnd _:
                    case MappingEnd _:
                        if (_open.Count > 0) _open.RemoveAt(_open.Count - 1);
                        break;
                }
                return moved;
            }
        }
    }
}
