using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Workspace;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>The SQLite workspace: schema, transactions and batches, exact decimals, reasons index, queries, rates.</summary>
    public sealed class WorkspaceTests : IDisposable
    {
        private readonly ScratchDir _dir = new ScratchDir();
        private readonly string _path;
        private WorkspaceStore _ws;

        public WorkspaceTests()
        {
            _path = TestWorkspaces.Location(_dir.File("ws.db"));
            _ws = WorkspaceStore.Open(_path);
        }

        public void Dispose()
        {
            _ws.Dispose();
            _dir.Dispose();
        }

        private void Reopen()
        {
            _ws.Dispose();
            _ws = WorkspaceStore.Open(_path);
        }

        /// <summary>A second, independent connection: it sees only what was committed.</summary>
        private long CountOffersFromOutside()
        {
            return TestWorkspaces.ScalarFromOutside(_path, "SELECT count(*) FROM offers");
        }

        private static Offer FullOffer(string id) => new Offer(id)
        {
            Title = "Telefon \"X\"; 128 GB", Category = "Elektronika/Telefony", Price = 4200.51m, Market = "allegro-pl",
            SellingFormat = SellingFormat.Classified, AccountType = AccountType.Personal, B2BOnly = true, Charity = true,
            ProductId = "PRD-1", Status = OfferStatus.Ended, DeliveryMethods = new[] { "allegro-dhl-cz", "own-courier-pl-cz" },
            Translations = new[] { "cs-CZ", "sk" }, Condition = OfferCondition.Used, Fulfillment = FulfillmentMethod.FBA,
            UpdatedAt = new DateTimeOffset(2024, 5, 15, 12, 30, 15, 123, TimeSpan.FromHours(2)),
        };

        private static ShareRecord Share(string offerId, string market = TestRules.Cz, ShareState state = ShareState.Approved, params string[] codes) => new ShareRecord
        {
            OfferId = offerId, Market = market, State = state, Currency = "CZK", BaseCurrency = "PLN", Price = 509m, BasePrice = 100m,
            PriceSource = PriceSource.Converter, ExchangeRate = 5.0942m, RateSource = "NBP 2023-03-21", Translation = TranslationKind.Own,
            Reasons = codes.Select(c => ReasonCodes.Create(c, new Dictionary<string, string> { ["market"] = market })).ToArray(),
            UpdatedAt = TestRules.Now,
        };

        [Fact]
        public void A_job_runs_once_whoever_starts_it_and_is_free_again_when_its_holder_lets_go()
        {
            using var other = WorkspaceStore.Open(_path);
            var job = _ws.TryTakeJob("sync C001");
            Assert.NotNull(job);
            Assert.Null(other.TryTakeJob("sync C001"));
            using (var unrelated = other.TryTakeJob("sync C002")) Assert.NotNull(unrelated);
            job!.Dispose();
            job.Dispose(); // twice is harmless
            using var again = other.TryTakeJob("sync C001");
            Assert.NotNull(again);
            Assert.Null(_ws.TryTakeJob("sync C001"));
        }

        [Fact]
        public void A_job_lock_dies_with_its_workspace()
        {
            var holder = WorkspaceStore.Open(_path);
            Assert.NotNull(holder.TryTakeJob("sync C001"));
            holder.Dispose(); // the handle was never disposed: a worker that ended (or was killed) leaves no stale lock
            using var job = _ws.TryTakeJob("sync C001");
            Assert.NotNull(job);
        }

        [Fact]
        [Trait("Category", "SqliteFile")]
        public void Open_creates_the_file_its_folder_and_the_schema()
        {
            var path = Path.Combine(_dir.Path, "nested", "deeper", "new.db");
            using (var ws = WorkspaceStore.Open(path)) Assert.Equal(path, ws.Path);
            Assert.True(File.Exists(path));
            using var c = new SqliteConnection("Data Source=" + path + ";Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            var tables = new List<string>();
            using (var r = cmd.ExecuteReader()) while (r.Read()) tables.Add(r.GetString(0));
            Assert.Subset(new HashSet<string>(tables), new HashSet<string> { "meta", "offers", "shares", "share_reasons", "exchange_rates" });
            cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
            Assert.Equal("2", cmd.ExecuteScalar());
        }

        [Fact]
        public void Reopening_finds_every_committed_field()
        {
            _ws.Offers.Upsert(FullOffer("A-1"));
            _ws.Commit();
            Reopen();
            var o = _ws.Offers.Get("A-1")!;
            var e = FullOffer("A-1");
            Assert.Equal(e.Title, o.Title);
            Assert.Equal(e.Category, o.Category);
            Assert.Equal(4200.51m, o.Price);
            Assert.Equal(e.Market, o.Market);
            Assert.Equal(SellingFormat.Classified, o.SellingFormat);
            Assert.Equal(AccountType.Personal, o.AccountType);
            Assert.True(o.B2BOnly);
            Assert.True(o.Charity);
            Assert.Equal("PRD-1", o.ProductId);
            Assert.Equal(OfferStatus.Ended, o.Status);
            Assert.Equal(new[] { "allegro-dhl-cz", "own-courier-pl-cz" }, o.DeliveryMethods);
            Assert.Equal(new[] { "cs-CZ", "sk" }, o.Translations);
            Assert.Equal(OfferCondition.Used, o.Condition);
            Assert.Equal(FulfillmentMethod.FBA, o.Fulfillment);
            Assert.Equal(e.UpdatedAt, o.UpdatedAt);
            Assert.True(o.IsStored);
            Assert.Null(_ws.Offers.Get("nope"));
        }

        [Fact]
        public void Unset_fields_read_back_as_unset()
        {
            _ws.Offers.Upsert(new Offer("B-1") { Market = "allegro-pl" });
            var o = _ws.Offers.Get("B-1")!;
            Assert.Null(o.Title);
            Assert.Null(o.Price);
            Assert.Null(o.ProductId);
            Assert.Empty(o.DeliveryMethods);
            Assert.Empty(o.Translations);
        }

        [Fact]
        public void Dispose_commits_what_was_written()
        {
            _ws.Offers.Upsert(FullOffer("A-1"));
            Reopen();
            Assert.NotNull(_ws.Offers.Get("A-1"));
        }

        [Fact]
        public void Rollback_drops_what_was_not_committed()
        {
            _ws.Offers.Upsert(FullOffer("kept"));
            _ws.RecordWritten();
            _ws.Commit();
            _ws.Offers.Upsert(FullOffer("dropped"));
            _ws.Shares.Upsert(Share("kept"), false);
            _ws.RecordWritten();
            Assert.Equal(1, _ws.PendingWrites);
            _ws.Rollback();
            Assert.Equal(0, _ws.PendingWrites);
            Assert.Null(_ws.Offers.Get("dropped"));
            Assert.Null(_ws.Shares.Get(TestRules.Cz, "kept"));
            Assert.NotNull(_ws.Offers.Get("kept"));
            Reopen();
            Assert.Null(_ws.Offers.Get("dropped"));
            Assert.NotNull(_ws.Offers.Get("kept"));
        }

        [Fact]
        public void Commit_and_rollback_without_a_transaction_do_nothing()
        {
            _ws.Commit();
            _ws.Rollback();
            Assert.Equal(0, _ws.PendingWrites);
        }

        [Fact]
        public void CommitIfDue_commits_when_the_batch_is_full()
        {
            _ws.BatchSize = 3;
            for (int i = 1; i <= 2; i++)
            {
                _ws.Offers.Upsert(FullOffer("O" + i));
                _ws.RecordWritten();
                Assert.False(_ws.CommitIfDue());
            }
            Assert.Equal(2, _ws.PendingWrites);
            Assert.Equal(0, CountOffersFromOutside()); // nothing committed yet
            _ws.Offers.Upsert(FullOffer("O3"));
            _ws.RecordWritten();
            Assert.True(_ws.CommitIfDue());
            Assert.Equal(0, _ws.PendingWrites);
            Assert.Equal(3, CountOffersFromOutside());
            _ws.Offers.Upsert(FullOffer("O4"));
            _ws.RecordWritten();
            _ws.Rollback(); // drops only the record after the batch
            Assert.Equal(3, CountOffersFromOutside());
            Assert.Equal(3, _ws.Offers.Count());
        }

        [Fact]
        public void Commit_makes_records_visible_to_other_connections()
        {
            _ws.Offers.Upsert(FullOffer("A"));
            Assert.Equal(0, CountOffersFromOutside());
            _ws.Commit();
            Assert.Equal(1, CountOffersFromOutside());
        }

        [Theory]
        [InlineData("0.3")]
        [InlineData("4200.51")]
        [InlineData("129.990")]
        [InlineData("0.0000000001")]
        [InlineData("79228162514264337593543950335")]
        [InlineData("0")]
        public void Decimals_round_trip_exactly(string text)
        {
            var d = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            var o = FullOffer("D");
            o.Price = d;
            _ws.Offers.Upsert(o);
            _ws.Commit();
            Reopen();
            var back = _ws.Offers.Get("D")!.Price!.Value;
            Assert.Equal(d, back);
            Assert.Equal(text, back.ToString(System.Globalization.CultureInfo.InvariantCulture)); // even the scale survives
        }

        [Fact]
        public void Sums_that_binary_floating_point_gets_wrong_stay_exact()
        {
            var o = FullOffer("D");
            o.Price = 0.1m + 0.2m;
            _ws.Offers.Upsert(o);
            var s = Share("D");
            s.BasePrice = 0.1m + 0.2m;
            s.Price = 4200.50m + 0.01m;
            s.ExchangeRate = 1m / 3m;
            _ws.Shares.Upsert(s, false);
            _ws.Commit();
            Reopen();
            Assert.Equal(0.3m, _ws.Offers.Get("D")!.Price);
            var back = _ws.Shares.Get(TestRules.Cz, "D")!;
            Assert.Equal(0.3m, back.BasePrice);
            Assert.Equal(4200.51m, back.Price);
            Assert.Equal(1m / 3m, back.ExchangeRate);
        }

        [Fact]
        public void A_share_with_reasons_delivery_and_warnings_round_trips()
        {
            _ws.Offers.Upsert(FullOffer("S-1"));
            var reasons = new[]
            {
                ReasonCodes.Create(ReasonCodes.PriceMismatch, new Dictionary<string, string>
                {
                    ["maxAllowedPriceDecreasePercent"] = "20", ["deviationPercent"] = "21.7", ["price"] = "620", ["convertedPrice"] = "509", ["currency"] = "CZK",
                }),
                ReasonCodes.Create(ReasonCodes.CategoryUnavailable, new Dictionary<string, string> { ["category"] = "Dom, Ogród; {x}", ["market"] = "allegro-cz" }),
            };
            var s = new ShareRecord
            {
                OfferId = "S-1", Market = TestRules.Cz, State = ShareState.Refused, Reasons = reasons, Price = 620m, Currency = "CZK",
                PriceSource = PriceSource.Manual, BasePrice = 100m, BaseCurrency = "PLN", ExchangeRate = 5.0942m, RateSource = "NBP 2023-03-21",
                Translation = TranslationKind.Automatic, AutoTranslate = true,
                Delivery = new[] { new DeliveryQuote("allegro-dhl-cz", "DHL", 99m, "CZK", false), new DeliveryQuote("own-courier-pl-cz", "Own", 102m, "CZK", true) },
                Warnings = new[] { "first warning", "second; with a separator" },
                UpdatedAt = TestRules.Now,
            };
            _ws.Shares.Upsert(s, autoTranslate: true);
            _ws.Commit();
            Reopen();
            var b = _ws.Shares.Get(TestRules.Cz, "S-1", (market, method) => market + ":" + method)!;
            Assert.Equal(ShareState.Refused, b.State);
            Assert.Equal(ReasonCodes.PriceMismatch + ";" + ReasonCodes.CategoryUnavailable, b.ReasonCodes);
            Assert.Equal(reasons[0].Message, b.Reasons[0].Message);
            Assert.Equal("Dom, Ogród; {x}", b.Reasons[1].Parameters["category"]);
            Assert.Equal(620m, b.Price);
            Assert.Equal("CZK", b.Currency);
            Assert.Equal(PriceSource.Manual, b.PriceSource);
            Assert.Equal(100m, b.BasePrice);
            Assert.Equal("PLN", b.BaseCurrency);
            Assert.Equal(5.0942m, b.ExchangeRate);
            Assert.Equal("NBP 2023-03-21", b.RateSource);
            Assert.Equal(TranslationKind.Automatic, b.Translation);
            Assert.True(b.AutoTranslate);
            Assert.True(_ws.ShareStore.GetStored(TestRules.Cz, "S-1")!.AutoTranslate);
            Assert.Equal("allegro-dhl-cz 99 CZK; own-courier-pl-cz 102 CZK", b.Delivery.ToString());
            Assert.Equal(new[] { false, true }, b.Delivery.Select(q => q.Converted));
            Assert.Equal("allegro-cz:allegro-dhl-cz", b.Delivery[0].Name);
            Assert.Equal("allegro-dhl-cz", _ws.Shares.Get(TestRules.Cz, "S-1")!.Delivery[0].Name); // no names given: the method id
            Assert.Equal(new[] { "first warning", "second; with a separator" }, b.Warnings);
            Assert.Equal(OfferStatus.Ended, b.OfferStatus); // the offer's own status, joined
            Assert.Equal(TestRules.Now, b.UpdatedAt);
        }

        [Fact]
        public void A_share_without_optional_values_round_trips()
        {
            _ws.Offers.Upsert(FullOffer("S-2"));
            _ws.Shares.Upsert(new ShareRecord { OfferId = "S-2", Market = TestRules.Cz, State = ShareState.Pending, Currency = "CZK", BaseCurrency = "PLN", UpdatedAt = TestRules.Now }, false);
            var b = _ws.Shares.Get(TestRules.Cz, "S-2")!;
            Assert.Null(b.Price);
            Assert.Null(b.BasePrice);
            Assert.Null(b.ExchangeRate);
            Assert.Null(b.RateSource);
            Assert.Empty(b.Reasons);
            Assert.Empty(b.Delivery);
            Assert.Empty(b.Warnings);
            Assert.False(b.AutoTranslate);
            Assert.False(_ws.ShareStore.GetStored(TestRules.Cz, "S-2")!.AutoTranslate);
            Assert.Null(_ws.ShareStore.GetStored(TestRules.Cz, "none"));
            Assert.Equal("allegro-dhl-cz", new ShareRecord { Delivery = new[] { new DeliveryQuote("allegro-dhl-cz", "x", 99m, "CZK", false) } }.Delivery[0].Method);
        }

        private List<string> ByReason(string code) =>
            _ws.Shares.Query(new ShareQuery { Reasons = new[] { code } }).Select(s => s.OfferId).ToList();

        [Fact]
        public void The_reasons_index_follows_the_reasons()
        {
            _ws.Offers.Upsert(FullOffer("R-1"));
            _ws.Shares.Upsert(Share("R-1", TestRules.Cz, ShareState.Refused, ReasonCodes.CurrencyNotAvailable, ReasonCodes.LanguageNotAvailable), false, hadReasons: false);
            Assert.Equal(new[] { "R-1" }, ByReason(ReasonCodes.CurrencyNotAvailable));
            Assert.Equal(new[] { "R-1" }, ByReason(ReasonCodes.LanguageNotAvailable));

            _ws.Shares.Upsert(Share("R-1", TestRules.Cz, ShareState.Refused, ReasonCodes.LanguageNotAvailable), false, hadReasons: true);
            Assert.Empty(ByReason(ReasonCodes.CurrencyNotAvailable)); // the old reason no longer finds the record
            Assert.Equal(new[] { "R-1" }, ByReason(ReasonCodes.LanguageNotAvailable));
            Assert.Equal(new Dictionary<string, long> { [ReasonCodes.LanguageNotAvailable] = 1 }, _ws.Shares.CountByReason(TestRules.Cz));

            _ws.Shares.Upsert(Share("R-1", TestRules.Cz, ShareState.Approved), false, hadReasons: true);
            Assert.Empty(ByReason(ReasonCodes.LanguageNotAvailable));
            Assert.Empty(_ws.Shares.CountByReason(TestRules.Cz));
        }

        [Fact]
        public void The_reasons_index_is_per_market()
        {
            _ws.Offers.Upsert(FullOffer("R-1"));
            _ws.Shares.Upsert(Share("R-1", TestRules.Cz, ShareState.Refused, ReasonCodes.CurrencyNotAvailable), false);
            _ws.Shares.Upsert(Share("R-1", TestRules.Sk, ShareState.Refused, ReasonCodes.CurrencyNotAvailable), false);
            _ws.Shares.Upsert(Share("R-1", TestRules.Sk, ShareState.Approved), false);
            var q = _ws.Shares.Query(new ShareQuery { Reasons = new[] { ReasonCodes.CurrencyNotAvailable } });
            Assert.Equal(new[] { TestRules.Cz }, q.Select(s => s.Market));
        }

        [Fact]
        public void DeleteOffer_removes_its_shares_and_their_reasons()
        {
            _ws.Offers.Upsert(FullOffer("X"));
            _ws.Offers.Upsert(FullOffer("Y"));
            _ws.Shares.Upsert(Share("X", TestRules.Cz, ShareState.Refused, ReasonCodes.CurrencyNotAvailable), false);
            _ws.Shares.Upsert(Share("X", TestRules.Sk), false);
            _ws.Shares.Upsert(Share("Y", TestRules.Cz, ShareState.Refused, ReasonCodes.CurrencyNotAvailable), false);
            Assert.True(_ws.Offers.Delete("X"));
            Assert.Null(_ws.Offers.Get("X"));
            Assert.Null(_ws.Shares.Get(TestRules.Cz, "X"));
            Assert.Empty(_ws.Shares.GetForOffer("X"));
            Assert.Equal(new[] { "Y" }, ByReason(ReasonCodes.CurrencyNotAvailable));
            Assert.Equal(1, _ws.Shares.CountByReason(TestRules.Cz)[ReasonCodes.CurrencyNotAvailable]);
            Assert.NotNull(_ws.Shares.Get(TestRules.Cz, "Y"));
            Assert.False(_ws.Offers.Delete("X"));
        }

        [Fact]
        [Trait("Category", "SqliteFile")]
        public void A_workspace_of_a_newer_schema_is_refused_and_left_closed()
        {
            _ws.Dispose();
            using (var c = new SqliteConnection("Data Source=" + _path + ";Pooling=False"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "UPDATE meta SET value = '99' WHERE key = 'schema'";
                Assert.Equal(1, cmd.ExecuteNonQuery());
            }
            var ex = Assert.Throws<ListingPsException>(() => WorkspaceStore.Open(_path));
            Assert.Equal(ErrorIds.WorkspaceTooNew, ex.ErrorId);
            Assert.Equal(ErrorKind.ResourceUnavailable, ex.Kind);
            Assert.Contains("newer ListingPs (schema 99", ex.Message);
            // The refused workspace holds no connection: leaving WAL mode needs every other connection closed.
            using (var c = new SqliteConnection("Data Source=" + _path + ";Pooling=False;Default Timeout=1"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode=DELETE";
                Assert.Equal("delete", cmd.ExecuteScalar());
            }
            _ws = WorkspaceStore.Open(_dir.File("other.db")); // for Dispose
        }

        [Fact]
        [Trait("Category", "SqliteFile")]
        public void A_path_that_is_not_a_database_file_is_refused()
        {
            var ex = Assert.Throws<ListingPsException>(() => WorkspaceStore.Open(_dir.Path));
            Assert.Equal(ErrorIds.WorkspaceUnavailable, ex.ErrorId);
            var junk = _dir.File("junk.db");
            File.WriteAllText(junk, "this is not a database, just some text that is long enough to have a header page .........................");
            Assert.Equal(ErrorIds.WorkspaceDamaged, Assert.Throws<ListingPsException>(() => WorkspaceStore.Open(junk)).ErrorId);
        }

        [Fact]
        public void A_disposed_workspace_refuses_writes_and_may_be_disposed_again()
        {
            var ws = WorkspaceStore.Open(_dir.File("d.db"));
            ws.Dispose();
            ws.Dispose();
            Assert.Throws<ObjectDisposedException>(() => ws.Offers.Upsert(FullOffer("A")));
        }

        [Fact]
        public void ResolvePath_makes_an_explicit_path_absolute()
        {
            var root = Path.GetTempPath();
            Assert.Equal(Path.GetFullPath(Path.Combine(root, "sub", "w.db")), WorkspaceStore.ResolvePath(Path.Combine("sub", "w.db"), root));
            var abs = Path.Combine(root, "abs.db");
            Assert.Equal(abs, WorkspaceStore.ResolvePath(abs, "/elsewhere"));
            Assert.EndsWith(Path.Combine("ListingPs", "workspace.db"), WorkspaceStore.DefaultPath());
        }

        private void Offers(params (string Id, string Market, OfferStatus Status)[] offers)
        {
            foreach (var (id, market, status) in offers)
            {
                var o = FullOffer(id);
                o.Market = market;
                o.Status = status;
                _ws.Offers.Upsert(o);
            }
        }

        [Fact]
        public void QueryOffers_filters_by_id_pattern_market_and_status_in_id_order()
        {
            Offers(("A_1", "allegro-pl", OfferStatus.Active), ("AB1", "allegro-pl", OfferStatus.Inactive), ("b-2", "allegro-pl", OfferStatus.Active),
                ("C%3", "amazon-de", OfferStatus.Active), ("C33", "allegro-pl", OfferStatus.Ended));
            List<string> Ids(OfferQuery q) => _ws.Offers.Query(q).Select(o => o.OfferId).ToList();
            Assert.Equal(new[] { "AB1", "A_1", "C%3", "C33", "b-2" }, Ids(new OfferQuery()));
            Assert.Equal(new[] { "A_1" }, Ids(new OfferQuery { OfferIds = new[] { "A_*" } }));      // '_' is literal
            Assert.Equal(new[] { "AB1", "A_1" }, Ids(new OfferQuery { OfferIds = new[] { "a?1" } })); // '?' one character, any case
            Assert.Equal(new[] { "C%3" }, Ids(new OfferQuery { OfferIds = new[] { "C%*" } }));      // '%' is literal
            Assert.Equal(new[] { "A_1", "b-2" }, Ids(new OfferQuery { OfferIds = new[] { "b-2", "A_1", "nope" } }));
            Assert.Equal(new[] { "A_1", "C33", "b-2" }, Ids(new OfferQuery { OfferIds = new[] { "C3*", "A_1", "b*" } }));
            Assert.Equal(new[] { "C%3" }, Ids(new OfferQuery { Markets = new[] { "amazon-de" } }));
            Assert.Equal(new[] { "AB1", "C33" }, Ids(new OfferQuery { Statuses = new[] { OfferStatus.Inactive, OfferStatus.Ended } }));
            Assert.Equal(new[] { "A_1", "b-2" }, Ids(new OfferQuery { Markets = new[] { "allegro-pl" }, Statuses = new[] { OfferStatus.Active } }));
            Assert.Equal(new[] { "C%3", "C33" }, Ids(new OfferQuery { AfterOfferId = "A_1", Limit = 2 }));
            Assert.Equal(new[] { "b-2" }, Ids(new OfferQuery { AfterOfferId = "C33", Limit = 2 }));
            Assert.Equal(4, _ws.Offers.Count("allegro-pl"));
            Assert.Equal(5, _ws.Offers.Count());
            Assert.True(_ws.Offers.Exists("A_1"));
            Assert.False(_ws.Offers.Exists("a_1"));
        }

        [Fact]
        public void QueryShares_filters_and_pages_by_market_and_offer_id()
        {
            Offers(("1", "allegro-pl", OfferStatus.Active), ("2", "allegro-pl", OfferStatus.Inactive), ("3", "allegro-pl", OfferStatus.Active));
            _ws.Shares.Upsert(Share("1", TestRules.Cz, ShareState.Approved), false);
            _ws.Shares.Upsert(Share("2", TestRules.Cz, ShareState.Refused, ReasonCodes.CurrencyNotAvailable), false);
            _ws.Shares.Upsert(Share("3", TestRules.Cz, ShareState.Refused, ReasonCodes.LanguageNotAvailable), false);
            _ws.Shares.Upsert(Share("1", TestRules.Sk, ShareState.Withdrawn), false);
            List<string> Keys(ShareQuery q) => _ws.Shares.Query(q).Select(s => s.Market + "/" + s.OfferId).ToList();
            Assert.Equal(new[] { "allegro-cz/1", "allegro-cz/2", "allegro-cz/3", "allegro-sk/1" }, Keys(new ShareQuery()));
            Assert.Equal(new[] { "allegro-sk/1" }, Keys(new ShareQuery { Markets = new[] { TestRules.Sk } }));
            Assert.Equal(new[] { "allegro-cz/2", "allegro-cz/3" }, Keys(new ShareQuery { States = new[] { ShareState.Refused } }));
            Assert.Equal(new[] { "allegro-cz/2" }, Keys(new ShareQuery { OfferStatuses = new[] { OfferStatus.Inactive } }));
            Assert.Equal(new[] { "allegro-cz/2", "allegro-cz/3" },
                Keys(new ShareQuery { Reasons = new[] { ReasonCodes.CurrencyNotAvailable, ReasonCodes.LanguageNotAvailable } }));
            Assert.Equal(new[] { "allegro-cz/1", "allegro-sk/1" }, Keys(new ShareQuery { OfferIds = new[] { "1" } }));
            Assert.Equal(new[] { "allegro-cz/3", "allegro-sk/1" }, Keys(new ShareQuery { After = (TestRules.Cz, "2") }));
            Assert.Equal(new[] { "allegro-cz/2" }, Keys(new ShareQuery { After = (TestRules.Cz, "1"), Limit = 1 }));
            Assert.Equal(2, _ws.Shares.CountByState(TestRules.Cz)[ShareState.Refused]);
            Assert.Equal(1, _ws.Shares.CountByState(TestRules.Cz)[ShareState.Approved]);
            Assert.False(_ws.Shares.CountByState(TestRules.Cz).ContainsKey(ShareState.Withdrawn));
            Assert.Equal(new[] { TestRules.Cz, TestRules.Sk }, _ws.Shares.GetForOffer("1").Select(s => s.Market));
        }

        [Fact]
        public void QueryUnshared_lists_base_offers_without_a_share_on_the_market()
        {
            Offers(("1", "allegro-pl", OfferStatus.Active), ("2", "allegro-pl", OfferStatus.Inactive), ("3", "allegro-pl", OfferStatus.Active),
                ("4", "amazon-de", OfferStatus.Active), ("5", "allegro-pl", OfferStatus.Active));
            _ws.Shares.Upsert(Share("1", TestRules.Cz), false);
            _ws.Shares.Upsert(Share("3", TestRules.Sk), false);
            List<string> Ids(IReadOnlyList<string>? ids, IReadOnlyList<OfferStatus>? st, string? after, int limit) =>
                _ws.Offers.QueryUnshared(TestRules.Cz, TestRules.Pl, ids, st, after, limit).Select(o => o.OfferId).ToList();
            Assert.Equal(new[] { "2", "3", "5" }, Ids(null, null, null, 10));
            Assert.Equal(new[] { "3", "5" }, Ids(null, new[] { OfferStatus.Active }, null, 10));
            Assert.Equal(new[] { "2" }, Ids(null, null, null, 1));
            Assert.Equal(new[] { "5" }, Ids(null, null, "3", 10));
            Assert.Equal(new[] { "3" }, Ids(new[] { "3", "4" }, null, null, 10));
        }

        [Fact]
        public void Rates_keep_their_history_and_the_newest_wins()
        {
            var t = TestRules.Now;
            _ws.Rates.Set(new ExchangeRateRule("pln", "czk", 5.0942m, "NBP", new DateTime(2023, 3, 21)), t);
            Assert.Equal(1, _ws.PendingWrites);
            _ws.Rates.Set(new ExchangeRateRule("PLN", "CZK", 5.4321m, "ECB", new DateTime(2024, 3, 1)), t);
            _ws.Rates.Set(new ExchangeRateRule("PLN", "EUR", 0.23m, "Manual", null), t); // no date: the day it was set
            var r = _ws.Rates.Get("PLN", "CZK")!;
            Assert.Equal(5.4321m, r.Rate);
            Assert.Equal("ECB", r.Source);
            Assert.Equal(new DateTime(2024, 3, 1), r.Date);
            Assert.Equal("PLN", r.From);
            Assert.Equal(new DateTime(2024, 5, 15), _ws.Rates.Get("pln", "eur")!.Date);
            Assert.Null(_ws.Rates.Get("PLN", "HUF"));

            // Same date again: replaced, and a later setting of an older date does not win.
            _ws.Rates.Set(new ExchangeRateRule("PLN", "CZK", 5.5m, "Manual", new DateTime(2024, 3, 1)), t.AddMinutes(1));
            _ws.Rates.Set(new ExchangeRateRule("PLN", "CZK", 9m, "Old", new DateTime(2020, 1, 1)), t.AddMinutes(2));
            Assert.Equal(5.5m, _ws.Rates.Get("PLN", "CZK")!.Rate);

            var all = _ws.Rates.GetAll();
            Assert.Equal(new[] { "PLN->CZK 5.5", "PLN->CZK 5.0942", "PLN->CZK 9", "PLN->EUR 0.23" }, all.Select(x => x.From + "->" + x.To + " " + x.Rate));
            Assert.Single(_ws.Rates.GetAll(to: "eur"));
            Assert.Equal(3, _ws.Rates.GetAll(from: "PLN", to: "CZK").Count);
            Assert.Empty(_ws.Rates.GetAll(from: "EUR"));
            _ws.Commit();
            Reopen();
            Assert.Equal(5.5m, _ws.Rates.Get("PLN", "CZK")!.Rate);
        }
    }
}
