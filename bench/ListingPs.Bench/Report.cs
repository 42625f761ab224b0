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
            sb.AppendLine();

            // Targets.
            sb.AppendLine("## Targets of issue 5");
            sb.AppendLine();
            sb.AppendLine("| Target | Measured | Verdict |");
            sb.AppendLine("| --- | --- | --- |");
            foreach (var size in sizes)
            {
                var floor = Find(rows, size, "Held", Floor);
                var submit = Find(rows, size, "Held", Submit);
                var script = Find(rows, size, "Held", ScriptFn);
                if (floor != null && submit != null)
                {
                    double ratio = submit.UsPerOffer / floor.UsPerOffer;
                    sb.AppendLine($"| `Submit-Offer` within 2x of `Where-Object OfferId`, {size:N0} offers | {F(submit.UsPerOffer)} us vs {F(floor.UsPerOffer)} us = **{ratio:0.0}x** | {(ratio <= 2 ? "met" : $"missed by {ratio / 2:0.0}x")} |");
                }
                if (script != null && submit != null)
                {
                    double ratio = script.UsPerOffer / submit.UsPerOffer;
                    sb.AppendLine($"| `Submit-Offer` at least 5x faster than the script function, {size:N0} offers | {F(script.UsPerOffer)} us / {F(submit.UsPerOffer)} us = **{ratio:0.0}x** | {(ratio >= 5 ? "met" : $"missed: {5 / ratio:0.0}x short")} |");
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
                sb.AppendLine($"| Peak memory does not grow with the offers piped (`Submit-Offer`, streamed) | peak working set {a.PeakWorkingSetMB:N0} MB at {a.Size:N0} -> {b.PeakWorkingSetMB:N0} MB at {b.Size:N0}; peak heap {a.PeakHeapMB:N0} -> {b.PeakHeapMB:N0} MB; heap left after a full GC {a.RetainedMB:N0} -> {b.RetainedMB:N0} MB | {(b.PeakWorkingSetMB <= a.PeakWorkingSetMB * 1.25 + 32 ? "met" : "grows")} |");
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

            sb.Append(WhereTheTimeGoes(rows, bdn, sizes, meta));
            sb.AppendLine("![time and memory from 10k to 1M offers](scaling.svg)");
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
            var parts = new List<(string What, double Us, string Evidence)>
            {
                ("pipeline floor of a binary cmdlet (enumerate, ProcessRecord, InputObject)", input, "probe: InputObject only"),
                inputObjectPath
                    ? ("reading the row's 13 properties (InputObject path: one bound parameter, properties read by name)", U("binary cmdlet, InputObject, reads 13 properties itself") - input, "probe: reads 13 properties - InputObject only")
                    : ("binding 13 properties by name (15 declared)", U("binary cmdlet, 15 by property name (13 bind) + InputObject") - input, "probe: 15 by name - InputObject only"),
                ("ShouldProcess per record", U("binary cmdlet, InputObject, ShouldProcess per record") - input, "probe: ShouldProcess - InputObject only"),
                ("WriteObject per record", U("binary cmdlet, InputObject, WriteObject per record") - input, "probe: WriteObject - InputObject only"),
                ("progress (ReportProgress per record, WriteProgress every 250 ms)", submit - U("Submit-Offer, $ProgressPreference = SilentlyContinue"), "Submit-Offer - same with progress off"),
                ("engine: parse fields, price, verify, build the record", B("EngineBenchmarks", "ParseAndEvaluate", "Mix=assortment"), "BDN ParseAndEvaluate"),
                ("workspace reads (GetOffer miss in Prepare, OfferExists in Submit)", B("WorkspaceCallBenchmarks", "GetOfferMissing") + B("WorkspaceCallBenchmarks", "OfferExists"), "BDN GetOfferMissing + OfferExists"),
                ("workspace writes (UpsertOffer, UpsertShare, reason index; about a third of the offers have reasons)",
                    B("WorkspaceCallBenchmarks", "UpsertOffer") + (2 * B("WorkspaceCallBenchmarks", "UpsertShareNoReasons") + B("WorkspaceCallBenchmarks", "UpsertShareWithReasons")) / 3,
                    "BDN UpsertOffer + weighted UpsertShare"),
            };
            double known = parts.Where(p => !double.IsNaN(p.Us)).Sum(p => p.Us);
            sb.AppendLine($"## Where Submit-Offer's time goes ({size:N0} offers, held rows)");
            sb.AppendLine();
            sb.AppendLine($"`Submit-Offer` took {F(submit)} us per offer in that run. The parts below come from the probe cmdlets of the same");
            sb.AppendLine("process (bench/pipeline/ListingPs.Bench.Pipeline: cmdlets that only bind, only call ShouldProcess, only write) and from the");
            sb.AppendLine("BenchmarkDotNet medians of the engine and the workspace calls; the rest is what none of them isolates (the cmdlet's own");
            sb.AppendLine("per-record code: CurrentFields, InputProperty lookups of Price, the Try/closure, logging checks, CommitIfDue, commits).");
            sb.AppendLine();
            sb.AppendLine("| Part | us/offer | Share | Evidence |");
            sb.AppendLine("| --- | ---: | ---: | --- |");
            foreach (var p in parts)
                sb.AppendLine($"| {p.What} | {F(p.Us)} | {(double.IsNaN(p.Us) ? "" : (p.Us / submit).ToString("0%", Inv))} | {p.Evidence} |");
            sb.AppendLine($"| rest | {F(submit - known)} | {((submit - known) / submit).ToString("0%", Inv)} | Submit-Offer - the parts above |");
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
            const int W = 960, H = 420, panelW = 420, panelH = 300, top = 60, left1 = 70, left2 = 560;
            var sizes = rows.Select(r => r.Size).Distinct().OrderBy(s => s).ToList();
            var sb = new StringBuilder();
            sb.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"12\">");
            sb.AppendLine($"<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>");
            sb.AppendLine("<text x=\"480\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">ListingPs pipelines from 10k to 1M offers (hosted PowerShell 7.6)</text>");
            if (sizes.Count == 0) { sb.AppendLine("</svg>"); return sb.ToString(); }
            string[] colors = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2" };
            var timeOps = new[] { Floor, ForEach, ScriptFn, Import, Submit, Fix };
            var timeLabels = new[] { "Where-Object OfferId (floor)", "ForEach-Object { $_ }", "script function", "Import-Offer", "Submit-Offer", "Get-VerificationStatus | Set-OfferCzkPrice" };
            var series = new List<(string Label, List<(long X, double Y)> Points)>();
            for (int i = 0; i < timeOps.Length; i++)
                series.Add((timeLabels[i], sizes.Select(s => (s, Find(rows, s, "Held", timeOps[i])?.UsPerOffer ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()));
            Panel(sb, left1, top, panelW, panelH, sizes, series, colors, "time per offer, rows held (us)");
            var memOps = new[] { (Floor, "Where-Object: peak working set"), (Submit, "Submit-Offer: peak working set"), (Import, "Import-Offer: peak working set") };
            var mem = new List<(string Label, List<(long X, double Y)> Points)>();
            foreach (var (op, label) in memOps)
                mem.Add((label, sizes.Select(s => (s, Find(rows, s, "Stream", op)?.PeakWorkingSetMB ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()));
            mem.Add(("Submit-Offer: peak managed heap", sizes.Select(s => (s, Find(rows, s, "Stream", Submit)?.PeakHeapMB ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()));
            mem.Add(("Submit-Offer: heap after full GC", sizes.Select(s => (s, Find(rows, s, "Stream", Submit)?.RetainedMB ?? double.NaN)).Where(p => !double.IsNaN(p.Item2)).ToList()));
            Panel(sb, left2, top, panelW - 60, panelH, sizes, mem, colors, "memory, rows streamed (MB)");
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
                int ly = y0 + h + 44 + (i / 2) * 14;
                int lx = x0 + (i % 2) * (w / 2 + 10) - 40;
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
