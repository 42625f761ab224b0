using ListingPs.Core.Workspace;
using System.IO;
using BenchmarkDotNet.Attributes;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;

namespace ListingPs.Bench
{
    /// <summary>
    /// New-MarketConnection's engine work per source offer, three targets each: allegro-pl -> allegro-cz, -sk, -hu (every
    /// eligible offer is shared and verified on each target) and amazon-us -> amazon-ca, -mx, -br (rule prices, report rows
    /// only), and Sync-MarketConnection of the Allegro connection with nothing changed. Every iteration starts from a copy of
    /// a workspace that holds the source offers (the pipeline bench's rows), made once per run.
    /// </summary>
    [MemoryDiagnoser]
    [InvocationCount(1)]
    public class ConnectionBenchmarks
    {
        public const int Offers = 5000;
        private static readonly string[] AllegroTargets = { "allegro-cz", "allegro-sk", "allegro-hu" };
        private static readonly string[] AmazonTargets = { "amazon-ca", "amazon-mx", "amazon-br" };
        private ListingPs.Core.Rules.RuleSet _rules = null!;
        private string _template = "";
        private string? _path;
        private WorkspaceStore? _ws;
        private ConnectionService _svc = null!;

        [GlobalSetup]
        public void Setup()
        {
            _rules = BenchData.LoadRules();
            _template = BenchData.TempDb("conn-template");
            using var ws = WorkspaceStore.Open(_template);
            var shares = new ShareService(ws, _rules);
            for (long i = 0; i < Offers; i++)
            {
                var f = BenchData.Fields(i);
                shares.Import(shares.Prepare(f));
                // The same row as an Amazon source offer (ASIN-like product id, SKU in its own range).
                f = BenchData.Fields(i);
                f.OfferId = "US-" + f.OfferId;
                f.Market = "amazon-us";
                f.Price = f.Price != null && f.Price.Length > 0 ? f.Price : "19.99";
                shares.Import(shares.Prepare(f));
                ws.CommitIfDue();
            }
            ws.Commit();
        }

        private void Open()
        {
            Close();
            _path = BenchData.TempDb("conn");
            File.Copy(_template, _path);
            _ws = WorkspaceStore.Open(_path);
            _svc = new ConnectionService(new ShareService(_ws, _rules));
        }

        [IterationSetup(Targets = new[] { nameof(CreateAllegro), nameof(CreateAmazon) })]
        public void Fresh() => Open();

        [IterationSetup(Target = nameof(SyncAllegroUnchanged))]
        public void Connected()
        {
            Open();
            CreateAllegro();
        }

        [IterationCleanup]
        public void Cleanup() => Close();

        [GlobalCleanup]
        public void GlobalCleanup()
        {
            Close();
            BenchData.DeleteDb(_template);
        }

        private void Close()
        {
            _ws?.Dispose();
            _ws = null;
            if (_path != null) BenchData.DeleteDb(_path);
            _path = null;
        }

        /// <summary>New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz, allegro-sk, allegro-hu, per source offer.</summary>
        [Benchmark(OperationsPerInvoke = Offers)]
        public long CreateAllegro() =>
            _svc.Create(_svc.PlanConnection("allegro-pl", AllegroTargets, new ConnectionRules()), true).Summary.Evaluated;

        /// <summary>New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx, amazon-br, per source offer.</summary>
        [Benchmark(OperationsPerInvoke = Offers)]
        public long CreateAmazon() =>
            _svc.Create(_svc.PlanConnection("amazon-us", AmazonTargets, new ConnectionRules()), true).Summary.Evaluated;

        /// <summary>Sync-MarketConnection of the Allegro connection when nothing changed, per source offer.</summary>
        [Benchmark(OperationsPerInvoke = Offers)]
        public long SyncAllegroUnchanged() => _svc.Sync("C001").Summary.Evaluated;
    }
}
