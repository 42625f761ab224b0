using ListingPs.Core.Workspace;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using ListingPs.Core;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;

namespace ListingPs.Bench
{
    /// <summary>What a cached workspace holds and how long it took to build (bench/.data/&lt;name&gt;.json).</summary>
    public sealed class WorkspaceStamp
    {
        public string Key { get; set; } = "";
        public string Name { get; set; } = "";
        public long Offers { get; set; }
        public long Submitted { get; set; }
        public long Imported { get; set; }
        public long VisibilityRefused { get; set; }
        public long Errors { get; set; }
        public double SubmitSeconds { get; set; }
        public double ImportSeconds { get; set; }
        public double VisibilitySeconds { get; set; }
        public long FileBytes { get; set; }
        public Dictionary<string, long> SharesByState { get; set; } = new Dictionary<string, long>();
        public Dictionary<string, long> SharesByReason { get; set; } = new Dictionary<string, long>();
        public string BuiltAt { get; set; } = "";

        public long Shares { get { long n = 0; foreach (var v in SharesByState.Values) n += v; return n; } }
        public double SubmitPerSecond => SubmitSeconds > 0 ? Submitted / SubmitSeconds : 0;
        public double ImportPerSecond => ImportSeconds > 0 ? Imported / ImportSeconds : 0;
    }

    /// <summary>
    /// Workspaces the benches read, built once through ShareService and kept in bench/.data until the engine changes (the
    /// key holds ListingPs.Core's module version id, which a deterministic build changes only with the code).
    /// <para>The 1M-share workspace: 1,100,000 generated offers; three of four submitted to allegro-cz (Submit, the
    /// converter or the row's own CZK price), every fourth only imported, then the weekly visibility check refuses the
    /// imported active offers that deliver to CZ (VQR001): about a million shares, as the runbook would leave them.</para>
    /// </summary>
    public static class CachedWorkspace
    {
        public const string Large = "workspace-1m";
        public const string Medium = "workspace-100k";

        public static string PathOf(string name) => System.IO.Path.Combine(BenchData.DataDir, name + ".db");

        private static string Key(long offers, int importEvery, bool visibility) =>
            string.Format(CultureInfo.InvariantCulture, "v2|{0}|{1}|{2}|{3}", offers, importEvery, visibility,
                typeof(WorkspaceStore).Assembly.ManifestModule.ModuleVersionId);

        public static WorkspaceStamp? ReadStamp(string name)
        {
            var f = System.IO.Path.Combine(BenchData.DataDir, name + ".json");
            if (!File.Exists(f)) return null;
            try { return JsonSerializer.Deserialize<WorkspaceStamp>(File.ReadAllText(f)); }
            catch (JsonException) { return null; }
        }

        public static WorkspaceStamp EnsureLarge(TextWriter? log = null) => Ensure(Large, 1_100_000, 4, true, log);

        public static WorkspaceStamp EnsureMedium(TextWriter? log = null) => Ensure(Medium, 100_000, 0, false, log);

        /// <param name="importEvery">Every n-th offer is only imported (0: all submitted).</param>
        public static WorkspaceStamp Ensure(string name, long offers, int importEvery, bool visibility, TextWriter? log)
        {
            var key = Key(offers, importEvery, visibility);
            var path = PathOf(name);
            var stamp = ReadStamp(name);
            if (stamp != null && stamp.Key == key && File.Exists(path)) return stamp;
            log?.WriteLine($"Building {name} ({offers:N0} offers) in {path} ...");
            var tmp = path + ".building";
            BenchData.DeleteDb(tmp);
            stamp = new WorkspaceStamp { Key = key, Name = name, Offers = offers };
            var rules = BenchData.LoadRules();
            using (var ws = WorkspaceStore.Open(tmp))
            {
                var svc = new ShareService(ws, rules);
                var submit = new Stopwatch();
                var import = new Stopwatch();
                var progress = Stopwatch.StartNew();
                for (long i = 0; i < offers; i++)
                {
                    var f = BenchData.Fields(i);
                    bool onlyImport = importEvery > 0 && i % importEvery == importEvery - 1;
                    var sw = onlyImport ? import : submit;
                    sw.Start();
                    try
                    {
                        var offer = svc.Prepare(f);
                        if (onlyImport) { svc.Import(offer); stamp.Imported++; }
                        else
                        {
                            var own = OfferParser.ParsePrice(f.MarketPrice ?? "", offer.OfferId, "MarketPrice", null);
                            svc.Submit(offer, "allegro-cz", new SubmitOptions { Price = own });
                            stamp.Submitted++;
                        }
                        ws.CommitIfDue();
                    }
                    catch (ListingPsException) { stamp.Errors++; }
                    sw.Stop();
                    if (log != null && progress.ElapsedMilliseconds > 10000)
                    {
                        log.WriteLine($"  {i + 1:N0} of {offers:N0}");
                        progress.Restart();
                    }
                }
                ws.Commit();
                stamp.SubmitSeconds = submit.Elapsed.TotalSeconds;
                stamp.ImportSeconds = import.Elapsed.TotalSeconds;
                if (visibility)
                {
                    var sw = Stopwatch.StartNew();
                    foreach (var _ in svc.RunVisibilityCheck("allegro-cz")) stamp.VisibilityRefused++;
                    ws.Commit();
                    stamp.VisibilitySeconds = sw.Elapsed.TotalSeconds;
                }
                foreach (var kv in ws.Shares.CountByState("allegro-cz")) stamp.SharesByState[kv.Key.ToString()] = kv.Value;
                foreach (var kv in ws.Shares.CountByReason("allegro-cz")) stamp.SharesByReason[kv.Key] = kv.Value;
            }
            BenchData.DeleteDb(path);
            File.Move(tmp, path);
            stamp.FileBytes = new FileInfo(path).Length;
            stamp.BuiltAt = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture);
            File.WriteAllText(System.IO.Path.Combine(BenchData.DataDir, name + ".json"),
                JsonSerializer.Serialize(stamp, new JsonSerializerOptions { WriteIndented = true }));
            log?.WriteLine($"  {stamp.Shares:N0} shares; submit {stamp.SubmitPerSecond:N0}/s, import {stamp.ImportPerSecond:N0}/s, visibility check {stamp.VisibilitySeconds:N1} s");
            return stamp;
        }

        /// <summary>A private copy of a cached workspace (for benches that write), deleted with <see cref="BenchData.DeleteDb"/>.</summary>
        public static string Copy(string name)
        {
            var copy = BenchData.TempDb(name);
            File.Copy(PathOf(name), copy, true);
            return copy;
        }
    }
}
