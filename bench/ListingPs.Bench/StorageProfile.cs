using ListingPs.Core.Workspace;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;

namespace ListingPs.Bench
{
    /// <summary>
    /// <c>ListingPs.Bench storage [count] [repeat]</c> (issue 13): where Submit-Offer's engine time goes for <c>count</c> new
    /// offers (default 100,000), by difference of passes run interleaved in one process (fastest of <c>repeat</c>, default 3):
    /// parsing alone, parsing with pricing and verification, the Test-Offer path (plus the read of the offer with its share),
    /// the whole Submit path with its commits (commit time measured apart), and the Submit path on workspaces changed one
    /// thing at a time (a secondary index dropped, batch size, WAL checkpointing, page cache). Each pass starts from a fresh
    /// file. The calling thread's CPU time is reported beside wall time (the machine is shared; the checkpoint worker's time is not in it).
    /// </summary>
    public static class StorageProfile
    {
        private sealed class Pass
        {
            public Pass(string name, Func<int, (double Wall, double Cpu, double Commit)> run) { Name = name; Run = run; }
            public string Name { get; }
            public Func<int, (double Wall, double Cpu, double Commit)> Run { get; }
            public List<(double Wall, double Cpu, double Commit)> Results { get; } = new();
        }

        private static RuleSet _rules = null!;
        private static OfferFields[] _fields = null!;

        public static int Run(string[] args, TextWriter output)
        {
            int count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
            int repeat = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
            string? only = args.Length > 3 ? args[3] : null;
            _rules = BenchData.LoadRules();
            _fields = BenchData.FieldsRange(0, count);
            var passes = new List<Pass>
            {
                new("parse (OfferParser, own price)", n => Timed(n, null, (svc, ws, f) => { var o = OfferParser.Parse(f, null, "allegro-pl", _rules); OfferParser.ParsePrice(f.MarketPrice ?? "", o.OfferId, "MarketPrice", null); })),
                new("parse + price + verify (Evaluate)", n => EvaluateOnly(n)),
                new("Test path: read offer+share (miss) + parse + price + verify", n => Timed(n, null, (svc, ws, f) =>
                {
                    var offer = svc.Prepare(f, "allegro-cz");
                    svc.Test(offer, "allegro-cz", Options(f, offer.Offer));
                })),
                new("Submit path (as is)", n => Submit(n, null)),
                new("Submit, checkpoints on the committing thread (wal_autocheckpoint=1000, before issue 13)", n => Submit(n, null, background: false)),
                new("Submit, no shares_offer index", n => Submit(n, ws => Exec(ws, "DROP INDEX shares_offer"))),
                new("Submit, no shares_state index", n => Submit(n, ws => Exec(ws, "DROP INDEX shares_state"))),
                new("Submit, no offers_market index", n => Submit(n, ws => Exec(ws, "DROP INDEX offers_market"))),
                new("Submit, no share_reasons_code index", n => Submit(n, ws => Exec(ws, "DROP INDEX share_reasons_code"))),
                new("Submit, no secondary index at all", n => Submit(n, ws => Exec(ws, "DROP INDEX shares_offer; DROP INDEX shares_state; DROP INDEX offers_market; DROP INDEX share_reasons_code"))),
                new("Submit, batches of 50,000", n => Submit(n, ws => ws.BatchSize = 50_000)),
                new("Submit, batches of 1,000", n => Submit(n, ws => ws.BatchSize = 1_000)),
                new("Submit, wal_autocheckpoint=0 (no checkpoint during the run)", n => Submit(n, ws => Exec(ws, "PRAGMA wal_autocheckpoint=0"))),
                new("Submit, wal_autocheckpoint=10000", n => Submit(n, ws => Exec(ws, "PRAGMA wal_autocheckpoint=10000"))),
                new("Submit, cache_size 256 MB", n => Submit(n, ws => Exec(ws, "PRAGMA cache_size=-262144"))),
                new("Submit, cache_size 8 MB", n => Submit(n, ws => Exec(ws, "PRAGMA cache_size=-8192"))),
                new("Submit, synchronous=OFF (reference only)", n => Submit(n, ws => Exec(ws, "PRAGMA synchronous=OFF"))),
            };
            if (only != null && only.StartsWith("pass:", StringComparison.Ordinal))
            {
                // One pass, once, no warm-up: for instruction counts (valgrind --tool=callgrind), where the difference of two
                // counts of offers gives the instructions per offer.
                var one = passes.First(p => p.Name.Contains(only.Substring(5), StringComparison.OrdinalIgnoreCase));
                var x = one.Run(count);
                output.WriteLine($"{one.Name}: {count:N0} offers, {x.Wall:0.000} s");
                return 0;
            }
            if (only != null) passes = passes.Where((p, i) => i < 4 || p.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
            output.WriteLine($"storage profile: {count:N0} new offers per pass, fastest of {repeat}, {Environment.ProcessorCount} cores");
            // Warm-up: every pass on 2,000 offers, three times with pauses (tiered JIT recompiles hot methods in the background).
            for (int w = 0; w < 3; w++)
            {
                foreach (var p in passes) p.Run(Math.Min(2000, count));
                System.Threading.Thread.Sleep(300);
            }
            for (int r = 0; r < repeat; r++)
                foreach (var p in passes) p.Results.Add(p.Run(count));
            output.WriteLine($"| pass | us/offer (wall) | us/offer (this thread's CPU) | of which commits (wall) |");
            output.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var p in passes)
            {
                var best = p.Results.OrderBy(x => x.Wall).First();
                double cpu = p.Results.Min(x => x.Cpu);
                output.WriteLine($"| {p.Name} | {best.Wall * 1e6 / count:0.00} | {cpu * 1e6 / count:0.00} | {(best.Commit > 0 ? (best.Commit * 1e6 / count).ToString("0.00") : "")} |");
            }
            return 0;
        }

        private static SubmitOptions Options(OfferFields f, Offer offer) => new SubmitOptions
        {
            Price = OfferParser.ParsePrice(f.MarketPrice ?? "", offer.OfferId, "MarketPrice", null),
        };

        private static void Exec(WorkspaceStore ws, string sql)
        {
            foreach (var s in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                using var c = ws.NewCommand(s);
                c.ExecuteNonQuery();
            }
        }

        private static (double, double, double) EvaluateOnly(int n)
        {
            var market = _rules.GetMarket("allegro-cz");
            return Timed(n, null, (svc, ws, f) =>
            {
                var offer = OfferParser.Parse(f, null, "allegro-pl", _rules);
                var own = OfferParser.ParsePrice(f.MarketPrice ?? "", offer.OfferId, "MarketPrice", null);
                svc.Evaluate(offer, market, own.HasValue ? PriceRequest.Own(own.Value) : PriceRequest.Converter, false, null);
            });
        }

        private static (double, double, double) Submit(int n, Action<WorkspaceStore>? setup, bool background = true)
        {
            WorkspaceStore.BackgroundCheckpoints = background;
            double commit = 0;
            var sw = new Stopwatch();
            var r = Timed(n, setup, (svc, ws, f) =>
            {
                svc.BeginWrite();
                var offer = svc.Prepare(f, "allegro-cz");
                svc.Submit(offer, "allegro-cz", Options(f, offer.Offer));
                if (ws.PendingWrites >= ws.BatchSize)
                {
                    sw.Restart(); ws.Commit(); commit += sw.Elapsed.TotalSeconds;
                }
            }, ws => { sw.Restart(); ws.Commit(); commit += sw.Elapsed.TotalSeconds; });
            WorkspaceStore.BackgroundCheckpoints = true;
            return (r.Item1, r.Item2, commit);
        }

        private static (double, double, double) Timed(int n, Action<WorkspaceStore>? setup, Action<ShareService, WorkspaceStore, OfferFields> each, Action<WorkspaceStore>? end = null)
        {
            var path = BenchData.TempDb("profile");
            try
            {
                using var ws = WorkspaceStore.Open(path);
                var svc = new ShareService(ws, _rules);
                setup?.Invoke(ws);
                ws.Commit();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var cpu0 = ThreadCpu();
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < n; i++) each(svc, ws, _fields[i]);
                end?.Invoke(ws);
                var wall = sw.Elapsed.TotalSeconds;
                var cpu = (ThreadCpu() - cpu0).TotalSeconds;
                ws.Commit();
                return (wall, cpu, 0);
            }
            finally { BenchData.DeleteDb(path); }
        }

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct TimeSpec { public long Seconds; public long Nanoseconds; }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        /// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID): what the pipeline thread itself spends,
        /// whatever else the machine runs; elsewhere the process's time.</summary>
        private static TimeSpan ThreadCpu()
        {
            if (OperatingSystem.IsLinux() && ClockGetTime(3, out var t) == 0)
                return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
            return Process.GetCurrentProcess().TotalProcessorTime;
        }
    }
}
