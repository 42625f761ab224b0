using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using ListingPs.Core;
using ListingPs.Core.Input;
using ListingPs.Core.Reports;
using ListingPs.Core.Rules;
using SharpFuzz;

namespace ListingPs.AflFuzz
{
    /// <summary>
    /// ListingPs.AflFuzz offer-csv|offer-json|rules [--repo DIR] [--replay FILE...]
    /// ListingPs.AflFuzz seeds DIR [--repo DIR]
    /// Under afl-fuzz (SharpFuzz's fork server, out of process): each input is written to a file and fed to the engine the way
    /// the cmdlets read it: offer-csv and offer-json through OfferFileReader.Read and OfferParser.Parse per record, rules as one
    /// rule file among copies of the other shipped module/rules/*.yaml through RuleLoader.Load. A ListingPsException with a
    /// known error id and a message is a rejection; anything else escapes and crashes the process, which afl-fuzz records.
    /// --replay runs the given inputs without afl-fuzz and prints each outcome (the stack of a crash), exiting 1 on any crash.
    /// seeds writes the starting corpus made of real files into DIR/offer-csv, DIR/offer-json and DIR/rules (see <see cref="Seeds"/>).
    /// </summary>
    public static class Program
    {
        private static readonly HashSet<string> KnownIds = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(ReportErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

        public static int Main(string[] args)
        {
            if (args.Length >= 2 && args[0] == "seeds")
            {
                string? from = args.Length >= 4 && args[2] == "--repo" ? args[3] : null;
                from ??= FindRepo(AppContext.BaseDirectory) ?? FindRepo(Directory.GetCurrentDirectory())
                    ?? throw new InvalidOperationException("cannot find the repository (module/rules); pass --repo");
                Seeds.Write(from, args[1]);
                return 0;
            }
            if (args.Length < 1 || (args[0] != "offer-csv" && args[0] != "offer-json" && args[0] != "rules"))
            {
                Console.Error.WriteLine("usage: ListingPs.AflFuzz offer-csv|offer-json|rules [--repo DIR] [--replay FILE...] | seeds DIR [--repo DIR]");
                return 2;
            }
            string target = args[0];
            string? repo = null;
            List<string>? replay = null;
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--repo" && i + 1 < args.Length) repo = args[++i];
                else if (args[i] == "--replay") replay = new List<string>();
                else if (replay != null) replay.Add(args[i]);
                else { Console.Error.WriteLine("unknown argument " + args[i]); return 2; }
            }
            repo ??= FindRepo(AppContext.BaseDirectory) ?? FindRepo(Directory.GetCurrentDirectory())
                ?? throw new InvalidOperationException("cannot find the repository (module/rules); pass --repo");
            var harness = new Harness(target, Path.Combine(repo, "module", "rules"));
            if (replay != null) return Replay(harness, replay);
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                harness.Run(buffer.ToArray());
            });
            return 0;
        }

        private static int Replay(Harness harness, List<string> files)
        {
            int crashes = 0;
            foreach (var file in files)
            {
                try
                {
                    string outcome = harness.Run(File.ReadAllBytes(file));
                    Console.WriteLine(file + ": " + outcome);
                }
                catch (Exception ex)
                {
                    crashes++;
                    Console.WriteLine(file + ": CRASH " + ex);
                }
            }
            Console.WriteLine(files.Count.ToString(CultureInfo.InvariantCulture) + " inputs, " + crashes.ToString(CultureInfo.InvariantCulture) + " crashes");
            return crashes == 0 ? 0 : 1;
        }

        private static string? FindRepo(string start)
        {
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                if (Directory.Exists(Path.Combine(d.FullName, "module", "rules")) && File.Exists(Path.Combine(d.FullName, "examples", "assortment.csv")))
                    return d.FullName;
            return null;
        }

        /// <summary>A rejection must carry a known error id and a message; otherwise it is a finding too.</summary>
        internal static string Rejected(ListingPsException ex)
        {
            if (!KnownIds.Contains(ex.ErrorId))
                throw new InvalidOperationException("a rejection with an unknown error id '" + ex.ErrorId + "': " + ex.Message, ex);
            if (string.IsNullOrWhiteSpace(ex.Message))
                throw new InvalidOperationException("a rejection (" + ex.ErrorId + ") without a message", ex);
            return ex.ErrorId;
        }
    }

    internal sealed class Harness
    {
        private readonly string _target;
        private readonly string _work;
        private readonly (string Name, byte[] Bytes)[] _rules;
        private readonly string[] _rulePaths;
        /// <summary>The shipped rules, unmutated: what offer records are parsed against (their market's platform sets the title limit).</summary>
        private readonly RuleSet _shippedRules;
        private int _replaced = -1;

        public Harness(string target, string rulesDir)
        {
            _target = target;
            // Inputs go to files in memory (/dev/shm) where there is one; one folder per process.
            var temp = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            _work = Path.Combine(temp, "listingps-afl-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(Path.Combine(_work, "rules"));
            _rules = Directory.GetFiles(rulesDir, "*.yaml").OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToArray();
            _rulePaths = _rules.Select(r => Path.Combine(_work, "rules", r.Name)).ToArray();
            for (int i = 0; i < _rules.Length; i++) File.WriteAllBytes(_rulePaths[i], _rules[i].Bytes);
            _shippedRules = RuleLoader.Load(new[] { rulesDir });
        }

        /// <summary>Feeds one input; returns what happened (accepted, or the rejection's id). Anything unexpected escapes.</summary>
        public string Run(byte[] input)
        {
            switch (_target)
            {
                case "offer-csv": return ReadOffers(Write("offers.csv", input));
                case "offer-json": return ReadOffers(Write("offers.json", input));
                default: return LoadRules(input);
            }
        }

        private string Write(string name, byte[] bytes)
        {
            var p = Path.Combine(_work, name);
            File.WriteAllBytes(p, bytes);
            return p;
        }

        /// <summary>As Import-Offer -Path: a file error ends the file, a record error only that record.</summary>
        private string ReadOffers(string path)
        {
            int records = 0, parsed = 0;
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var fields in OfferFileReader.Read(path))
                {
                    records++;
                    try
                    {
                        OfferParser.Parse(fields, null, "allegro-pl", _shippedRules);
                        if (fields.MarketPrice != null) OfferParser.ParsePrice(fields.MarketPrice, fields.OfferId, "MarketPrice", fields.Origin);
                        parsed++;
                    }
                    catch (ListingPsException ex) { ids.Add(Program.Rejected(ex)); }
                }
            }
            catch (ListingPsException ex) { ids.Add("file " + Program.Rejected(ex)); }
            return records.ToString(CultureInfo.InvariantCulture) + " records, " + parsed.ToString(CultureInfo.InvariantCulture) + " parsed"
                + (ids.Count > 0 ? "; rejected: " + string.Join(", ", ids) : "");
        }

        /// <summary>
        /// The input takes the place of one shipped rule file beside copies of the others: amazon.yaml when it names an amazon-
        /// market, allegro.yaml when it has markets, currencies.yaml otherwise (so each seed stands in for its own file).
        /// </summary>
        private string LoadRules(byte[] input)
        {
            string text = System.Text.Encoding.UTF8.GetString(input);
            string name = text.Contains("amazon-", StringComparison.Ordinal) ? "amazon.yaml"
                : text.Contains("markets", StringComparison.Ordinal) ? "allegro.yaml" : "currencies.yaml";
            int pick = Array.FindIndex(_rules, r => r.Name == name);
            if (pick < 0) pick = 0;
            if (_replaced >= 0 && _replaced != pick) File.WriteAllBytes(_rulePaths[_replaced], _rules[_replaced].Bytes);
            File.WriteAllBytes(_rulePaths[pick], input);
            _replaced = pick;
            try
            {
                RuleLoader.Load(_rulePaths);
                return "loaded (" + _rules[pick].Name + " replaced)";
            }
            catch (ListingPsException ex) { return "rejected " + Program.Rejected(ex) + " (" + _rules[pick].Name + " replaced)"; }
        }
    }

    /// <summary>
    /// The starting corpus, small real files: the header and first 4 records of examples/assortment.csv (as is, and with ';'
    /// between fields), the same records as a JSON offer file, and each shipped rule file without its comment lines.
    /// </summary>
    internal static class Seeds
    {
        public static void Write(string repo, string dir)
        {
            var lines = File.ReadLines(Path.Combine(repo, "examples", "assortment.csv")).Take(5).ToList();
            Directory.CreateDirectory(Path.Combine(dir, "offer-csv"));
            File.WriteAllText(Path.Combine(dir, "offer-csv", "assortment-head.csv"), string.Join("\n", lines) + "\n");
            File.WriteAllText(Path.Combine(dir, "offer-csv", "assortment-head-semicolon.csv"),
                string.Join("\n", lines.Take(3).Select(l => string.Join(";", SplitCsv(l).Select(c => c.Contains(';') ? "\"" + c + "\"" : c)))) + "\n");
            Directory.CreateDirectory(Path.Combine(dir, "offer-json"));
            File.WriteAllText(Path.Combine(dir, "offer-json", "assortment-head.json"), ToJson(lines));
            Directory.CreateDirectory(Path.Combine(dir, "rules"));
            foreach (var file in Directory.GetFiles(Path.Combine(repo, "module", "rules"), "*.yaml").OrderBy(f => f, StringComparer.Ordinal))
                File.WriteAllLines(Path.Combine(dir, "rules", Path.GetFileName(file)),
                    File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("#", StringComparison.Ordinal) && l.Trim().Length > 0));
        }

        /// <summary>The CSV records as the JSON array of objects the JSON reader takes (lists as arrays, the price a number).</summary>
        private static string ToJson(List<string> lines)
        {
            var header = lines[0].Split(',');
            var sb = new System.Text.StringBuilder("[\n");
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
            var cur = new System.Text.StringBuilder();
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
}
