using ListingPs.Core.Workspace;
using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;

namespace ListingPs.Bench.ConnectionMemory
{
    /// <summary>
    /// Creates a connection from allegro-pl to allegro-cz, -sk and -hu over N generated source offers (the pipeline bench's
    /// rows) and prints the peak working set (the kernel's high-water mark, reset after the offers are imported), the peak
    /// managed heap (sampled every 5 ms), time and allocation per source offer. Run one size per process:
    /// <code>dotnet run -c Release --project bench/ConnectionMemory -- 20000 [200000 ...]</code> (each size runs in a child process);
    /// <c>-- --alloc 10000 [amazon]</c> prints what is allocated, by type, in this process.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 2 && args[0] == "--one") return RunOne(long.Parse(args[1]));
            if (args.Length >= 2 && args[0] == "--alloc") { _alloc = new AllocationSampler(); _amazon = args.Length > 2 && args[2] == "amazon"; return RunOne(long.Parse(args[1])); }
            var exe = Environment.ProcessPath!;
            var dll = typeof(Program).Assembly.Location;
            foreach (var a in args.Length == 0 ? new[] { "20000", "200000" } : args)
            {
                var psi = new ProcessStartInfo(exe) { UseShellExecute = false };
                if (!string.Equals(Path.GetFileNameWithoutExtension(exe), Path.GetFileNameWithoutExtension(dll), StringComparison.OrdinalIgnoreCase)) psi.ArgumentList.Add(dll);
                psi.ArgumentList.Add("--one");
                psi.ArgumentList.Add(a);
                using var p = Process.Start(psi)!;
                p.WaitForExit();
                if (p.ExitCode != 0) return p.ExitCode;
            }
            return 0;
        }

        private static long _peakHeap, _peakRss;
        private static AllocationSampler? _alloc;
        private static bool _amazon; // --alloc N amazon: amazon-us -> amazon-ca, -mx, -br instead

        private static int RunOne(long n)
        {
            var rules = BenchData.LoadRules();
            var path = BenchData.TempDb("connmem");
            try
            {
                using (var ws = WorkspaceStore.Open(path))
                {
                    var shares = new ShareService(ws, rules);
                    for (long i = 0; i < n; i++)
                    {
                        var f = BenchData.Fields(i);
                        if (_amazon) { f.Market = "amazon-us"; if (string.IsNullOrEmpty(f.Price)) f.Price = "19.99"; if (i % 2 == 0) f.Fulfillment = "FBA"; }
                        shares.Import(shares.Prepare(f));
                        ws.CommitIfDue();
                    }
                    ws.Commit();
                }
                using (var ws = WorkspaceStore.Open(path))
                {
                    var svc = new ConnectionService(new ShareService(ws, rules));
                    GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
                    bool exact = ResetPeakRss();
                    _peakHeap = GC.GetTotalMemory(false);
                    _peakRss = Rss();
                    SQLitePCL.raw.sqlite3_memory_highwater(1);
                    long sqlite0 = SQLitePCL.raw.sqlite3_memory_used();
                    long alloc0 = GC.GetTotalAllocatedBytes(true);
                    using var timer = new Timer(_ => Sample(), null, 5, 5);
                    _alloc?.Start();
                    var sw = Stopwatch.StartNew();
                    var plan = _amazon
                        ? svc.PlanConnection("amazon-us", new[] { "amazon-ca", "amazon-mx", "amazon-br" }, new ConnectionRules())
                        : svc.PlanConnection("allegro-pl", new[] { "allegro-cz", "allegro-sk", "allegro-hu" }, new ConnectionRules());
                    var c = svc.Create(plan, true);
                    sw.Stop();
                    timer.Dispose();
                    _alloc?.Stop();
                    Sample();
                    long alloc = GC.GetTotalAllocatedBytes(true) - alloc0;
                    long sqlitePeak = SQLitePCL.raw.sqlite3_memory_highwater(0);
                    long hwm = exact ? HighWaterMark() : _peakRss;
                    Console.WriteLine(
                        $"{n,9:N0} source offers: {sw.Elapsed.TotalSeconds,7:F1} s, {sw.Elapsed.TotalMilliseconds * 1000 / n,6:F1} us and {alloc / 1024.0 / n,5:F1} KB allocated per source offer; " +
                        $"peak working set {hwm / 1048576.0,6:F0} MB{(exact ? "" : " (sampled)")}, peak managed heap {_peakHeap / 1048576.0,5:F0} MB, SQLite's peak {sqlitePeak / 1048576.0,5:F0} MB (from {sqlite0 / 1048576.0:F0}); " +
                        $"{c.Summary.Evaluated:N0} evaluated, {c.Summary.Synchronized:N0} synchronized");
                    var wal = new FileInfo(path + "-wal");
                    Console.WriteLine($"{"",9} WAL after the run: {(wal.Exists ? wal.Length / 1048576.0 : 0),6:F0} MB; workspace file {new FileInfo(path).Length / 1048576.0,6:F0} MB");
                    _alloc?.Print(n);
                    // Get-MarketConnection: the connection with its state (SyncDue) and totals, as the cmdlet reads it.
                    SQLitePCL.raw.sqlite3_memory_highwater(1);
                    sw.Restart();
                    var got = svc.GetConnection(c.ConnectionId);
                    sw.Stop();
                    Console.WriteLine($"{"",9} Get-MarketConnection: {sw.Elapsed.TotalMilliseconds,7:F1} ms ({got.State}), SQLite's peak {SQLitePCL.raw.sqlite3_memory_highwater(0) / 1048576.0,5:F0} MB");
                    sw.Restart();
                    bool due = ws.Connections.IsSyncDue(got);
                    var syncDue = sw.Elapsed.TotalMilliseconds;
                    sw.Restart();
                    var tally = ws.Connections.CountRowsByStatusAndReason(got.ConnectionId);
                    Console.WriteLine($"{"",9}   of which SyncDue {syncDue,7:F1} ms ({due}), totals {sw.Elapsed.TotalMilliseconds,7:F1} ms ({tally.Count} status/reason pairs)");
                }
                return 0;
            }
            finally { BenchData.DeleteDb(path); }
        }

        private static void Sample()
        {
            long h = GC.GetTotalMemory(false), cur;
            while (h > (cur = Interlocked.Read(ref _peakHeap))) Interlocked.CompareExchange(ref _peakHeap, h, cur);
            long r = Rss();
            while (r > (cur = Interlocked.Read(ref _peakRss))) Interlocked.CompareExchange(ref _peakRss, r, cur);
        }

        private static long Rss()
        {
            using var p = Process.GetCurrentProcess();
            return p.WorkingSet64;
        }

        /// <summary>Resets the kernel's peak-RSS mark (Linux), so VmHWM is the peak of what follows.</summary>
        private static bool ResetPeakRss()
        {
            try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
            catch (Exception) { return false; }
        }

        private static long HighWaterMark()
        {
            foreach (var line in File.ReadAllLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Substring(6).Trim().Split(' ')[0]) * 1024;
            return _peakRss;
        }
    
    }

    /// <summary>--alloc N: what the allocations of the run are, by type (the runtime's AllocationTick samples, one per ~100 KB).</summary>
    internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
    {
        private readonly System.Collections.Generic.Dictionary<string, long> _bytes = new System.Collections.Generic.Dictionary<string, long>();
        private volatile bool _on;

        public void Start() => _on = true;
        public void Stop() => _on = false;

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            if (!_on || e.EventName == null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload == null) return;
            int i = e.PayloadNames!.IndexOf("TypeName");
            int a = e.PayloadNames.IndexOf("AllocationAmount64");
            if (i < 0) return;
            var type = e.Payload[i] as string ?? "?";
            long amount = a >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
            lock (_bytes) _bytes[type] = (_bytes.TryGetValue(type, out var b) ? b : 0) + amount;
        }

        public void Print(long offers)
        {
            var list = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, long>>(_bytes);
            list.Sort((x, y) => y.Value.CompareTo(x.Value));
            foreach (var kv in list.GetRange(0, Math.Min(25, list.Count)))
                Console.WriteLine($"  {kv.Value / 1024.0 / offers,7:F2} KB/offer  {kv.Key}");
        }
    }
}
