using ListingPs.Core.Workspace;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// A rule set built in code with the documents' facts (SPEC B and C), so engine tests do not depend on the YAML loader:
    /// allegro-pl (base, PLN); allegro-cz (CZK, the real Czech policy); allegro-sk (EUR); allegro-hu (HUF); a business market
    /// that keeps the base price; an amazon market that takes no shared offers.
    /// </summary>
    internal static class TestRules
    {
        public const string Pl = "allegro-pl";
        public const string Cz = "allegro-cz";
        public const string Sk = "allegro-sk";
        public const string Hu = "allegro-hu";
        public const string BusinessPl = "allegro-business-pl";
        public const string Amazon = "amazon-de";

        public const string DhlCz = "allegro-dhl-cz";
        public const string DpdCz = "allegro-dpd-cz";
        public const string PacketaPickupCz = "packeta-pickup-cz";
        public const string PacketaLockerCz = "packeta-locker-cz";
        /// <summary>The seller's own PL->CZ method: 19.99 PLN, converted per offer.</summary>
        public const string OwnCz = "own-courier-pl-cz";
        /// <summary>A method that only serves Poland: it is no delivery to Czechia.</summary>
        public const string PlOnly = "allegro-dpd-pl";

        public const string NotAllowedProduct = "PRD-ALKO-0001";
        public const string NotAllowedCategory = "Zdrowie/Leki";
        public const string UnavailableCategory = "Motoryzacja/Pojazdy";
        public const string ExemptCategory = "Książki i Komiksy";
        public const string PlainCategory = "Elektronika/Telefony";

        /// <summary>The fixed clock every service test runs on.</summary>
        public static readonly DateTimeOffset Now = new DateTimeOffset(2024, 5, 15, 10, 30, 0, TimeSpan.Zero);
        public static DateTimeOffset Clock() => Now;

        public static readonly CurrencyRule Pln = new CurrencyRule("PLN", 0.01m, RoundingMode.HalfUp);
        public static readonly CurrencyRule Czk = new CurrencyRule("CZK", 1m, RoundingMode.HalfDown);
        public static readonly CurrencyRule Eur = new CurrencyRule("EUR", 0.01m, RoundingMode.HalfUp);
        public static readonly CurrencyRule Huf = new CurrencyRule("HUF", 5m, RoundingMode.HalfDown);

        public static SharePolicy CzechPolicy() => new SharePolicy
        {
            RequireCompanyAccount = true,
            RejectB2BOnly = true,
            RejectCharity = true,
            SellingFormats = new[] { SellingFormat.BuyNow },
            RequireCatalogueProduct = true,
            ProductsNotAllowed = new HashSet<string>(new[] { NotAllowedProduct, "PRD-PIRO-0001" }, StringComparer.OrdinalIgnoreCase),
            CategoriesNotAllowed = new CategoryList(new[] { NotAllowedCategory, "Supermarket/Alkohol" }),
            UnavailableCategories = new CategoryList(new[] { "Nieruchomości", UnavailableCategory, "Bilety" }),
            RequireTranslation = true,
            TranslationExemptCategories = new CategoryList(new[] { ExemptCategory, "Filmy" }),
            DeliveryMethods = Methods(
                new DeliveryMethodRule(DhlCz, "Allegro Kurier DHL (CZ)", 99m, null),
                new DeliveryMethodRule(DpdCz, "Allegro Kurier DPD (CZ)", 99m, null),
                new DeliveryMethodRule(PacketaPickupCz, "Allegro PL->CZ Packeta pick-up point", 59m, null),
                new DeliveryMethodRule(PacketaLockerCz, "Allegro PL->CZ Packeta parcel locker", 59m, null),
                new DeliveryMethodRule(OwnCz, "Own contract courier PL->CZ", null, 19.99m)),
            MaxPriceDeviationPercent = 20m,
            WarnPriceDeviationPercent = 10m,
            ConverterByDefault = true,
            PromotionsAvailable = false,
        };

        /// <summary>The rules; <paramref name="czech"/> may adjust the Czech policy, <paramref name="rates"/> replace the rates.</summary>
        public static RuleSet Build(Action<SharePolicy>? czech = null, IEnumerable<ExchangeRateRule>? rates = null)
        {
            var cz = CzechPolicy();
            czech?.Invoke(cz);
            var markets = new List<MarketRule>
            {
                new MarketRule { Id = Pl, Name = "Allegro Polska", Platform = "allegro", Region = "allegro", Country = "PL", Currency = "PLN", Language = "pl-PL", IsBase = true },
                new MarketRule { Id = Cz, Name = "Allegro Česko", Platform = "allegro", Region = "allegro", Country = "CZ", Currency = "CZK", Language = "cs-CZ", ShareFrom = Pl, Launched = new DateTime(2023, 5, 10), Policy = cz },
                new MarketRule
                {
                    Id = Sk, Name = "Allegro Slovensko", Platform = "allegro", Region = "allegro", Country = "SK", Currency = "EUR", Language = "sk-SK", ShareFrom = Pl,
                    Policy = new SharePolicy
                    {
                        DeliveryMethods = Methods(
                            new DeliveryMethodRule("allegro-dpd-sk", "Allegro Kurier DPD (SK)", 3.99m, null),
                            new DeliveryMethodRule("own-courier-pl-sk", "Own contract courier PL->SK", null, 21.99m)),
                    },
                },
                new MarketRule
                {
                    Id = Hu, Name = "Allegro Magyarország", Platform = "allegro", Region = "allegro", Country = "HU", Currency = "HUF", Language = "hu-HU", ShareFrom = Pl,
                    Policy = new SharePolicy
                    {
                        DeliveryMethods = Methods(
                            new DeliveryMethodRule("allegro-dpd-hu", "Allegro Kurier DPD (HU)", 1590m, null),
                            new DeliveryMethodRule("own-courier-pl-hu", "Own contract courier PL->HU", null, 24.99m)),
                    },
                },
                new MarketRule
                {
                    Id = BusinessPl, Name = "Allegro Biznes Polska", Platform = "allegro", Region = "allegro", Country = "PL", Currency = "PLN", Language = "pl-PL",
                    ShareFrom = Pl, KeepsBasePrice = true,
                    Policy = new SharePolicy { RejectB2BOnly = false, RequireTranslation = false, MaxPriceDeviationPercent = 0m, WarnPriceDeviationPercent = 0m },
                },
                new MarketRule { Id = Amazon, Name = "Amazon.de", Platform = "amazon", Region = "EU", Country = "DE", Currency = "EUR", Language = "de-DE" },
            };
            return new RuleSet(markets, new[] { Pln, Czk, Eur, Huf }, rates ?? DefaultRates(), new[] { "(test rules)" });
        }

        public static ExchangeRateRule[] DefaultRates() => new[]
        {
            new ExchangeRateRule("PLN", "CZK", 5.0942m, "NBP", new DateTime(2023, 3, 21)),
            new ExchangeRateRule("PLN", "EUR", 0.2318m, "ECB", new DateTime(2024, 3, 1)),
            new ExchangeRateRule("PLN", "HUF", 91.05m, "ECB", new DateTime(2024, 3, 1)),
        };

        private static Dictionary<string, DeliveryMethodRule> Methods(params DeliveryMethodRule[] rules)
        {
            var d = new Dictionary<string, DeliveryMethodRule>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in rules) d[r.Id] = r;
            return d;
        }

        /// <summary>An offer of allegro-pl that meets every Czech rule: company, buy-now, catalogue product, DHL CZ, Czech translation.</summary>
        public static Offer Shareable(string id, decimal? price = 100m) => new Offer(id)
        {
            Title = "Telefon " + id,
            Category = PlainCategory,
            Price = price,
            Market = Pl,
            SellingFormat = SellingFormat.BuyNow,
            AccountType = AccountType.Company,
            ProductId = "PRD-" + id,
            Status = OfferStatus.Active,
            DeliveryMethods = new[] { DhlCz },
            Translations = new[] { "cs-CZ" },
            UpdatedAt = Now,
        };
    }

    /// <summary>A temporary directory removed after the test.</summary>
    internal sealed class ScratchDir : IDisposable
    {
        public ScratchDir() => Directory.CreateDirectory(Path);
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "listingps-test-" + Guid.NewGuid().ToString("N"));
        public string File(string name) => System.IO.Path.Combine(Path, name);
        public void Dispose()
        {
            try { Directory.Delete(Path, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Where the tests' workspaces live: SQLite files, or, in the PostgreSQL pass (LISTINGPS_TEST_POSTGRES names the test server,
    /// see build.ps1), a schema of its own per workspace on that server. Tests about the SQLite file itself carry the trait
    /// Category=SqliteFile and run on SQLite only.
    /// </summary>
    /// <summary>Workers on threads of their own, released together.</summary>
    internal static class Workers
    {
        /// <summary>Runs <paramref name="body"/> on <paramref name="count"/> threads that start at the same moment; what they threw.</summary>
        public static List<Exception> AtOnce(int count, Action body)
        {
            using var start = new Barrier(count);
            var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            var threads = Enumerable.Range(0, count).Select(_ => new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    body();
                }
                catch (Exception ex) { errors.Enqueue(ex); }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            return errors.ToList();
        }
    }

    internal static class TestWorkspaces
    {
        public static readonly string? Postgres = Environment.GetEnvironmentVariable("LISTINGPS_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

        /// <summary>The file path in the SQLite pass; a new schema on the test server in the PostgreSQL pass.</summary>
        public static string Location(string sqliteFile) =>
            Postgres == null ? sqliteFile : Postgres + ";Search Path=lps_" + Guid.NewGuid().ToString("N");

        /// <summary>A connection of its own (not opened) to the workspace's file or database.</summary>
        public static System.Data.Common.DbConnection ConnectionFromOutside(string location) =>
            WorkspaceLocation.IsPostgresText(location)
                ? new Npgsql.NpgsqlConnection(WorkspaceLocation.Postgres(location).ConnectionString)
                : new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = location, Pooling = false }.ToString());

        /// <summary>A count read on a connection of its own (not the workspace's): it sees only what was committed.</summary>
        public static long ScalarFromOutside(string location, string sql)
        {
            using (var c = ConnectionFromOutside(location))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>A workspace in a temporary file and a share service over it on the fixed clock.</summary>
    internal sealed class ServiceFixture : IDisposable
    {
        private readonly ScratchDir _dir = new ScratchDir();

        public ServiceFixture(RuleSet? rules = null)
        {
            Rules = rules ?? TestRules.Build();
            DbPath = TestWorkspaces.Location(_dir.File("workspace.db"));
            Workspace = WorkspaceStore.Open(DbPath);
            Service = new ShareService(Workspace, Rules, clock: TestRules.Clock);
        }

        public RuleSet Rules { get; }
        public string DbPath { get; }
        public WorkspaceStore Workspace { get; private set; }
        public ShareService Service { get; private set; }

        /// <summary>Commits, closes and opens the file again (what a new PowerShell session sees).</summary>
        public void Reopen()
        {
            Workspace.Dispose();
            Workspace = WorkspaceStore.Open(DbPath);
            Service = new ShareService(Workspace, Rules, clock: TestRules.Clock);
        }

        public void Dispose()
        {
            Workspace.Dispose();
            _dir.Dispose();
        }
    }
}
