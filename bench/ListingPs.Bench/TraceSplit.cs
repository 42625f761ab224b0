using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ListingPs.Bench
{
    /// <summary>
    /// <c>ListingPs.Bench trace-split file.speedscope.json offers</c> (issue 13, run by bench/profile.sh): splits the sampled
    /// thread time of a dotnet-trace (dotnet-sampled-thread-time, converted to speedscope) of Submit-Offer runs by what the
    /// pipeline thread was doing, per offer. Each sample goes to the innermost frame that names an owner: SQLite calls
    /// (SQLitePCL, Microsoft.Data.Sqlite) go to the workspace method that made them (offer row, share and reason rows, the
    /// read, the commit), with parameter binding apart; then the engine's parsing, verification, pricing; then the cmdlet
    /// code; then PowerShell. .NET's own frames (collections, strings, the GC) count for their caller.
    /// </summary>
    public static class TraceSplit
    {
        public static int Run(string[] args, TextWriter output)
        {
            string file = args[1];
            long offers = long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var frames = doc.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
                .Select(f => f.GetProperty("name").GetString() ?? "").ToArray();
            int submitFrame = Array.FindIndex(frames, f => f.Contains("SubmitOfferCommand", StringComparison.Ordinal));
            var threads = new List<(string Name, Dictionary<string, double> Split, double Total, bool Pipeline)>();
            foreach (var profile in doc.RootElement.GetProperty("profiles").EnumerateArray())
            {
                var split = new Dictionary<string, double>(StringComparer.Ordinal);
                var stack = new List<int>();
                double last = double.NaN, total = 0;
                bool pipeline = false;
                // The window: from the first sample in Submit-Offer to the last one (the pipelines run back to back; the wait
                // for the trace to start and the clean-up after are left out).
                double from = double.NaN, to = double.NaN;
                foreach (var e in profile.GetProperty("events").EnumerateArray())
                    if (e.GetProperty("frame").GetInt32() == submitFrame)
                    {
                        double at = e.GetProperty("at").GetDouble();
                        if (double.IsNaN(from)) from = at;
                        to = at;
                    }
                foreach (var e in profile.GetProperty("events").EnumerateArray())
                {
                    double at = e.GetProperty("at").GetDouble();
                    if (!double.IsNaN(last) && stack.Count > 0 && at > last && last >= from && at <= to)
                    {
                        var key = Classify(stack, frames);
                        split[key] = split.GetValueOrDefault(key) + (at - last);
                        total += at - last;
                    }
                    last = at;
                    int frame = e.GetProperty("frame").GetInt32();
                    if (e.GetProperty("type").GetString() == "O") { stack.Add(frame); if (frame == submitFrame) pipeline = true; }
                    else
                    {
                        int i = stack.LastIndexOf(frame);
                        if (i >= 0) stack.RemoveRange(i, stack.Count - i);
                    }
                }
                threads.Add((profile.GetProperty("name").GetString() ?? "", split, total, pipeline));
            }
            var main = threads.Where(t => t.Pipeline).OrderByDescending(t => t.Total).FirstOrDefault();
            if (main.Split == null) { output.WriteLine("no thread ran Submit-Offer in " + file); return 1; }
            double us(double ms) => ms * 1000.0 / offers;
            output.WriteLine($"pipeline thread ({main.Name}): {us(main.Total):0.00} us per offer sampled ({offers:N0} offers)");
            output.WriteLine();
            output.WriteLine("| where | us/offer | share |");
            output.WriteLine("| --- | ---: | ---: |");
            foreach (var kv in main.Split.OrderBy(k => Order(k.Key)).ThenByDescending(k => k.Value))
                output.WriteLine($"| {kv.Key} | {us(kv.Value):0.00} | {kv.Value / main.Total * 100:0}% |");
            output.WriteLine($"| **pipeline thread, all** | **{us(main.Total):0.00}** | 100% |");
            return 0;
        }

        private static int Order(string key) =>
            key.StartsWith("PowerShell", StringComparison.Ordinal) ? 0 : key.StartsWith("cmdlet", StringComparison.Ordinal) ? 1
            : key.StartsWith("engine", StringComparison.Ordinal) ? 2 : key.StartsWith("storage", StringComparison.Ordinal) ? 3 : key.StartsWith("SQLite", StringComparison.Ordinal) ? 4 : 5;

        private static string Classify(List<int> stack, string[] frames)
        {
            bool sqlite = false, binding = false, native = false;
            for (int i = stack.Count - 1; i >= 0; i--)
            {
                string f = frames[stack[i]];
                int bang = f.IndexOf('!');
                string name = bang >= 0 ? f.Substring(bang + 1) : f;
                // Native code (SQLite: the JIT inlines SqliteStatement and SQLitePCL's P/Invoke wrappers into the workspace's methods,
                // so the sample shows native time right under them).
                if (f == "UNMANAGED_CODE_TIME") { native = true; continue; }
                if (f.StartsWith("SQLitePCL", StringComparison.Ordinal) || f.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal))
                {
                    sqlite = true;
                    if (name.Contains("sqlite3_bind", StringComparison.Ordinal) || name.Contains("ParameterBinder", StringComparison.Ordinal)) binding = true;
                    continue;
                }
                if (name.StartsWith("ListingPs.Core.Workspace.SqliteStatement.", StringComparison.Ordinal))
                {
                    if (name.Contains(".Text(", StringComparison.Ordinal) || name.Contains(".Int(", StringComparison.Ordinal)) binding = true;
                    sqlite = true;
                    continue;
                }
                if (name.StartsWith("ListingPs.Core.Workspace.", StringComparison.Ordinal))
                {
                    if (native) sqlite = true;
                    if (!sqlite) return "storage, managed: values encoded and bound (stamps, decimals, delivery, reasons; SqliteStatement inlined)";
                    if (binding) return "SQLite: binding parameters";
                    if (name.Contains("OfferStore.Upsert(", StringComparison.Ordinal)) return "SQLite: offer row (insert, its indexes)";
                    if (name.Contains("ShareStore.Write(", StringComparison.Ordinal)) return "SQLite: share row and reason rows (inserts, their indexes)";
                    if (name.Contains("OfferStore.Get(", StringComparison.Ordinal)) return "SQLite: read of the offer with its share (a miss)";
                    if (name.Contains(".Commit(", StringComparison.Ordinal)) return "SQLite: commit (WAL append, checkpoints)";
                    if (name.Contains(".BeginWrite(", StringComparison.Ordinal)) return "SQLite: begin";
                    return "SQLite: other (" + Short(name) + ")";
                }
                if (sqlite) return "SQLite: other (" + Short(name) + ")";
                if (native && (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal)))
                    return "native code of .NET and PowerShell (runtime helpers, GC, I/O)";
                if (name.StartsWith("ListingPs.Core.Input.", StringComparison.Ordinal)) return "engine: parsing the row's fields";
                if (name.StartsWith("ListingPs.Core.Verification.ReasonCodes.Encode", StringComparison.Ordinal))
                    return "storage, managed: values encoded and bound (stamps, decimals, delivery, reasons; SqliteStatement inlined)";
                if (name.StartsWith("ListingPs.Core.Verification.", StringComparison.Ordinal)) return "engine: verification";
                if (name.StartsWith("ListingPs.Core.Pricing.", StringComparison.Ordinal) || name.StartsWith("ListingPs.Core.Sharing.ShareService.Evaluate", StringComparison.Ordinal))
                    return "engine: pricing and the share record";
                if (name.StartsWith("ListingPs.Core.", StringComparison.Ordinal)) return "engine: other (Prepare, checks, rule look-ups)";
                if (name.StartsWith("ListingPs.", StringComparison.Ordinal)) return "cmdlet code (reading the row's properties, batching)";
                if (name.StartsWith("System.Management.Automation", StringComparison.Ordinal) || name.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal))
                    return "PowerShell (pipeline, binding, ShouldProcess, WriteObject, Out-Null)";
                if (name.StartsWith("System.Threading.Monitor.Wait", StringComparison.Ordinal) || name.StartsWith("System.Threading.WaitHandle", StringComparison.Ordinal)
                    || name.StartsWith("System.Threading.LowLevel", StringComparison.Ordinal) || name.StartsWith("System.Threading.Thread.Sleep", StringComparison.Ordinal))
                    return "waiting / idle";
            }
            return sqlite ? "SQLite: other" : "other (runtime)";
        }

        private static string Short(string name)
        {
            int paren = name.IndexOf('(');
            if (paren > 0) name = name.Substring(0, paren);
            var parts = name.Split('.');
            return parts.Length >= 2 ? parts[^2] + "." + parts[^1] : name;
        }
    }
}
