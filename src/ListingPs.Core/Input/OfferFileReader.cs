using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using CsvHelper;
using CsvHelper.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ListingPs.Core.Input
{
    /// <summary>
    /// Streams offer records from CSV (comma, semicolon or tab separated, header row) or JSON (an array of objects) files.
    /// Column and property names match the offer fields case-insensitively; unknown ones are ignored. Each record names its
    /// file and line, and a file that cannot be read is refused with its line.
    /// </summary>
    public static class OfferFileReader
    {
        public static IEnumerable<OfferFields> Read(string path)
        {
            if (!File.Exists(path))
                throw new ListingPsException(ErrorIds.InputFileInvalid, "The file '" + path + "' does not exist.", ErrorKind.ObjectNotFound);
            var ext = Path.GetExtension(path).ToLowerInvariant();
            return ext == ".json" ? ReadJson(path) : ReadCsv(path);
        }

        private static IEnumerable<OfferFields> ReadCsv(string path)
        {
            string name = Path.GetFileName(path);
            using var stream = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            var config = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                DetectDelimiter = true,
                DetectDelimiterValues = new[] { ",", ";", "\t" },
                MissingFieldFound = null,
                BadDataFound = args => throw new ListingPsException(ErrorIds.InputFileInvalid,
                    name + " line " + args.Context.Parser!.RawRow.ToString(CultureInfo.InvariantCulture) + ": malformed CSV field " + Quote(args.Field) + ".",
                    ErrorKind.InvalidData),
                TrimOptions = TrimOptions.None,
            };
            using var csv = new CsvReader(stream, config);
            if (!csv.Read()) yield break;
            csv.ReadHeader();
            var header = csv.HeaderRecord ?? Array.Empty<string>();
            var map = new int[FieldNames.Length];
            for (int f = 0; f < map.Length; f++) map[f] = -1;
            for (int c = 0; c < header.Length; c++)
            {
                int f = FieldIndex(header[c].Trim());
                if (f >= 0 && map[f] < 0) map[f] = c;
            }
            if (map[0] < 0)
                throw new ListingPsException(ErrorIds.InputFileInvalid, name + " line 1: no OfferId column (columns: " + string.Join(", ", header) + ").", ErrorKind.InvalidData);
            while (true)
            {
                bool more;
                try { more = csv.Read(); }
                catch (CsvHelperException ex) when (!(ex.InnerException is ListingPsException))
                {
                    throw new ListingPsException(ErrorIds.InputFileInvalid,
                        name + " line " + (ex.Context?.Parser?.RawRow ?? 0).ToString(CultureInfo.InvariantCulture) + ": " + ex.Message.Split('\n')[0], ErrorKind.InvalidData, ex);
                }
                if (!more) yield break;
                var values = new string?[FieldNames.Length];
                for (int f = 0; f < map.Length; f++)
                    if (map[f] >= 0) values[f] = map[f] < csv.Parser.Count ? csv.Parser[map[f]] ?? "" : null; // reading the field reports bad data; a short row leaves the rest unsupplied
                yield return Build(values, name + " line " + csv.Parser.RawRow.ToString(CultureInfo.InvariantCulture));
            }
        }

        private static IEnumerable<OfferFields> ReadJson(string path)
        {
            string name = Path.GetFileName(path);
            using var stream = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            var parser = new JsonEvents(new ListingPs.Core.Rules.DirectiveRefusingReader(stream, line => new ListingPsException(ErrorIds.InputFileInvalid,
                name + " line " + line.ToString(CultureInfo.InvariantCulture) + ", column 1: a line that starts with % (a YAML directive); offer files are JSON text.",
                ErrorKind.InvalidData)));
            Expect<StreamStart>(parser, name);
            Expect<DocumentStart>(parser, name);
            var start = Expect<ParsingEvent>(parser, name);
            if (!(start is SequenceStart))
                throw Fail(name, start.Start, "expected an array of offers");
            while (true)
            {
                var ev = Next(parser, name);
                if (ev is SequenceEnd) yield break;
                if (!(ev is MappingStart))
                    throw Fail(name, ev.Start, "expected an offer object");
                var values = new string?[FieldNames.Length];
                var lists = new List<string>?[FieldNames.Length];
                long line = ev.Start.Line;
                while (true)
                {
                    var keyEvent = Next(parser, name);
                    if (keyEvent is MappingEnd) break;
                    if (!(keyEvent is Scalar key)) throw Fail(name, keyEvent.Start, "expected a property name");
                    int f = FieldIndex(key.Value);
                    var value = Next(parser, name);
                    if (value is Scalar s)
                    {
                        if (f >= 0) values[f] = IsNull(s) ? "" : s.Value;
                    }
                    else if (value is SequenceStart)
                    {
                        if (f < 0) { SkipMapping(parser, name); continue; } // an unknown property is ignored whatever its list holds
                        var items = new List<string>();
                        while (true)
                        {
                            var item = Next(parser, name);
                            if (item is SequenceEnd) break;
                            if (!(item is Scalar si)) throw Fail(name, item.Start, "expected text in the list '" + key.Value + "'");
                            if (!IsNull(si)) items.Add(si.Value);
                        }
                        lists[f] = items;
                    }
                    else if (value is MappingStart)
                    {
                        if (f >= 0) throw Fail(name, value.Start, "'" + key.Value + "' must be text, a number, true/false or a list");
                        SkipMapping(parser, name);
                    }
                }
                var fields = Build(values, name + " line " + line.ToString(CultureInfo.InvariantCulture));
                if (lists[DeliveryIndex] != null) fields.DeliveryMethods = lists[DeliveryIndex];
                if (lists[TranslationsIndex] != null) fields.Translations = lists[TranslationsIndex];
                yield return fields;
            }
        }

        private static bool IsNull(Scalar s) => s.Style == ScalarStyle.Plain && (s.Value == "null" || s.Value == "~");

        /// <summary>The deepest nesting of arrays and objects a JSON offer file may hold, the top array being level 1.</summary>
        internal const int MaxJsonDepth = 64;

        /// <summary>
        /// Skips the value of an unknown property (level 3: in an offer in the top array), refusing it past
        /// <see cref="MaxJsonDepth"/> levels: YamlDotNet's scanner revisits every open level at each token, so a value like
        /// {a: {a: {a: ... took minutes for a few hundred kilobytes.
        /// </summary>
        private static void SkipMapping(JsonEvents parser, string name)
        {
            int depth = 1;
            while (depth > 0)
            {
                var ev = Next(parser, name);
                if (ev is MappingStart || ev is SequenceStart)
                {
                    if (++depth + 2 > MaxJsonDepth)
                        throw Fail(name, ev.Start, "arrays and objects are nested more than " + MaxJsonDepth.ToString(CultureInfo.InvariantCulture) + " levels deep here");
                }
                else if (ev is MappingEnd || ev is SequenceEnd) depth--;
            }
        }

        private static T Expect<T>(JsonEvents parser, string name) where T : ParsingEvent
        {
            var ev = Next(parser, name);
            if (ev is T t) return t;
            throw Fail(name, ev.Start, "unexpected " + ev.GetType().Name);
        }

        private static ParsingEvent Next(JsonEvents parser, string name)
        {
            try
            {
                if (!parser.Parser.MoveNext() || parser.Parser.Current == null) throw new ListingPsException(ErrorIds.InputFileInvalid, name + ": the file ends too early.");
                return parser.Parser.Current;
            }
            catch (YamlException ex)
            {
                throw Fail(name, ex.Start, ex.Message);
            }
            catch (ArgumentException ex)
            {
                // Found by bench/AflFuzz: YamlDotNet's scanner and parser throw these without a position on an escape that
                // stands for no character ("\ud800" alone) and on a YAML tag that is not valid (!<>, !!+[): reported where
                // the scanner stopped, just after the fault.
                var at = parser.Scanner.CurrentPosition;
                throw Fail(name, new Mark(at.Index, Math.Max(1, at.Line), Math.Max(1, at.Column)),
                    ex is ArgumentOutOfRangeException ? "an escape sequence before this point stands for no character (such as a lone \\ud800)"
                        : "a YAML tag (!...) before this point is not valid; offer files are JSON text");
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's parser gives up without a position on a few texts (a file that starts with "..."): reported
                // after the last event it read, or at the start.
                var at = parser.Parser.Current?.End;
                throw new ListingPsException(ErrorIds.InputFileInvalid,
                    name + " line " + Math.Max(1, at?.Line ?? 1).ToString(CultureInfo.InvariantCulture) + ", column " +
                    Math.Max(1, at?.Column ?? 1).ToString(CultureInfo.InvariantCulture) + ": not JSON text from here on.", ErrorKind.InvalidData);
            }
        }

        /// <summary>The JSON text's events, and the scanner behind them for the position of a fault the parser gives none for.</summary>
        private sealed class JsonEvents
        {
            public JsonEvents(TextReader text)
            {
                Scanner = new Scanner(text);
                Parser = new Parser(Scanner);
            }

            public Scanner Scanner { get; }
            public Parser Parser { get; }
        }

        private static ListingPsException Fail(string name, Mark mark, string what) =>
            new ListingPsException(ErrorIds.InputFileInvalid,
                name + " line " + mark.Line.ToString(CultureInfo.InvariantCulture) + ", column " + mark.Column.ToString(CultureInfo.InvariantCulture) + ": " + what + ".",
                ErrorKind.InvalidData);

        private static string Quote(string s) => "'" + (s.Length > 40 ? s.Substring(0, 40) + "..." : s) + "'";

        private static readonly string[] FieldNames =
        {
            "OfferId", "Title", "Category", "Price", "Market", "SellingFormat", "AccountType", "B2BOnly", "Charity",
            "ProductId", "Status", "DeliveryMethods", "Translations", "Condition", "Fulfillment", "MarketPrice",
        };
        private const int DeliveryIndex = 11;
        private const int TranslationsIndex = 12;

        private static readonly Dictionary<string, int> FieldAliases = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["Sku"] = 0, ["Id"] = 0, ["Name"] = 1, ["BasePrice"] = 3, ["ASIN"] = 9, ["CzkPrice"] = 15,
        };

        private static int FieldIndex(string column)
        {
            for (int i = 0; i < FieldNames.Length; i++)
                if (string.Equals(FieldNames[i], column, StringComparison.OrdinalIgnoreCase)) return i;
            return FieldAliases.TryGetValue(column, out var a) ? a : -1;
        }

        private static OfferFields Build(string?[] v, string origin) => new OfferFields
        {
            OfferId = v[0], Title = v[1], Category = v[2], Price = v[3], Market = v[4], SellingFormat = v[5],
            AccountType = v[6], B2BOnly = v[7], Charity = v[8], ProductId = v[9], Status = v[10],
            DeliveryMethods = v[11] != null ? new[] { v[11]! } : null,
            Translations = v[12] != null ? new[] { v[12]! } : null,
            Condition = v[13], Fulfillment = v[14], MarketPrice = v[15], Origin = origin,
        };
    }
}
