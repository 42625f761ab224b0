using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace ListingPs.Bench
{
    /// <summary>
    /// <code>
    /// ListingPs.Bench data                      build (or reuse) the cached 100k and 1M-share workspaces in bench/.data
    /// ListingPs.Bench storage [count] [repeat] where Submit-Offer's engine time goes (issue 13; see StorageProfile)
    /// ListingPs.Bench trace-split f n         split a speedscope trace of Submit-Offer runs per offer (bench/profile.sh)
    /// ListingPs.Bench report [--out docs/bench] write results.md and scaling.svg from bench/.data/results and bench/.data/bdn
    /// ListingPs.Bench [BenchmarkDotNet args]    run benches, e.g. --filter '*EngineBenchmarks*' (all: --filter '*')
    /// </code>
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "data")
            {
                var m = CachedWorkspace.EnsureMedium(Console.Out);
                var l = CachedWorkspace.EnsureLarge(Console.Out);
                Console.WriteLine($"{m.Name}: {m.Shares:N0} shares; {l.Name}: {l.Shares:N0} shares ({CachedWorkspace.PathOf(l.Name)})");
                return 0;
            }
            if (args.Length > 0 && args[0] == "storage")
                return StorageProfile.Run(args, Console.Out);
            if (args.Length > 2 && args[0] == "trace-split")
                return TraceSplit.Run(args, Console.Out);
            if (args.Length > 0 && args[0] == "report")
            {
                string outDir = Path.Combine(BenchData.RepoRoot, "docs", "bench");
                for (int i = 1; i < args.Length - 1; i++) if (args[i] == "--out") outDir = Path.GetFullPath(args[i + 1]);
                Report.Write(outDir, Console.Out);
                return 0;
            }
            // Few, short iterations: the machine this runs on has two cores shared with other work, and the benches that
            // matter handle thousands of offers per invocation. --job overrides this job (it is the default job).
            var job = Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1).AsDefault();
            var config = ManualConfig.Create(DefaultConfig.Instance)
                .WithArtifactsPath(Path.Combine(BenchData.DataDir, "bdn"))
                .AddJob(job)
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddExporter(JsonExporter.Full);
            var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        }
    }
}
