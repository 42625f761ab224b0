using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ListingPs.Bench
{
    /// <summary>One line of a pipeline bench CSV (bench/pipeline/Measure-Pipeline.ps1).</summary>
    public sealed class PipelineRow
    {
        public long Size;
        public string Mode = "", Group = "", Operation = "", Stamp = "", Note = "";
        public long Records;
        public int Runs;
        public double Seconds, UsPerOffer, AllocBytesPerOffer, PeakHeapMB, PeakWorkingSetMB, RetainedMB;
        public double? FirstRecordMs;
        public int Gen0, Gen1, Gen2;
    }

    /// <summary>One BenchmarkDotNet result (median per operation).</summary>
    public sealed class BdnRow
    {
        public string Type = "", Method = "", Parameters = "";
        public double MedianNs, MeanNs, MinNs, StdDevNs;
        public double? AllocatedBytes;
        public string Key => Type + "." + Method + (Parameters.Length > 0 ? "(" + Parameters + ")" : "");
    }

    /// <summary>
    /// Writes docs/bench/results.md (tables, targets, where the time goes) and docs/bench/scaling.svg (time and memory from
    /// 10k to 1M) from the raw results of bench/run.sh: bench/.data/results/pipeline-*.csv, the BenchmarkDotNet JSON reports
    /// in bench/.data/bdn/results and the stamp of the cached 1M-share workspace.
    /// </summary>
    public static class Report
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public const string Floor = "Where-Object OfferId";
        public const string ForEach = "ForEach-Object { $_ }";
        public const string ScriptFn = "script function (SPEC B checks, process block)";
        public const string Source = "row source alone (made and dropped, no pipeline)";
        public const string Submit = "Submit-Offer -Market allegro-cz (new offers)";
        public const string SubmitAgain = "Submit-Offer -Market allegro-cz (same offers again: updates)";
        public const string TestOffer = "Test-Offer -Market allegro-cz (the same checks and prices, nothing stored)";
        public const string Import = "Import-Offer (new offers)";
        public const string Check = "Invoke-VisibilityCheck -Market allegro-cz";
        public const string Query = "Get-VerificationStatus -State Refused -Reason VQR001";
        public const string Fix = "Get-VerificationStatus ... | Set-OfferCzkPrice -UseConverter";

        public static void Write(string outDir, TextWriter log)
        {
            var resultsDir = Path.Combine(BenchData.DataDir, "results");
            var rows = new List<PipelineRow>();
            var meta = new Dictionary<string, Dictionary<string, string>>();
            if (Directory.Exists(resultsDir))
            {
                foreach (var f in Directory.GetFiles(resultsDir, "pipeline-*.csv").Where(f => !f.EndsWith(".meta.csv")).OrderBy(f => f, StringComparer.Ordinal))
                    rows.AddRange(ReadPipeline(f));
                foreach (var f in Directory.GetFiles(resultsDir, "*.meta.csv"))
                    meta[Path.GetFileName(f)] = ReadCsv(f).Skip(1).Where(r => r.Count >= 2).GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
            }
            // The newest run of each (size, mode, operation) counts.
            rows = rows.GroupBy(r => (r.Size, r.Mode, r.Operation)).Select(g => g.OrderBy(r => r.Stamp, StringComparer.Ordinal).Last()).ToList();
            var bdn = ReadBdn(Path.Combine(BenchData.DataDir, "bdn", "results"));
            var stamp = CachedWorkspace.ReadStamp(CachedWorkspace.Large);
            Directory.CreateDirectory(outDir);
            var rawDir = Path.Combine(outDir, "raw");
            Directory.CreateDirectory(rawDir);
            foreach (var f in Directory.GetFiles(rawDir)) File.Delete(f);
            if (Directory.Exists(resultsDir))
                foreach (var f in Directory.GetFiles(resultsDir, "*.csv")) File.Copy(f, Path.Combine(rawDir, Path.GetFileName(f)), true);
            var bdnDir = Path.Combine(BenchData.DataDir, "bdn", "results");
            if (Directory.Exists(bdnDir))
                foreach (var f in Directory.GetFiles(bdnDir, "*-report-github.md")) File.Copy(f, Path.Combine(rawDir, Path.GetFileName(f).Replace("ListingPs.Bench.", "bdn-")), true);

            File.WriteAllText(Path.Combine(outDir, "results.md"), Markdown(rows, meta, bdn, stamp));
            File.WriteAllText(Path.Combine(outDir, "scaling.svg"), Svg(rows));
            log.WriteLine($"Wrote {Path.Combine(outDir, "results.md")} and scaling.svg ({rows.Count} pipeline measurements, {bdn.Count} BenchmarkDotNet results).");
        }

        // ------------------------------------------------------------------------------------------------------------
        private static string Markdown(List<PipelineRow> rows, Dictionary<string, Dictionary<string, string>> meta, List<BdnRow> bdn, WorkspaceStamp? stamp)
        {
            var sb = new StringBuilder();
            var sizes = rows.Select(r => r.Size).Distinct().OrderBy(s => s).ToList();
            sb.AppendLine("# ListingPs benchmark results");
            sb.AppendLine();
            sb.AppendLine("Generated by `bench/run.sh` (see [bench/README.md](../../bench/README.md)); raw numbers in [raw/](raw/), plot in");
            sb.AppendLine("[scaling.svg](scaling.svg). Every pipeline time is the fastest of its runs, warm, in one host process per size and mode;");
            sb.AppendLine("ratios compare with the floor measured in the same process. Engine and workspace numbers are BenchmarkDotNet medians.");
            var loads = meta.Values.SelectMany(m => new[] { Get(m, "LoadBefore"), Get(m, "LoadAfter") }).Where(s => s.Length > 0)
                .Select(s => s.Split(' ')[0]).ToList();
            sb.AppendLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeLabel()}; 1-minute load average during the pipeline runs: " +
                (loads.Count > 0 ? string.Join(", ", loads.Distinct()) : "n/a") + " (the machine is shared: numbers move by 20-50 % between runs).");
            var runInfo = Path.Combine(BenchData.DataDir, "run.txt");
            if (File.Exists(runInfo))
            {
                sb.AppendLine();
                sb.AppendLine("Last `bench/run.sh`: " + string.Join("; ", File.ReadAllLines(runInfo).Where(l => l.Trim().Length > 0)) + ".");
            }
            sb.AppendLine();

            // Targets.
            sb.AppendLine("## Targets of issue 5");
            sb.AppendLine();
            sb.AppendLine("| Target | Measured | Verdict |");
            sb.AppendLine("| --- | --- | --- |");
            foreach (var mode in new[] { "Held", "Stream" })
                foreach (var size in sizes)
                {
                    double src = mode == "Stream" ? Find(rows, size, mode, Source)?.UsPerOffer ?? 0 : 0;
                    var floor = Find(rows, size, mode, Floor);
                    var submit = Find(rows, size, mode, Submit);
                    var script = Find(rows, size, mode, ScriptFn);
                    string how = mode == "Held" ? "rows held" : "rows streamed, source subtracted";
                    if (floor != null && submit != null)
                    {
                        double f = floor.UsPerOffer - src, u = submit.UsPerOffer - src, ratio = u / f;
                        sb.AppendLine($"| `Submit-Offer` within 2x of `Where-Object OfferId`, {size:N0} offers, {how} | {F(u)} us vs {F(f)} us = **{ratio:0.0}x** | {(ratio <= 2 ? "met" : $"missed by {ratio / 2:0.0}x")} |");
                    }
                    if (script != null && submit != null)
                    {
                        double c = script.UsPerOffer - src, u = submit.UsPerOffer - src, ratio = c / u;
                        sb.AppendLine($"| `Submit-Offer` at least 5x faster than the script function, {size:N0} offers, {how} | {F(c)} us / {F(u)} us = **{ratio:0.0}x** | {(ratio >= 5 ? "met" : $"missed: {5 / ratio:0.0}x short")} |");
                    }
                    var test = Find(rows, size, mode, TestOffer);
                    if (script != null && test != null)
                    {
                        // Not a target: the script function stores nothing, so this compares like with like.
                        double c = script.UsPerOffer - src, t = test.UsPerOffer - src, ratio = c / t;
                        sb.AppendLine($"| (for comparison) `Test-Offer`, the same checks and prices with nothing stored, against the script function, {size:N0} offers, {how} | {F(c)} us / {F(t)} us = **{ratio:0.0}x** | {(ratio >= 5 ? "5x reached" : "below 5x")} |");
                    }
                }
            foreach (var mix in new[] { "assortment", "approved" })
            {
                var pv = FindBdn(bdn, "EngineBenchmarks", "PriceAndVerify", "Mix=" + mix);
                if (pv != null)
                {
                    double perSec = 1e9 / pv.MedianNs;
                    sb.AppendLine($"| Engine verification + pricing >= 1M offers/s/core ({mix} mix) | {pv.MedianNs:N0} ns/offer = **{perSec / 1e6:0.00}M offers/s** | {(perSec >= 1e6 ? "met" : $"missed by {1e6 / perSec:0.0}x")} |");
                }
            }
            var first = FindBdn(bdn, "QueryBenchmarks", "FirstRecord_Vqr001", "");
            if (first != null)
                sb.AppendLine($"| `Get-VerificationStatus -State Refused -Reason VQR001` first record within 100 ms on {(stamp != null ? stamp.Shares.ToString("N0", Inv) : "1M")} shares (engine) | **{first.MedianNs / 1e6:0.0} ms** | {(first.MedianNs <= 1e8 ? "met" : "missed")} |");
            var psFirst = rows.Where(r => r.Group == "large" && r.Operation == "Get-VerificationStatus -State Refused -Reason VQR001 -First 1, 1M-share workspace" && r.FirstRecordMs.HasValue).OrderBy(r => r.Stamp).LastOrDefault();
            if (psFirst != null)
                sb.AppendLine($"| ... through `Get-VerificationStatus -First 1` in the host (warm; the cmdlet's whole run) | **{psFirst.FirstRecordMs:0.0} ms** to the first record, {psFirst.Seconds * 1000:0.0} ms in all | {(psFirst.FirstRecordMs <= 100 ? "met" : "missed")} |");
            var streamSubmit = sizes.Select(s => Find(rows, s, "Stream", Submit)).Where(r => r != null).ToList();
            if (streamSubmit.Count >= 2)
            {
                var a = streamSubmit.First()!; var b = streamSubmit.Last()!;
                var mid = streamSubmit.Count > 2 ? streamSubmit[streamSubmit.Count - 2]! : a;
                bool heapFlat = b.RetainedMB <= a.RetainedMB * 1.5 + 16 && b.PeakHeapMB <= a.PeakHeapMB * 2.5 + 16;
                sb.AppendLine($"| Peak memory does not grow with the offers piped (`Submit-Offer`, streamed) | managed heap left after a full GC {a.RetainedMB:N0} -> {b.RetainedMB:N0} MB, peak managed heap {a.PeakHeapMB:N0} -> {b.PeakHeapMB:N0} MB, " +
                    $"peak working set {a.PeakWorkingSetMB:N0} MB at {a.Size:N0} -> {mid.PeakWorkingSetMB:N0} MB at {mid.Size:N0} -> {b.PeakWorkingSetMB:N0} MB at {b.Size:N0} | " +
                    (heapFlat ? $"met for the managed heap; the working set grows x{b.PeakWorkingSetMB / a.PeakWorkingSetMB:0.0} for x{(double)b.Size / a.Size:0} offers, levelling off (the SQLite page cache of the workspace being written fills up to its 64 MB cap; commands hand it back when they end)" : "grows") + " |");
            }
            sb.AppendLine();

            // Pipeline tables.
            foreach (var mode in new[] { "Held", "Stream" })
            {
                var modeRows = rows.Where(r => r.Mode == mode).ToList();
                if (modeRows.Count == 0) continue;
                sb.AppendLine(mode == "Held"
                    ? "## Pipelines, rows held in a variable (`$rows | ...`)"
                    : "## Pipelines, rows streamed from a generator (memory)");
                sb.AppendLine();
                if (mode == "Held")
                {
                    var big = modeRows.Where(r => r.Operation == Floor).OrderBy(r => r.Size).LastOrDefault();
                    sb.AppendLine("Every pipeline ends in `| Out-Null`. The rows of the process are held in a variable for all of its pipelines" +
                        (big != null ? $"; at {big.Size:N0} they alone take about {big.PeakHeapMB / 1024:0.0} GB of managed heap, and every collection in that process gets slower (compare the floor across sizes), so at that size the streamed table is the better measure of the cmdlets." : "."));
                    sb.AppendLine("The peak working set of a held run includes the rows and the memory the process has taken so far (the runtime keeps freed heap for reuse; workspaces hand their SQLite page cache back when a command ends).");
                    sb.AppendLine();
                }
                if (mode == "Stream")
                {
                    sb.AppendLine("The rows are made one at a time as the pipeline pulls them. \"us/offer\" here has the row source's own cost (first line)");
                    sb.AppendLine("subtracted; the ratio is to the floor measured the same way. Peak working set: the kernel's high-water mark, reset before");
                    sb.AppendLine("each pipeline; it includes the memory the GC kept from earlier pipelines of the same process.");
                    sb.AppendLine();
                }
                sb.AppendLine("| Size | Operation | Records | Total s | us/offer | Ratio to floor | First record ms | Alloc B/offer | Peak heap MB | Peak working set MB | Heap after full GC MB |");
                sb.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
                foreach (var size in sizes)
                {
                    var floorRow = Find(rows, size, mode, Floor);
                    double src = mode == "Stream" ? Find(rows, size, mode, Source)?.UsPerOffer ?? 0 : 0;
                    double? floorUs = floorRow != null ? floorRow.UsPerOffer - src : (double?)null;
                    foreach (var r in modeRows.Where(r => r.Size == size))
                    {
                        bool piped = r.Group != "large" && r.Records == r.Size && r.Operation != Source && r.Operation != Check;
                        double us = r.UsPerOffer - (piped ? src : 0);
                        string ratio = floorUs.HasValue && r.Operation != Source && r.Group != "large" ? (us / floorUs.Value).ToString("0.0", Inv) + "x" : "";
                        string op = r.Operation + (r.Note.Length > 0 ? " (" + r.Note + ")" : "");
                        sb.AppendLine($"| {r.Size:N0} | {Esc(op)} | {r.Records:N0} | {r.Seconds:0.000} | {F(us)} | {ratio} | {(r.FirstRecordMs.HasValue ? r.FirstRecordMs.Value.ToString("0.0", Inv) : "")} | {r.AllocBytesPerOffer:N0} | {r.PeakHeapMB:N0} | {r.PeakWorkingSetMB:N0} | {r.RetainedMB:N0} |");
                    }
                }
                sb.AppendLine();
            }

            // Engine and workspace.
            if (bdn.Count > 0)
            {
                sb.AppendLine("## Engine and workspace (BenchmarkDotNet, per offer or per call)");
                sb.AppendLine();
                sb.AppendLine("| Benchmark | Parameters | Median | Per second | Allocated B |");
                sb.AppendLine("| --- | --- | ---: | ---: | ---: |");
                foreach (var b in bdn.OrderBy(b => Order(b.Type)).ThenBy(b => b.Parameters, StringComparer.Ordinal))
                    sb.AppendLine($"| {b.Type.Replace("Benchmarks", "")}.{b.Method} | {b.Parameters} | {Ns(b.MedianNs)} | {PerSecond(b.MedianNs)} | {(b.AllocatedBytes.HasValue ? b.AllocatedBytes.Value.ToString("N0", Inv) : "")} |");
                sb.AppendLine();
            }
            if (stamp != null)
            {
                sb.AppendLine($"The 1M-share workspace ({stamp.Offers:N0} offers, {stamp.Shares:N0} shares: " +
                    string.Join(", ", stamp.SharesByState.Select(kv => kv.Key + " " + kv.Value.ToString("N0", Inv))) + $"; VQR001 {Get(stamp.SharesByReason, "VQR001_CURRENCY_NOT_AVAILABLE")}) " +
                    $"was built through ShareService at {stamp.SubmitPerSecond:N0} submits/s and {stamp.ImportPerSecond:N0} imports/s, the visibility check took {stamp.VisibilitySeconds:N1} s; file {stamp.FileBytes / 1048576.0:N0} MB.");
                sb.AppendLine();
            }

            sb.Append(Scaling(rows, sizes));
            sb.Append(WhereTheTimeGoes(rows, bdn, sizes, meta));
            sb.AppendLine("![time and memory from 10k to 1M offers](scaling.svg)");
            sb.AppendLine();
            return sb.ToString();
        }

        /// <summary>Microseconds per offer (per record for the queries) of each operation at every size, both modes.</summary>
        private static string Scaling(List<PipelineRow> rows, List<long> sizes)
        {
            if (sizes.Count < 2) return "";
            var sb = new StringBuilder();
            sb.AppendLine("## How time and memory grow from " + SizeLabel(sizes.First()) + " to " + SizeLabel(sizes.Last()));
            sb.AppendLine();
            sb.AppendLine("Microseconds per offer (per record read for the queries); streamed rows with the row source subtracted. Memory: peak managed heap /");
            sb.AppendLine("peak working set of the streamed run, in MB.");
            sb.AppendLine();
            sb.Append("| Operation |");
            foreach (var n in sizes) sb.Append($" held {SizeLabel(n)} |");
            foreach (var n in sizes) sb.Append($" streamed {SizeLabel(n)} |");
            foreach (var n in sizes) sb.Append($" memory {SizeLabel(n)} |");
            sb.AppendLine();
            sb.Append("| --- |");
            for (int i = 0; i < sizes.Count * 3; i++) sb.Append(" ---: |");
            sb.AppendLine();
            var ops = new[] { Floor, ForEach, ScriptFn, Import, Check, Query, Fix, Submit, SubmitAgain, TestOffer, "New-MarketConnection allegro-pl -> allegro-cz, -sk, -hu" };
            foreach (var op in ops)
            {
                if (!rows.Any(r => r.Operation == op)) continue;
                sb.Append($"| {Esc(op)} |");
                foreach (var n in sizes) { var r = Find(rows, n, "Held", op); sb.Append($" {(r != null ? F(r.UsPerOffer) : "")} |"); }
                foreach (var n in sizes)
                {
                    var r = Find(rows, n, "Stream", op);
                    bool piped = r != null && r.Records == r.Size && op != Check;
                    double src = piped ? Find(rows, n, "Stream", Source)?.UsPerOffer ?? 0 : 0;
                    sb.Append($" {(r != null ? F(r.UsPerOffer - src) : "")} |");
                }
                foreach (var n in sizes) { var r = Find(rows, n, "Stream", op); sb.Append($" {(r != null ? $"{r.PeakHeapMB:N0} / {r.PeakWorkingSetMB:N0}" : "")} |"); }
                sb.AppendLine();
            }
            sb.AppendLine();
            return sb.ToString();
        }

        /// <summary>Submit-Offer's microseconds per offer split by mechanism, from the probes of the same process and the engine benches.</summary>
        private static string WhereTheTimeGoes(List<PipelineRow> rows, List<BdnRow> bdn, List<long> sizes, Dictionary<string, Dictionary<string, string>> meta)
        {
            var sb = new StringBuilder();
            long size = sizes.Where(s => Find(rows, s, "Held", "binary cmdlet, InputObject only (ValueFromPipeline)") != null).DefaultIfEmpty(-1).Max();
            if (size < 0) return "";
            double U(string op) => Find(rows, size, "Held", op)?.UsPerOffer ?? double.NaN;
            double B(string type, string method, string p = "") => (FindBdn(bdn, type, method, p)?.MedianNs ?? double.NaN) / 1000.0;
            double submit = U(Submit);
            double input = U("binary cmdlet, InputObject only (ValueFromPipeline)");
            bool inputObjectPath = meta.TryGetValue($"pipeline-held-{size}.meta.csv", out var m) && Get(m, "InputObjectPath") == "True";
            double submitNew = B("WriteBenchmarks", "SubmitNew");
            double engine = B("EngineBenchmarks", "ParseAndEvaluate", "Mix=assortment");
            double reads = B("WorkspaceCallBenchmarks", "GetOfferMissing");
            var parts = new List<(string What, double Us, string Evidence)>
            {
                ("pipeline floor of a binary cmdlet (enumerate the rows, ProcessRecord, bind InputObject)", input, "probe: InputObject only"),
                inputObjectPath
                    ? ("reading the row's 13 properties (InputObject path: one bound parameter, properties read by name)", U("binary cmdlet, InputObject, reads 13 properties itself") - input, "probe: reads 13 properties - InputObject only")
                    : ("binding 13 properties by name (15 declared)", U("binary cmdlet, 15 by property name (13 bind) + InputObject") - input, "probe: 15 by name - InputObject only"),
                ("ShouldProcess per record", U("binary cmdlet, InputObject, ShouldProcess per record") - input, "probe: ShouldProcess - InputObject only"),
                ("WriteObject per record", U("binary cmdlet, InputObject, WriteObject per record") - input, "probe: WriteObject - InputObject only"),
                ("engine: parse the fields, price, verify, build the share record", engine, "BDN Engine.ParseAndEvaluate (assortment)"),
                ("workspace read: the offer with its share in Prepare (a miss for a new offer)", reads, "BDN GetOfferMissing"),
                ("workspace writes and batch commits: offer, share, reason index", submitNew - engine - reads, "BDN Write.SubmitNew - the two lines above"),
            };
            double known = parts.Where(p => !double.IsNaN(p.Us)).Sum(p => p.Us);
            sb.AppendLine($"## Where Submit-Offer's time goes ({size:N0} offers, held rows)");
            sb.AppendLine();
            sb.AppendLine($"`Submit-Offer` took {F(submit)} us per offer in that run. The PowerShell parts come from the probe cmdlets of the same");
            sb.AppendLine("process (bench/pipeline/ListingPs.Bench.Pipeline: cmdlets that only take the row, only read its properties, only call");
            sb.AppendLine($"ShouldProcess, only write it on); the ShareService part is BenchmarkDotNet's Write.SubmitNew ({F(submitNew)} us: Prepare + Submit of new");
            sb.AppendLine("offers on a temporary file, committing every 5,000 as the cmdlet does), split with the engine and workspace-call medians. The");
            sb.AppendLine("rest is the cmdlet's own per-record code (CurrentFields, the Try closure, Confirm's strings, progress and log checks) and noise.");
            sb.AppendLine();
            sb.AppendLine("| Part | us/offer | Share | Evidence |");
            sb.AppendLine("| --- | ---: | ---: | --- |");
            foreach (var p in parts)
                sb.AppendLine($"| {p.What} | {F(p.Us)} | {(double.IsNaN(p.Us) ? "" : (p.Us / submit).ToString("0%", Inv))} | {p.Evidence} |");
            sb.AppendLine($"| rest | {F(submit - known)} | {((submit - known) / submit).ToString("0%", Inv)} | Submit-Offer - the parts above |");
            sb.AppendLine();
            double progressOff = U("Submit-Offer, $ProgressPreference = SilentlyContinue");
            sb.AppendLine($"Progress and logging: `Submit-Offer` with `$ProgressPreference = 'SilentlyContinue'` took {F(progressOff)} us per offer against {F(submit)} us with");
            sb.AppendLine("progress on: the difference is within the run-to-run noise, i.e. the per-record ReportProgress (a clock read, WriteProgress every");
            sb.AppendLine("250 ms) and the log checks cost well under a microsecond.");
            double upsertOffer = B("WorkspaceCallBenchmarks", "UpsertOffer"), shareNo = B("WorkspaceCallBenchmarks", "UpsertShareNoReasons"), shareWith = B("WorkspaceCallBenchmarks", "UpsertShareWithReasons");
            sb.AppendLine();
            sb.AppendLine($"Updating offers already stored costs more (random keys in a 100k-share workspace, per call): UpsertOffer {F(upsertOffer)} us, UpsertShare");
            sb.AppendLine($"{F(shareNo)} us without reasons and {F(shareWith)} us for a refused share (the reason index: DELETE and one INSERT per reason, +{F(shareWith - shareNo)} us),");
            sb.AppendLine($"GetShare {F(B("WorkspaceCallBenchmarks", "GetShare"))} us, GetOffer with its share {F(B("WorkspaceCallBenchmarks", "GetOfferWithShare"))} us, GetOffer {F(B("WorkspaceCallBenchmarks", "GetOffer"))} us; Write.SubmitAgain (the update path) {F(B("WriteBenchmarks", "SubmitAgain"))} us per offer.");
            sb.AppendLine();
            var bindOne = U("binary cmdlet, 1 by property name + InputObject");
            var bindAll = U("binary cmdlet, 15 by property name (13 bind) + InputObject");
            var fnOne = U("advanced function, 1 by property name");
            var fnAll = U("advanced function, 15 by property name (13 bind)");
            var read = U("binary cmdlet, InputObject, reads 13 properties itself");
            sb.AppendLine("### Binding by property name");
            sb.AppendLine();
            sb.AppendLine($"A binary cmdlet that takes the row whole costs {F(input)} us per object; with one parameter bound by property name {F(bindOne)} us;");
            sb.AppendLine($"with Submit-Offer's 15 by-name parameters (13 of them bind from an Import-Csv row) {F(bindAll)} us, i.e. {F((bindAll - input) / 13)} us per");
            sb.AppendLine($"bound property. Reading the same 13 properties from InputObject inside the cmdlet costs {F(read)} us in all ({F(read - input)} us for the 13");
            sb.AppendLine($"reads): an InputObject path saves about {F(bindAll - read)} us per offer. Advanced functions: {F(fnOne)} us with 1, {F(fnAll)} us with 15.");
            sb.AppendLine($"The `Where-Object OfferId` floor in that run was {F(U(Floor))} us, `ForEach-Object {{ $_ }}` {F(U(ForEach))} us.");
            sb.AppendLine();
            sb.AppendLine(inputObjectPath
                ? "Piped rows take ListingPs's InputObject path (the default parameter set): PowerShell binds one parameter and the cmdlet reads the row's properties in one pass. Giving a field on the command line (here `-Condition New`) makes PowerShell bind every field by property name instead:"
                : "Piped rows bind every field by property name (the InputObject path is not in this build).");
            var importByName = Find(rows, size, "Held", "Import-Offer, every field bound by property name (-Condition New given)");
            var submitByName = Find(rows, size, "Held", "Submit-Offer, every field bound by property name (-Condition New given)");
            if (importByName != null) sb.AppendLine($"`Import-Offer` {F(U(Import))} us per offer piped as is, {F(importByName.UsPerOffer)} us bound by name;");
            if (submitByName != null) sb.AppendLine($"`Submit-Offer` {F(submit)} us per offer piped as is, {F(submitByName.UsPerOffer)} us bound by name.");
            sb.AppendLine();
            return sb.ToString();
        }

        // ------------------------------------------------------------------------------------------------------------
        private static string Svg(List<PipelineRow> rows)
        {
            const int W = 1280, H = 520, panelW = 330, panelH = 280, top = 70;
            var sizes = rows.Select(r => r.Size).Distinct().OrderBy(s => s).ToList();
            var sb = new StringBuilder();
            sb.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"12\">");
            sb.AppendLine($"<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>");
            sb.AppendLine($"<text x=\"{W / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">ListingPs pipelines from {SizeLabel(sizes.FirstOrDefault())} to {SizeLabel(sizes.LastOrDefault())} offers (hosted PowerShell 7.6, 2 cores)</text>");
            if (sizes.Count == 0) { sb.AppendLine("</svg>"); return sb.ToString(); }
            string[] colors = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2" };
            var timeOps = new[] { Floor, ForEach, ScriptFn, Import, Submit, Fix };
            var timeLabels = new[] { "Where-Object OfferId (floor)", "ForEach-Object { $_ }", "script function (SPEC B checks)", "Import-Offer", "Submit-Offer -Market allegro-cz", "Get-VerificationStatus | Set-OfferCzkPrice (per record)" };
            var held = new List<(string Label, List<(long X, double Y)> Points)>();
            var streamed = new List<(string Label, List<(long X, double Y)> Points)>();
            for (int i = 0; i < timeOps.Length; i++)
            {
                held.Add((timeLabels[i], sizes.Select(s => (s, Find(rows, s, "Held", timeOps[i])?.UsPerOffer ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()));
                var op = timeOps[i];
                streamed.Add((timeLabels[i], sizes.Select(s =>
                {
                    var r = Find(rows, s, "Stream", op);
                    if (r == null) return (s, double.NaN);
                    double src = r.Records == r.Size ? Find(rows, s, "Stream", Source)?.UsPerOffer ?? 0 : 0;
                    return (s, r.UsPerOffer - src);
                }).Where(p => !double.IsNaN(p.Item2)).ToList()));
            }
            Panel(sb, 70, top, panelW, panelH, sizes, held, colors, "time per offer, rows held in a variable (us)");
            Panel(sb, 70 + panelW + 90, top, panelW, panelH, sizes, streamed, colors, "time per offer, rows streamed (us, source subtracted)");
            var mem = new List<(string Label, List<(long X, double Y)> Points)>
            {
                ("Where-Object: peak working set", sizes.Select(s => (s, Find(rows, s, "Stream", Floor)?.PeakWorkingSetMB ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()),
                ("Import-Offer: peak working set", sizes.Select(s => (s, Find(rows, s, "Stream", Import)?.PeakWorkingSetMB ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()),
                ("Submit-Offer: peak working set", sizes.Select(s => (s, Find(rows, s, "Stream", Submit)?.PeakWorkingSetMB ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()),
                ("Submit-Offer: peak managed heap", sizes.Select(s => (s, Find(rows, s, "Stream", Submit)?.PeakHeapMB ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()),
                ("Submit-Offer: managed heap after full GC", sizes.Select(s => (s, Find(rows, s, "Stream", Submit)?.RetainedMB ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()),
            };
            Panel(sb, 70 + 2 * (panelW + 90), top, panelW, panelH, sizes, mem, colors, "memory, rows streamed (MB)");
            sb.AppendLine("</svg>");
            return sb.ToString();
        }

        private static void Panel(StringBuilder sb, int x0, int y0, int w, int h, List<long> sizes,
            List<(string Label, List<(long X, double Y)> Points)> series, string[] colors, string title)
        {
            double maxY = series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max();
            double step = NiceStep(maxY / 5);
            double top = Math.Ceiling(maxY / step) * step;
            if (top <= 0) top = 1;
            double lx0 = Math.Log10(sizes.First()), lx1 = Math.Log10(sizes.Last());
            if (lx1 - lx0 < 1e-9) { lx0 -= 0.5; lx1 += 0.5; }
            double X(long s) => x0 + (Math.Log10(s) - lx0) / (lx1 - lx0) * w;
            double Y(double v) => y0 + h - v / top * h;
            sb.AppendLine($"<text x=\"{x0 + w / 2}\" y=\"{y0 - 12}\" text-anchor=\"middle\" font-size=\"13\">{Xml(title)}</text>");
            sb.AppendLine($"<line x1=\"{x0}\" y1=\"{y0 + h}\" x2=\"{x0 + w}\" y2=\"{y0 + h}\" stroke=\"black\"/><line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x0}\" y2=\"{y0 + h}\" stroke=\"black\"/>");
            for (double v = 0; v <= top + step / 2; v += step)
            {
                double y = Y(v);
                sb.AppendLine($"<line x1=\"{x0}\" y1=\"{y:0.#}\" x2=\"{x0 + w}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/><text x=\"{x0 - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{v.ToString("0.##", Inv)}</text>");
            }
            foreach (var s in sizes)
                sb.AppendLine($"<text x=\"{X(s):0.#}\" y=\"{y0 + h + 16}\" text-anchor=\"middle\">{SizeLabel(s)}</text>");
            sb.AppendLine($"<text x=\"{x0 + w / 2}\" y=\"{y0 + h + 32}\" text-anchor=\"middle\">offers piped (log scale)</text>");
            for (int i = 0; i < series.Count; i++)
            {
                var c = colors[i % colors.Length];
                var pts = series[i].Points;
                if (pts.Count > 1)
                    sb.AppendLine($"<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{string.Join(" ", pts.Select(p => $"{X(p.X):0.#},{Y(p.Y):0.#}"))}\"/>");
                foreach (var p in pts) sb.AppendLine($"<circle cx=\"{X(p.X):0.#}\" cy=\"{Y(p.Y):0.#}\" r=\"3\" fill=\"{c}\"><title>{Xml(series[i].Label)}: {p.Y.ToString("0.##", Inv)} at {p.X:N0}</title></circle>");
                int ly = y0 + h + 52 + i * 15;
                int lx = x0;
                sb.AppendLine($"<rect x=\"{lx}\" y=\"{ly - 9}\" width=\"10\" height=\"10\" fill=\"{c}\"/><text x=\"{lx + 14}\" y=\"{ly}\" font-size=\"11\">{Xml(series[i].Label)}</text>");
            }
        }

        // ------------------------------------------------------------------------------------------------------------
        private static PipelineRow? Find(List<PipelineRow> rows, long size, string mode, string op) =>
            rows.LastOrDefault(r => r.Size == size && r.Mode == mode && r.Operation == op);

        private static BdnRow? FindBdn(List<BdnRow> rows, string type, string method, string parameters = "") =>
            rows.FirstOrDefault(r => r.Type == type && r.Method == method && (parameters.Length == 0 || r.Parameters == parameters));

        private static int Order(string type) => type switch
        {
            "EngineBenchmarks" => 0, "VerifierPartsBenchmarks" => 1, "WriteBenchmarks" => 2, "WorkspaceCallBenchmarks" => 3, "QueryBenchmarks" => 4, _ => 5,
        };

        private static List<PipelineRow> ReadPipeline(string file)
        {
            var list = new List<PipelineRow>();
            var lines = ReadCsv(file);
            if (lines.Count == 0) return list;
            var h = lines[0];
            int I(string name) => h.IndexOf(name);
            foreach (var c in lines.Skip(1))
            {
                if (c.Count < h.Count) continue;
                double D(string n) => double.TryParse(c[I(n)], NumberStyles.Float, Inv, out var d) ? d : double.NaN;
                list.Add(new PipelineRow
                {
                    Size = long.Parse(c[I("Size")], Inv), Mode = c[I("Mode")], Group = c[I("Group")], Operation = c[I("Operation")],
                    Records = long.Parse(c[I("Records")], Inv), Runs = int.Parse(c[I("Runs")], Inv), Seconds = D("Seconds"), UsPerOffer = D("UsPerOffer"),
                    FirstRecordMs = c[I("FirstRecordMs")].Length > 0 ? D("FirstRecordMs") : (double?)null, AllocBytesPerOffer = D("AllocBytesPerOffer"),
                    Gen0 = int.Parse(c[I("Gen0")], Inv), Gen1 = int.Parse(c[I("Gen1")], Inv), Gen2 = int.Parse(c[I("Gen2")], Inv),
                    PeakHeapMB = D("PeakHeapMB"), PeakWorkingSetMB = D("PeakWorkingSetMB"), RetainedMB = D("RetainedMB"), Stamp = c[I("Stamp")], Note = c[I("Note")],
                });
            }
            return list;
        }

        private static List<List<string>> ReadCsv(string file)
        {
            var result = new List<List<string>>();
            foreach (var line in File.ReadAllLines(file))
            {
                if (line.Length == 0) continue;
                var cells = new List<string>();
                var cur = new StringBuilder();
                bool quoted = false;
                for (int i = 0; i < line.Length; i++)
                {
                    char ch = line[i];
                    if (quoted)
                    {
                        if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cur.Append('"'); i++; }
                        else if (ch == '"') quoted = false;
                        else cur.Append(ch);
                    }
                    else if (ch == '"') quoted = true;
                    else if (ch == ',') { cells.Add(cur.ToString()); cur.Clear(); }
                    else cur.Append(ch);
                }
                cells.Add(cur.ToString());
                result.Add(cells);
            }
            return result;
        }

        private static List<BdnRow> ReadBdn(string dir)
        {
            var list = new List<BdnRow>();
            if (!Directory.Exists(dir)) return list;
            foreach (var f in Directory.GetFiles(dir, "*-report-full.json"))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(f));
                foreach (var b in doc.RootElement.GetProperty("Benchmarks").EnumerateArray())
                {
                    if (!b.TryGetProperty("Statistics", out var st) || st.ValueKind != JsonValueKind.Object) continue;
                    var row = new BdnRow
                    {
                        Type = b.GetProperty("Type").GetString() ?? "",
                        Method = b.GetProperty("Method").GetString() ?? "",
                        Parameters = b.TryGetProperty("Parameters", out var p) ? p.GetString() ?? "" : "",
                        MedianNs = st.GetProperty("Median").GetDouble(),
                        MeanNs = st.GetProperty("Mean").GetDouble(),
                        MinNs = st.GetProperty("Min").GetDouble(),
                        StdDevNs = st.GetProperty("StandardDeviation").GetDouble(),
                    };
                    if (b.TryGetProperty("Memory", out var mem) && mem.ValueKind == JsonValueKind.Object && mem.TryGetProperty("BytesAllocatedPerOperation", out var a) && a.ValueKind == JsonValueKind.Number)
                        row.AllocatedBytes = a.GetDouble();
                    list.Add(row);
                }
            }
            return list;
        }

        private static string Get(Dictionary<string, string> d, string k) => d.TryGetValue(k, out var v) ? v : "";
        private static string Get(Dictionary<string, long> d, string k) => d.TryGetValue(k, out var v) ? v.ToString("N0", Inv) : "0";
        private static string F(double us) => double.IsNaN(us) ? "n/a" : us.ToString(Math.Abs(us) >= 100 ? "0" : Math.Abs(us) >= 10 ? "0.0" : "0.00", Inv);
        private static string Ns(double ns) => ns >= 1e6 ? (ns / 1e6).ToString("0.00", Inv) + " ms" : ns >= 1e3 ? (ns / 1e3).ToString("0.00", Inv) + " us" : ns.ToString("0", Inv) + " ns";
        private static string PerSecond(double ns) => ns <= 0 ? "" : (1e9 / ns) >= 1e6 ? (1e9 / ns / 1e6).ToString("0.00", Inv) + "M" : (1e9 / ns).ToString("N0", Inv);
        private static string Esc(string s) => s.Replace("|", "\\|");
        private static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
        private static string SizeLabel(long s) => s >= 1_000_000 && s % 1_000_000 == 0 ? (s / 1_000_000) + "M" : s >= 1000 && s % 1000 == 0 ? (s / 1000) + "k" : s.ToString(Inv);
        private static double NiceStep(double raw)
        {
            if (raw <= 0) return 1;
            double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double n = raw / mag;
            return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
        }
        private static string RuntimeLabel() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ", " + System.Runtime.InteropServices.RuntimeInformation.OSDescription;
    }
}
