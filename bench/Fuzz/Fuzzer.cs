using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using ListingPs.Core;
using ListingPs.Core.Input;
using ListingPs.Core.Reports;
using ListingPs.Core.Rules;

namespace ListingPs.Fuzz
{
    /// <summary>
    /// A seeded mutational fuzzer: each case takes a real input (the head of examples/assortment.csv, a JSON offer file made
    /// from it, one of module/rules/*.yaml, or a record of text fields), applies 1 to 8 random byte or token mutations, and
    /// feeds it to the engine the way the cmdlets do (OfferFileReader.Read, then OfferParser.Parse per record; RuleLoader.Load).
    /// A rejection must be a <see cref="ListingPsException"/> whose id is one of <see cref="ErrorIds"/> (or the report ids) with
    /// a message; anything else is a failure, reported with the seed and case that reproduce it. Case c of seed s draws from
    /// its own Random(s, c), so "--seed s --case c" replays one case alone.
    /// </summary>
    public sealed class Fuzzer
    {
        private static readonly HashSet<string> KnownIds = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(ReportErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

        private static readonly string[] Tokens =
        {
            "\0", "\"", "\"\"", ",", ";", "\t", "\r", "\n", "\r\n", "'", "=", "+", "-", "@", "=HYPERLINK(\"http://x\",\"y\")",
            "{", "}", "[", "]", ":", ": ", "- ", "#", "&a ", "*a", "!!binary ", "!tag ", "<<: *a", "? ", "|", ">", "%YAML 1.2\n", "---\n", "...\n",
            "null", "~", "true", "0", "-1", "1e999", "99999999999999999999999999999", "79228162514264337593543950336", "0.000000000000000000000000001",
            "1,234.56", "1.234,56", "NaN", "\u00a0", "\u200b", "\ufeff", "\ud800", "Żółw", "\u007f", "\u0085", "\u2028",
            "OfferId", "Title", "Price", "Market", "DeliveryMethods", "Translations", "allegro-cz", "amazon-us", "markets", "currencies", "rates",
            "PL-000001", new string('x', 80), new string('9', 40),
        };

        private readonly string _seed;
        private readonly int _seedValue;
        private readonly byte[] _csv;
        private readonly byte[] _json;
        private readonly (string Name, byte[] Bytes)[] _rules;
        /// <summary>The shipped rules, unmutated: what records are parsed against (their market's platform sets the title limit).</summary>
        private readonly RuleSet _shippedRules;
        private readonly string _work;

        public Fuzzer(string repo, int seed)
        {
            _seedValue = seed;
            _seed = seed.ToString(CultureInfo.InvariantCulture);
            var lines = File.ReadLines(Path.Combine(repo, "examples", "assortment.csv")).Take(13).ToList();
            _csv = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
            _json = Encoding.UTF8.GetBytes(ToJson(lines));
            _rules = Directory.GetFiles(Path.Combine(repo, "module", "rules"), "*.yaml").OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToArray();
            _shippedRules = RuleLoader.Load(new[] { Path.Combine(repo, "module", "rules") });
            // Each case writes its input to a file: in memory (/dev/shm) where there is one, several times faster than a disk.
            var temp = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            _work = Path.Combine(temp, "listingps-fuzz-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            Directory.CreateDirectory(_work);
        }

        /// <summary>Where failing inputs are copied (seed-case.ext); null keeps none.</summary>
        public string? KeepFailuresIn { get; set; }

        /// <summary>The repository holding examples/assortment.csv, from <paramref name="start"/> upwards.</summary>
        public static string? FindRepo(string start)
        {
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "examples", "assortment.csv")) && Directory.Exists(Path.Combine(d.FullName, "module", "rules")))
                    return d.FullName;
            return null;
        }

        public FuzzResult Run(long first, long count, Action<long>? progress = null)
        {
            var result = new FuzzResult();
            var watch = Stopwatch.StartNew();
            try
            {
                for (long c = first; c < first + count; c++)
                {
                    RunCase(c, result);
                    if (progress != null && (c - first + 1) % 10000 == 0) progress(c - first + 1);
                }
            }
            finally
            {
                try { Directory.Delete(_work, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            result.Seconds = watch.Elapsed.TotalSeconds;
            return result;
        }

        private void RunCase(long c, FuzzResult result)
        {
            var rng = new Random(CaseSeed(_seedValue, c));
            int target = (int)(c % 4);
            string what = "";
            string? file = null;
            long started = Stopwatch.GetTimestamp();
            try
            {
                switch (target)
                {
                    case 0:
                        file = Write("offers.csv", Mutate(_csv, rng));
                        what = "csv";
                        ReadFile(file, result);
                        break;
                    case 1:
                        file = Write("offers.json", Mutate(_json, rng));
                        what = "json";
                        ReadFile(file, result);
                        break;
                    case 2:
                        int pick = rng.Next(_rules.Length);
                        what = "rules " + _rules[pick].Name;
                        var dir = Path.Combine(_work, "rules");
                        Directory.CreateDirectory(dir);
                        var paths = new List<string>();
                        for (int i = 0; i < _rules.Length; i++)
                        {
                            var p = Path.Combine(dir, _rules[i].Name);
                            File.WriteAllBytes(p, i == pick ? Mutate(_rules[i].Bytes, rng) : _rules[i].Bytes);
                            paths.Add(p);
                        }
                        file = paths[pick];
                        result.Cases++;
                        try { RuleLoader.Load(paths); result.Accepted++; }
                        catch (ListingPsException ex) { Rejected(ex, result); }
                        break;
                    default:
                        what = "fields";
                        result.Cases++;
                        ParseRecord(RandomFields(rng), result);
                        break;
                }
            }
            catch (Exception ex) when (Record(ex, c, what, file, result))
            {
            }
            finally
            {
                result.Ticks[target] += Stopwatch.GetTimestamp() - started;
            }
        }

        /// <summary>
        /// The seed of case <paramref name="c"/>: SplitMix64 of the run's seed and the case number, the same in every process
        /// (HashCode.Combine is randomized per process, so a case could not be replayed from its number).
        /// </summary>
        internal static int CaseSeed(int seed, long c)
        {
            unchecked
            {
                var z = ((ulong)(uint)seed << 32 ^ (ulong)c) + 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return (int)(z ^ (z >> 31));
            }
        }

        private bool Record(Exception ex, long c, string what, string? file, FuzzResult result)
        {
            {
                string saved = "";
                if (KeepFailuresIn != null && file != null)
                {
                    Directory.CreateDirectory(KeepFailuresIn);
                    saved = Path.Combine(KeepFailuresIn, _seed + "-" + c.ToString(CultureInfo.InvariantCulture) + Path.GetExtension(file));
                    File.Copy(file, saved, true);
                    saved = " (input kept in " + saved + ")";
                }
                result.Failures.Add("FAIL seed " + _seed + " case " + c.ToString(CultureInfo.InvariantCulture) + " (" + what + "): " +
                    ex.GetType().FullName + ": " + ex.Message.Split('\n')[0] + saved + "\n  reproduce: ListingPs.Fuzz --seed " + _seed + " --case " +
                    c.ToString(CultureInfo.InvariantCulture) + "\n" + ex.StackTrace);
            }
            return true;
        }

        private string Write(string name, byte[] bytes)
        {
            var p = Path.Combine(_work, name);
            File.WriteAllBytes(p, bytes);
            return p;
        }

        /// <summary>As Import-Offer -Path: a file error ends the file, a record error only that record.</summary>
        private void ReadFile(string path, FuzzResult result)
        {
            result.Cases++;
            try
            {
                foreach (var fields in OfferFileReader.Read(path))
                    ParseRecord(fields, result);
            }
            catch (ListingPsException ex) { Rejected(ex, result); }
        }

        private void ParseRecord(OfferFields fields, FuzzResult result)
        {
            try
            {
                OfferParser.Parse(fields, null, "allegro-pl", _shippedRules);
                if (fields.MarketPrice != null) OfferParser.ParsePrice(fields.MarketPrice, fields.OfferId, "MarketPrice", fields.Origin);
                result.Records++;
            }
            catch (ListingPsException ex) { Rejected(ex, result); }
        }

        private static void Rejected(ListingPsException ex, FuzzResult result)
        {
            if (!KnownIds.Contains(ex.ErrorId))
                throw new InvalidOperationException("a rejection with an unknown error id '" + ex.ErrorId + "': " + ex.Message, ex);
            if (string.IsNullOrWhiteSpace(ex.Message))
                throw new InvalidOperationException("a rejection (" + ex.ErrorId + ") without a message", ex);
            result.Rejections.TryGetValue(ex.ErrorId, out var n);
            result.Rejections[ex.ErrorId] = n + 1;
        }

        private static byte[] Mutate(byte[] input, Random rng)
        {
            var b = new List<byte>(input);
            int n = 1 + rng.Next(8);
            for (int m = 0; m < n; m++)
            {
                int at = b.Count == 0 ? 0 : rng.Next(b.Count + 1);
                switch (rng.Next(7))
                {
                    case 0: if (at < b.Count) b[at] ^= (byte)(1 << rng.Next(8)); break;
                    case 1: b.Insert(at, (byte)rng.Next(256)); break;
                    case 2:
                        if (b.Count > 0) { int len = Math.Min(b.Count - Math.Min(at, b.Count - 1), 1 + rng.Next(32)); b.RemoveRange(Math.Min(at, b.Count - 1), len); }
                        break;
                    case 3:
                        if (b.Count > 0)
                        {
                            int from = rng.Next(b.Count), len = Math.Min(b.Count - from, 1 + rng.Next(64));
                            var chunk = b.GetRange(from, len);
                            int times = rng.Next(10) == 0 ? 1 + rng.Next(64) : 1;
                            for (int t = 0; t < times; t++) b.InsertRange(at, chunk);
                        }
                        break;
                    case 4:
                    case 5:
                        b.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[rng.Next(Tokens.Length)]));
                        break;
                    default:
                        if (at < b.Count) b[at] = (byte)"\0\"',;\t\r\n:-[]{}#&*!|>%@=+ \\\u007f"[rng.Next(27)];
                        break;
                }
            }
            return b.ToArray();
        }

        private static OfferFields RandomFields(Random rng)
        {
            string? S() => rng.Next(4) switch
            {
                0 => null,
                1 => Tokens[rng.Next(Tokens.Length)],
                2 => RandomText(rng),
                _ => Tokens[rng.Next(Tokens.Length)] + RandomText(rng) + Tokens[rng.Next(Tokens.Length)],
            };
            IReadOnlyList<string>? L() => rng.Next(3) == 0 ? null : Enumerable.Range(0, rng.Next(4)).Select(_ => S() ?? "").ToArray();
            return new OfferFields
            {
                OfferId = rng.Next(3) == 0 ? S() : "PL-" + RandomText(rng), Title = S(), Category = S(), Price = S(), Market = S(),
                SellingFormat = S(), AccountType = S(), B2BOnly = S(), Charity = S(), ProductId = S(), Status = S(),
                DeliveryMethods = L(), Translations = L(), Condition = S(), Fulfillment = S(), MarketPrice = S(),
                Origin = rng.Next(2) == 0 ? null : "fuzz.csv line " + rng.Next(100000).ToString(CultureInfo.InvariantCulture),
            };
        }

        private static string RandomText(Random rng)
        {
            int len = rng.Next(10) == 0 ? rng.Next(2000) : rng.Next(12);
            var s = new char[len];
            for (int i = 0; i < len; i++)
                s[i] = rng.Next(4) == 0 ? (char)rng.Next(0x10000) : (char)(32 + rng.Next(95));
            return new string(s);
        }

        /// <summary>The CSV head as the JSON array of objects the JSON reader takes (lists as arrays).</summary>
        private static string ToJson(List<string> lines)
        {
            var header = lines[0].Split(',');
            var sb = new StringBuilder("[\n");
            for (int l = 1; l < lines.Count; l++)
            {
                var cells = SplitCsv(lines[l]);
                sb.Append("  {");
                for (int i = 0; i < header.Length && i < cells.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append('"').Append(header[i]).Append("\": ");
                    if (header[i] == "DeliveryMethods") sb.Append('[').Append(string.Join(", ", cells[i].Split(';').Select(Js))).Append(']');
                    else if (header[i] == "Price") sb.Append(cells[i]);
                    else sb.Append(Js(cells[i]));
                }
                sb.Append(l + 1 < lines.Count ? "},\n" : "}\n");
            }
            return sb.Append("]\n").ToString();
        }

        private static string Js(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        private static List<string> SplitCsv(string line)
        {
            var cells = new List<string>();
            var cur = new StringBuilder();
            bool quoted = false;
            foreach (var ch in line)
            {
                if (ch == '"') quoted = !quoted;
                else if (ch == ',' && !quoted) { cells.Add(cur.ToString()); cur.Clear(); }
                else cur.Append(ch);
            }
            cells.Add(cur.ToString());
            return cells;
        }
    }

    public sealed class FuzzResult
    {
        /// <summary>Inputs fed: files read, rule sets loaded, records of fields parsed.</summary>
        public long Cases { get; set; }
        /// <summary>Rule sets that loaded.</summary>
        public long Accepted { get; set; }
        /// <summary>Offer records that parsed.</summary>
        public long Records { get; set; }
        public Dictionary<string, long> Rejections { get; } = new Dictionary<string, long>(StringComparer.Ordinal);
        public List<string> Failures { get; } = new List<string>();
        public double Seconds { get; set; }
        /// <summary>Stopwatch ticks spent on csv, json, rules and fields cases.</summary>
        public long[] Ticks { get; } = new long[4];

        public string Summary() =>
            string.Format(CultureInfo.InvariantCulture, "fuzz: {0:N0} cases in {1:F1} s (csv {6:F1} s, json {7:F1} s, rules {8:F1} s, fields {9:F1} s), {2:N0} records parsed, {3:N0} rule sets loaded, {4} unhandled; rejections: {5}",
                Cases, Seconds, Records, Accepted, Failures.Count,
                string.Join(", ", Rejections.OrderByDescending(r => r.Value).Select(r => r.Key + "=" + r.Value.ToString("N0", CultureInfo.InvariantCulture))),
                S(0), S(1), S(2), S(3));

        private double S(int target) => (double)Ticks[target] / Stopwatch.Frequency;
    }
}
