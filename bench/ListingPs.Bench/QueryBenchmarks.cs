using System.Linq;
using BenchmarkDotNet.Attributes;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;
using ListingPs.Core.Workspace;

namespace ListingPs.Bench
{
    /// <summary>
    /// The seller's market filter (Get-VerificationStatus = ShareService.Query) on the cached 1M-share workspace: time to the
    /// first record (target: within 100 ms), the first page of 1,000, and the SQL alone (Shares.Query with LIMIT 1), which
    /// shows what reading a whole page before the first record costs.
    /// </summary>
    [MemoryDiagnoser]
    public class QueryBenchmarks
    {
        private WorkspaceStore _ws = null!;
        private ShareService _svc = null!;
        private Microsoft.Data.Sqlite.SqliteConnection _raw = null!;
        private static readonly ShareState[] Refused = { ShareState.Refused };

        /// <summary>
        /// Environment variable naming a workspace file to read instead of the cached 1M-share workspace (which is rebuilt
        /// whenever ListingPs.Core changes): compares two builds of the read path on the very same file.
        /// </summary>
        public const string WorkspaceVariable = "LISTINGPS_BENCH_QUERY_DB";

        [GlobalSetup]
        public void Setup()
        {
            var path = System.Environment.GetEnvironmentVariable(WorkspaceVariable);
            if (string.IsNullOrEmpty(path))
            {
                CachedWorkspace.EnsureLarge(System.Console.Out);
                path = CachedWorkspace.PathOf(CachedWorkspace.Large);
            }
            _ws = WorkspaceStore.Open(path!);
            _svc = new ShareService(_ws, BenchData.LoadRules());
            _raw = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Mode=ReadOnly;Pooling=False");
            _raw.Open();
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _raw.Dispose();
            _ws.Dispose();
        }

        private static ShareQuery Q(string? reason, bool active = false, string? id = null) => new ShareQuery
        {
            Markets = new[] { "allegro-cz" },
            States = Refused,
            Reasons = reason != null ? new[] { reason } : null,
            OfferStatuses = active ? new[] { OfferStatus.Active } : null,
            OfferIds = id != null ? new[] { id } : null,
        };

        /// <summary>Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE: the first record.</summary>
        [Benchmark]
        public ShareRecord FirstRecord_Vqr001() => _svc.Query(Q(ReasonCodes.CurrencyNotAvailable)).First();

        /// <summary>... -OfferStatus Active (the seller help's filter).</summary>
        [Benchmark]
        public ShareRecord FirstRecord_Vqr001_Active() => _svc.Query(Q(ReasonCodes.CurrencyNotAvailable, active: true)).First();

        /// <summary>A rarer reason (own prices beyond 20 %).</summary>
        [Benchmark]
        public ShareRecord FirstRecord_Vqr009() => _svc.Query(Q(ReasonCodes.PriceMismatch)).First();

        /// <summary>-State Refused alone.</summary>
        [Benchmark]
        public ShareRecord FirstRecord_Refused() => _svc.Query(Q(null)).First();

        /// <summary>-OfferId 'PL-00777*' -State Refused.</summary>
        [Benchmark]
        public ShareRecord FirstRecord_Wildcard() => _svc.Query(Q(null, id: "PL-00777*")).First();

        /// <summary>-OfferId 'pl-00777*' -State Refused: the prefix in another case (LIKE is case-insensitive).</summary>
        [Benchmark]
        public ShareRecord FirstRecord_Wildcard_LowerCase() => _svc.Query(Q(null, id: "pl-00777*")).First();

        /// <summary>The same VQR001 filter, the SQL and one record only (WorkspaceStore.Shares.Query with LIMIT 1).</summary>
        [Benchmark]
        public int SqlOnly_Limit1_Vqr001()
        {
            var q = Q(ReasonCodes.CurrencyNotAvailable);
            q.Limit = 1;
            return _ws.Shares.Query(q).Count;
        }

        /// <summary>A page late in the keyset walk (after PL-1000000): what each of the ~200 pages of the whole filter costs.</summary>
        [Benchmark]
        public int SqlPage_AfterPL1000000_Vqr001()
        {
            var q = Q(ReasonCodes.CurrencyNotAvailable);
            q.Limit = 1000;
            q.After = ("allegro-cz", "PL-1000000");
            return _ws.Shares.Query(q).Count;
        }

        /// <summary>The first page's SQL read with a plain SqliteDataReader (every column as text, no ShareRecord): the floor under FirstPage.</summary>
        [Benchmark]
        public int RawSqlitePage_Vqr001()
        {
            using var cmd = _raw.CreateCommand();
            cmd.CommandText = "SELECT s.market, s.offer_id, s.state, s.reasons, s.price, s.currency, s.price_source, s.base_price, s.base_currency, " +
                "s.exchange_rate, s.rate_source, s.translation, s.auto_translate, s.delivery, s.warnings, s.updated_at, o.status " +
                "FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.market IN ($m) AND s.state IN ($s) AND EXISTS (SELECT 1 FROM share_reasons r " +
                "WHERE r.market = s.market AND r.offer_id = s.offer_id AND r.code IN ($r)) ORDER BY s.market, s.offer_id LIMIT 1000";
            cmd.Parameters.AddWithValue("$m", "allegro-cz");
            cmd.Parameters.AddWithValue("$s", "Refused");
            cmd.Parameters.AddWithValue("$r", ReasonCodes.CurrencyNotAvailable);
            int n = 0;
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                for (int i = 0; i < reader.FieldCount; i++) if (!reader.IsDBNull(i)) n += reader.GetString(i).Length;
            }
            return n;
        }

        /// <summary>
        /// Every record of the VQR001 filter (216,736 on the 1M workspace): divide by the count for the read cost per record
        /// over the whole walk (with the old keyset condition a late page cost 35x the first one).
        /// </summary>
        [Benchmark]
        public int AllRecords_Vqr001() => _svc.Query(Q(ReasonCodes.CurrencyNotAvailable)).Count();

        /// <summary>The first page (1,000 records) of the VQR001 filter: divide by 1,000 for the read cost per record.</summary>
        [Benchmark]
        public int FirstPage_Vqr001() => _svc.Query(Q(ReasonCodes.CurrencyNotAvailable)).Take(1000).Count();
    }
}
