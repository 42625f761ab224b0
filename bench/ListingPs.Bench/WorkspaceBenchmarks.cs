using ListingPs.Core.Workspace;
using System;
using BenchmarkDotNet.Attributes;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;

namespace ListingPs.Bench
{
    /// <summary>
    /// Workspace write throughput through ShareService, per offer, on a temporary SQLite file: what Submit-Offer and
    /// Import-Offer cost below PowerShell (Prepare + Submit/Import with every read and write, batch commits of 5,000 as the
    /// cmdlets commit). Each iteration starts from a fresh file (SubmitNew, ImportNew) or from one that already holds the
    /// batch (SubmitAgain: the update path, as a weekly runbook resubmits).
    /// </summary>
    [MemoryDiagnoser]
    [InvocationCount(1)]
    public class WriteBenchmarks
    {
        public const int Batch = 5000;
        private RuleSet _rules = null!;
        private OfferFields[] _fields = null!;
        private WorkspaceStore? _ws;
        private ShareService _svc = null!;
        private string? _path;

        [GlobalSetup]
        public void Setup()
        {
            _rules = BenchData.LoadRules();
            _fields = BenchData.FieldsRange(0, Batch);
        }

        private void Open()
        {
            Close();
            _path = BenchData.TempDb("write");
            _ws = WorkspaceStore.Open(_path);
            _svc = new ShareService(_ws, _rules);
        }

        [IterationSetup(Targets = new[] { nameof(SubmitNew), nameof(ImportNew) })]
        public void Fresh() => Open();

        [IterationSetup(Target = nameof(SubmitAgain))]
        public void Filled()
        {
            Open();
            SubmitAll();
        }

        [IterationCleanup]
        public void Cleanup() => Close();

        [GlobalCleanup]
        public void Close()
        {
            _ws?.Dispose();
            _ws = null;
            if (_path != null) BenchData.DeleteDb(_path);
            _path = null;
        }

        private int SubmitAll()
        {
            int n = 0;
            var options = new SubmitOptions();
            foreach (var f in _fields)
            {
                var offer = _svc.Prepare(f, "allegro-cz"); // as Submit-Offer does: the share is read with the offer
                options.Price = OfferParser.ParsePrice(f.MarketPrice ?? "", offer.OfferId, "MarketPrice", null);
                if (_svc.Submit(offer, "allegro-cz", options).State == ShareState.Refused) n++;
                _ws!.CommitIfDue();
            }
            _ws!.Commit();
            return n;
        }

        /// <summary>Submit-Offer's engine work for new offers: Prepare (one read: the offer with its share), Submit (offer and share writes, reason index), commits.</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int SubmitNew() => SubmitAll();

        /// <summary>The same offers submitted again: Prepare reads the stored offer with its share, Submit writes the share (the unchanged offer is not written).</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int SubmitAgain() => SubmitAll();

        /// <summary>Import-Offer's engine work for new offers.</summary>
        [Benchmark(OperationsPerInvoke = Batch)]
        public int ImportNew()
        {
            int n = 0;
            foreach (var f in _fields)
            {
                _svc.Import(_svc.Prepare(f));
                _ws!.CommitIfDue();
                n++;
            }
            _ws!.Commit();
            return n;
        }
    }

    /// <summary>
    /// One workspace call at a time, per call, on a copy of the cached 100k-share workspace: the reads Submit-Offer does
    /// per record (Offers.Get with its share; Offers.Get, Offers.Exists and Shares.Get alone) and the writes (Offers.Upsert, Shares.Upsert with and
    /// without the reason index), each inside the open batch transaction, committed once per invocation.
    /// </summary>
    [MemoryDiagnoser]
    public class WorkspaceCallBenchmarks
    {
        public const int Calls = 2000;
        private WorkspaceStore _ws = null!;
        private string _path = "";
        private string[] _ids = null!;
        private string[] _missing = null!;
        private Offer[] _offers = null!;
        private ShareRecord[] _approved = null!;
        private ShareRecord[] _refused = null!;

        [GlobalSetup]
        public void Setup()
        {
            var stamp = CachedWorkspace.EnsureMedium(Console.Out);
            _path = CachedWorkspace.Copy(CachedWorkspace.Medium);
            _ws = WorkspaceStore.Open(_path);
            var rules = BenchData.LoadRules();
            var eval = new Evaluator(rules, "allegro-cz");
            var rnd = new Random(5);
            _ids = new string[Calls];
            _missing = new string[Calls];
            _offers = new Offer[Calls];
            for (int i = 0; i < Calls; i++)
            {
                long index = rnd.Next((int)stamp.Offers);
                _ids[i] = BenchRows.Id(index);
                _missing[i] = BenchRows.Id(stamp.Offers + index);
                _offers[i] = _ws.Offers.Get(_ids[i]) ?? throw new InvalidOperationException("missing " + _ids[i]);
            }
            _approved = new ShareRecord[Calls];
            _refused = new ShareRecord[Calls];
            int a = 0, r = 0;
            for (long i = 0; a < Calls || r < Calls; i++)
            {
                var f = BenchData.Fields(i);
                var o = OfferParser.Parse(f, null, "allegro-pl", rules);
                var rec = eval.Evaluate(o, OfferParser.ParsePrice(f.MarketPrice ?? "", f.OfferId, "MarketPrice", null));
                if (rec.Reasons.Count == 0 && a < Calls) _approved[a++] = rec;
                else if (rec.Reasons.Count > 0 && r < Calls) _refused[r++] = rec;
            }
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _ws.Dispose();
            BenchData.DeleteDb(_path);
        }

        [Benchmark(OperationsPerInvoke = Calls)]
        public int OfferExists()
        {
            int n = 0;
            foreach (var id in _ids) if (_ws.Offers.Exists(id)) n++;
            return n;
        }

        /// <summary>The read Prepare does for every record: a stored offer (update).</summary>
        [Benchmark(OperationsPerInvoke = Calls)]
        public int GetOffer()
        {
            int n = 0;
            foreach (var id in _ids) if (_ws.Offers.Get(id) != null) n++;
            return n;
        }

        /// <summary>The read Submit-Offer's Prepare does for every record: no stored offer (a new one), asked with its share.</summary>
        [Benchmark(OperationsPerInvoke = Calls)]
        public int GetOfferMissing()
        {
            int n = 0;
            foreach (var id in _missing) if (_ws.OfferStore.Get(id, "allegro-cz", out _) == null) n++;
            return n;
        }

        /// <summary>A share record read by key (what Submit reads for an offer already stored, and Set-OfferCzkPrice for every record).</summary>
        [Benchmark(OperationsPerInvoke = Calls)]
        public int GetShare()
        {
            int n = 0;
            foreach (var id in _ids) if (_ws.Shares.Get("allegro-cz", id) != null) n++;
            return n;
        }

        /// <summary>The read Submit-Offer does for every record: the stored offer with its share to the market, one statement.</summary>
        [Benchmark(OperationsPerInvoke = Calls)]
        public int GetOfferWithShare()
        {
            int n = 0;
            foreach (var id in _ids) if (_ws.OfferStore.Get(id, "allegro-cz", out var share) != null && share != null) n++;
            return n;
        }

        [Benchmark(OperationsPerInvoke = Calls)]
        public int UpsertOffer()
        {
            foreach (var o in _offers) _ws.Offers.Upsert(o);
            _ws.Commit();
            return _offers.Length;
        }

        /// <summary>A share with no reasons and none stored before: one INSERT OR REPLACE.</summary>
        [Benchmark(OperationsPerInvoke = Calls)]
        public int UpsertShareNoReasons()
        {
            foreach (var s in _approved) _ws.Shares.Upsert(s, false, hadReasons: false);
            _ws.Commit();
            return _approved.Length;
        }

        /// <summary>A refused share replacing one with reasons: the share row, then the reason index (DELETE, one INSERT per reason).</summary>
        [Benchmark(OperationsPerInvoke = Calls)]
        public int UpsertShareWithReasons()
        {
            foreach (var s in _refused) _ws.Shares.Upsert(s, false, hadReasons: true);
            _ws.Commit();
            return _refused.Length;
        }
    }
}
