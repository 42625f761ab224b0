using System;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;
using ListingPs.Core.Workspace;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// The per-record write path of Submit-Offer and Import-Offer: one read per record (Prepare reads the offer with its share),
    /// unchanged offers not written again, the reason index rewritten only when the reasons change, hand-made time stamps.
    /// </summary>
    public sealed class WorkspaceWritePathTests : IDisposable
    {
        private readonly ServiceFixture _fx = new ServiceFixture();
        private DateTimeOffset _now = TestRules.Now;
        private readonly ShareService _svc;

        public WorkspaceWritePathTests()
        {
            _svc = new ShareService(_fx.Workspace, _fx.Rules, clock: () => _now);
        }

        public void Dispose() => _fx.Dispose();

        private WorkspaceStore Ws => _fx.Workspace;

        private static OfferFields Row(string id, string price = "100", string delivery = TestRules.DhlCz, string translations = "cs-CZ", string title = "Telefon") => new OfferFields
        {
            OfferId = id, Title = title, Category = TestRules.PlainCategory, Price = price, Market = TestRules.Pl,
            SellingFormat = "BuyNow", AccountType = "Company", ProductId = "PRD-" + id, Status = "Active",
            DeliveryMethods = new[] { delivery }, Translations = translations.Split(';'),
        };

        private ShareRecord Submit(OfferFields row, string market = TestRules.Cz, SubmitOptions? options = null) =>
            _svc.Submit(_svc.Prepare(row, market), market, options ?? new SubmitOptions());

        private string[] IdsWithReason(string code) =>
            _svc.Query(new ShareQuery { Markets = new[] { TestRules.Cz }, Reasons = new[] { code } }).Select(r => r.OfferId).ToArray();

        // ---- stamps ----

        [Theory]
        [InlineData("2024-05-15T10:30:00+00:00")]
        [InlineData("2026-11-23T23:59:59.9999999+00:00")]
        [InlineData("2024-02-29T00:00:00.0000001+00:00")]
        [InlineData("0987-01-02T03:04:05.0600000+00:00")]
        [InlineData("2024-05-15T01:30:00.1234567+02:00")] // an offset: stored in UTC
        public void Stamps_are_written_in_the_stored_form_and_read_back_exactly(string when)
        {
            var t = DateTimeOffset.Parse(when, CultureInfo.InvariantCulture);
            var stamp = WorkspaceStore.Stamp(t);
            Assert.Equal(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), stamp);
            var back = StoredText.ParseStamp(stamp);
            Assert.Equal(t.UtcTicks, back.UtcTicks);
            Assert.Equal(TimeSpan.Zero, back.Offset);
        }

        [Fact]
        public void Enum_names_round_trip_for_every_stored_enum()
        {
            foreach (ShareState v in Enum.GetValues(typeof(ShareState)))
                Assert.Equal(v, StoredEnum<ShareState>.Parse(StoredEnum<ShareState>.Name(v)));
            foreach (PriceSource v in Enum.GetValues(typeof(PriceSource)))
                Assert.Equal(v.ToString(), StoredEnum<PriceSource>.Name(v));
            Assert.Equal(FulfillmentMethod.FBA, StoredEnum<FulfillmentMethod>.Parse("FBA"));
            Assert.Throws<ArgumentException>(() => StoredEnum<OfferStatus>.Parse("Sold"));
        }

        // ---- one read per record ----

        [Fact]
        public void Prepare_reads_the_offer_with_its_share_to_the_market_given()
        {
            Submit(Row("1", price: ""));
            var offer = Ws.OfferStore.Get("1", TestRules.Cz, out var share);
            Assert.NotNull(offer);
            Assert.NotNull(share);
            Assert.Equal(ShareState.Refused, share!.State);
            Assert.Equal(ReasonCodes.Encode(Ws.Shares.Get(TestRules.Cz, "1")!.Reasons), share.Reasons);
            Assert.Equal(PriceSource.None, share.PriceSource);

            Assert.NotNull(Ws.OfferStore.Get("1", TestRules.Sk, out var none));
            Assert.Null(none); // no share to that market: the LEFT JOIN gives nulls
            Assert.Null(Ws.OfferStore.Get("2", TestRules.Cz, out var missing));
            Assert.Null(missing);
        }

        [Fact]
        public void An_own_price_and_auto_translation_stored_earlier_are_kept_when_the_offer_comes_again()
        {
            Submit(Row("1"), options: new SubmitOptions { Price = 600m, AutoTranslate = true });
            var again = Submit(Row("1", translations: ""));
            Assert.Equal(600m, again.Price);
            Assert.Equal(PriceSource.Manual, again.PriceSource);
            Assert.True(again.AutoTranslate);
            Assert.Equal(TranslationKind.Automatic, again.Translation);
        }

        [Fact]
        public void Prepared_for_one_market_and_submitted_to_another_reads_the_other_share()
        {
            Submit(Row("1"), TestRules.Sk, new SubmitOptions { AutoTranslate = true });
            var offer = _svc.Prepare(Row("1"), TestRules.Cz); // prepared with the cz share (none)
            var sk = _svc.Submit(offer, TestRules.Sk, new SubmitOptions());
            Assert.True(sk.AutoTranslate); // read from the sk share, not taken from the cz one Prepare read
        }

        [Fact]
        public void An_offer_not_from_Prepare_is_written_and_its_share_read()
        {
            Submit(Row("1"), options: new SubmitOptions { AutoTranslate = true });
            var offer = TestRules.Shareable("1", 120m);
            var r = _svc.Submit(offer, TestRules.Cz, new SubmitOptions());
            Assert.True(r.AutoTranslate);
            Assert.Equal(120m, Ws.Offers.Get("1")!.Price);
        }

        [Fact]
        public void The_same_offer_twice_in_one_batch_sees_its_first_write()
        {
            Submit(Row("1"), options: new SubmitOptions { Price = 600m });
            Assert.True(Ws.PendingWrites > 0); // not committed yet
            var again = Submit(Row("1"));
            Assert.Equal(600m, again.Price);
            Assert.Equal(PriceSource.Manual, again.PriceSource);
        }

        [Fact]
        public void A_share_the_caller_read_is_used_instead_of_reading_it_again()
        {
            // What a connection's sync does: the offer and its share come from a page it read, as a prepared offer.
            Submit(Row("1"), options: new SubmitOptions { AutoTranslate = true, Price = 600m });
            var offer = Ws.Offers.Get("1")!;
            var known = Ws.Shares.Get(TestRules.Cz, "1");
            var r = _svc.Submit(PreparedOffer.AsStored(Ws, offer, TestRules.Cz, known), TestRules.Cz, new SubmitOptions());
            Assert.True(r.AutoTranslate);
            Assert.Equal(600m, r.Price);
            // Read as none, Submit does not look: the stored own price and auto translation are not consulted.
            var fresh = _svc.Submit(PreparedOffer.AsStored(Ws, offer, TestRules.Cz, null), TestRules.Cz, new SubmitOptions());
            Assert.False(fresh.AutoTranslate);
            Assert.Equal(PriceSource.Converter, fresh.PriceSource);
        }

        [Fact]
        public void An_offer_prepared_as_stored_is_not_written()
        {
            Submit(Row("1"));
            var offer = Ws.Offers.Get("1")!;
            offer.Title = "changed in memory only";
            _svc.Submit(PreparedOffer.AsStored(Ws, offer, TestRules.Cz, Ws.Shares.Get(TestRules.Cz, "1")), TestRules.Cz, new SubmitOptions());
            Assert.Equal("Telefon", Ws.Offers.Get("1")!.Title);
            _svc.Submit(offer, TestRules.Cz, new SubmitOptions());
            Assert.Equal("changed in memory only", Ws.Offers.Get("1")!.Title);
        }

        [Fact]
        public void Each_prepared_offer_keeps_what_Prepare_read_for_it_while_others_are_prepared()
        {
            // Submit takes the share Prepare read with each offer, whichever offers were prepared in between: a share
            // written under the prepared offers (here straight into the workspace) is not read again.
            Submit(Row("A"));
            Submit(Row("B"));
            var a = _svc.Prepare(Row("A"), TestRules.Cz);
            var b = _svc.Prepare(Row("B"), TestRules.Cz);
            foreach (var id in new[] { "A", "B" })
            {
                var under = Ws.Shares.Get(TestRules.Cz, id)!;
                under.Price = 777m;
                under.PriceSource = PriceSource.Manual;
                Ws.Shares.Upsert(under, autoTranslate: true);
            }
            var ra = _svc.Submit(a, TestRules.Cz, new SubmitOptions());
            var rb = _svc.Submit(b, TestRules.Cz, new SubmitOptions());
            foreach (var r in new[] { ra, rb })
            {
                Assert.False(r.AutoTranslate);
                Assert.Equal(PriceSource.Converter, r.PriceSource);
                Assert.Equal(509m, r.Price);
            }
        }

        [Fact]
        public void A_prepared_offer_written_once_reads_the_workspace_again_for_the_next_write()
        {
            var p = _svc.Prepare(Row("1"), TestRules.Cz);   // a new offer: no stored offer, no share
            Assert.True(_svc.Submit(p, TestRules.Cz, new SubmitOptions { AutoTranslate = true, Price = 600m }).AutoTranslate);
            var again = _svc.Submit(p, TestRules.Cz, new SubmitOptions());
            Assert.True(again.AutoTranslate);              // the share the first Submit wrote, read again
            Assert.Equal(PriceSource.Manual, again.PriceSource);
            var verified = Assert.Single(_svc.Import(p));  // not taken for a new offer: its share is verified again
            Assert.Equal(TestRules.Cz, verified.Market);
            Assert.Equal(600m, verified.Price);
        }

        [Fact]
        public void An_offer_prepared_over_another_workspace_reads_the_workspace_it_is_submitted_to()
        {
            using var other = new ServiceFixture();
            var twin = new ShareService(other.Workspace, other.Rules, clock: () => _now);
            twin.Submit(twin.Prepare(Row("1"), TestRules.Cz), TestRules.Cz, new SubmitOptions { Price = 600m, AutoTranslate = true });
            var here = _svc.Prepare(Row("1"), TestRules.Cz);   // read here: no offer, no share
            var r = twin.Submit(here, TestRules.Cz, new SubmitOptions());
            Assert.Equal(600m, r.Price);                        // the twin's own price and translation, read there
            Assert.True(r.AutoTranslate);
            Assert.Null(Ws.Offers.Get("1"));                      // nothing written here
            Assert.Single(twin.Import(_svc.Prepare(Row("1"))));  // not taken for new there: its share is verified again
        }

        [Fact]
        public void Test_leaves_a_prepared_offer_as_Prepare_read_it()
        {
            Submit(Row("1"), options: new SubmitOptions { Price = 600m });
            var p = _svc.Prepare(Row("1"), TestRules.Cz);
            Assert.Equal(600m, _svc.Test(p, TestRules.Cz, new SubmitOptions()).Price);
            var under = Ws.Shares.Get(TestRules.Cz, "1")!;   // changed under the prepared offer after the Test
            under.Price = 777m;
            Ws.Shares.Upsert(under, autoTranslate: true);
            var r = _svc.Submit(p, TestRules.Cz, new SubmitOptions());
            Assert.Equal(600m, r.Price);                   // Submit still takes the share Prepare read
            Assert.False(r.AutoTranslate);
        }

        // ---- Test: what Submit would do, nothing written ----

        [Fact]
        public void Test_gives_the_record_Submit_would_give_and_writes_nothing()
        {
            Submit(Row("1"), options: new SubmitOptions { Price = 600m, AutoTranslate = true });
            Ws.Commit();
            var storedShare = Ws.Shares.Get(TestRules.Cz, "1")!;
            _now = _now.AddHours(1);

            foreach (var (row, options) in new[]
            {
                (Row("1", price: "101", translations: ""), new SubmitOptions()),       // stored own price and auto translation count
                (Row("2"), new SubmitOptions()),                                        // a new offer: converter
                (Row("3", price: ""), new SubmitOptions()),                             // refused: no base price
                (Row("4"), new SubmitOptions { Price = 509m }),                         // an own price
            })
            {
                var tested = _svc.Test(_svc.Prepare(row, TestRules.Cz), TestRules.Cz, options);
                Assert.Equal(0, Ws.PendingWrites);
                using var other = new ServiceFixture();
                var twin = new ShareService(other.Workspace, other.Rules, clock: () => _now);
                if (row.OfferId == "1") twin.Submit(twin.Prepare(Row("1"), TestRules.Cz), TestRules.Cz, new SubmitOptions { Price = 600m, AutoTranslate = true });
                var submitted = twin.Submit(twin.Prepare(row, TestRules.Cz), TestRules.Cz, options);
                Assert.Equal(submitted.State, tested.State);
                Assert.Equal(submitted.ReasonCodes, tested.ReasonCodes);
                Assert.Equal(submitted.Price, tested.Price);
                Assert.Equal(submitted.PriceSource, tested.PriceSource);
                Assert.Equal(submitted.AutoTranslate, tested.AutoTranslate);
                Assert.Equal(submitted.Translation, tested.Translation);
                Assert.Equal(submitted.Delivery.ToString(), tested.Delivery.ToString());
            }
            Assert.Null(Ws.Offers.Get("2"));
            Assert.Equal(100m, Ws.Offers.Get("1")!.Price); // the offer is not updated from the row either
            var after = Ws.Shares.Get(TestRules.Cz, "1")!;
            Assert.Equal(storedShare.UpdatedAt, after.UpdatedAt);
            Assert.Equal(storedShare.Price, after.Price);
        }

        [Fact]
        public void Test_refuses_what_Submit_refuses()
        {
            var ex = Assert.ThrowsAny<ListingPsException>(() => _svc.Test(_svc.Prepare(Row("1")), TestRules.Pl, new SubmitOptions()));
            Assert.Equal(ErrorIds.BaseMarketFixed, ex.ErrorId);
            Assert.Contains("checked against", ex.Message);
            ex = Assert.ThrowsAny<ListingPsException>(() => _svc.Test(_svc.Prepare(Row("1")), TestRules.Cz, new SubmitOptions { Price = 509.5m }));
            Assert.Equal(ErrorIds.InvalidPricePrecision, ex.ErrorId);
            Assert.Null(Ws.Offers.Get("1"));
        }

        // ---- unchanged offers ----

        [Fact]
        public void An_unchanged_offer_is_not_written_again_and_keeps_its_time()
        {
            Submit(Row("1"));
            var first = Ws.Offers.Get("1")!.UpdatedAt;
            _now = _now.AddHours(1);
            var share = Submit(Row("1"));
            Assert.Equal(first, Ws.Offers.Get("1")!.UpdatedAt);
            Assert.Equal(_now, share.UpdatedAt); // the share was verified again

            _now = _now.AddHours(1);
            _svc.Import(_svc.Prepare(Row("1")));
            Assert.Equal(first, Ws.Offers.Get("1")!.UpdatedAt);
        }

        [Theory]
        [InlineData("Price")]
        [InlineData("Title")]
        [InlineData("Delivery")]
        [InlineData("Translations")]
        public void A_changed_offer_is_written_with_its_new_time(string field)
        {
            Submit(Row("1"));
            _now = _now.AddHours(1);
            var row = field switch
            {
                "Price" => Row("1", price: "101"),
                "Title" => Row("1", title: "Telefon 2"),
                "Delivery" => Row("1", delivery: TestRules.DpdCz),
                _ => Row("1", translations: "cs-CZ;sk-SK"),
            };
            Submit(row);
            var stored = Ws.Offers.Get("1")!;
            Assert.Equal(_now, stored.UpdatedAt);
            Assert.Equal(row.Title, stored.Title);
            Assert.Equal(decimal.Parse(row.Price!, CultureInfo.InvariantCulture), stored.Price);
            Assert.Equal(row.DeliveryMethods, stored.DeliveryMethods);
            Assert.Equal(row.Translations, stored.Translations);
        }

        [Fact]
        public void Every_field_counts_when_offers_are_compared()
        {
            var a = TestRules.Shareable("1");
            Assert.True(OfferStore.SameStoredFields(a, TestRules.Shareable("1")));
            Action<Offer>[] changes =
            {
                o => o.Market = TestRules.Sk, o => o.Title = "x", o => o.Category = "x", o => o.Price = 1m,
                o => o.SellingFormat = SellingFormat.Auction, o => o.AccountType = AccountType.Personal, o => o.B2BOnly = true,
                o => o.Charity = true, o => o.ProductId = null, o => o.Status = OfferStatus.Ended, o => o.Condition = OfferCondition.Used,
                o => o.Fulfillment = FulfillmentMethod.FBA, o => o.DeliveryMethods = new[] { TestRules.DhlCz, TestRules.DpdCz },
                o => o.Translations = new[] { "sk-SK" },
            };
            foreach (var change in changes)
            {
                var b = TestRules.Shareable("1");
                change(b);
                Assert.False(OfferStore.SameStoredFields(a, b));
            }
            var later = TestRules.Shareable("1");
            later.UpdatedAt = later.UpdatedAt.AddDays(1);
            Assert.True(OfferStore.SameStoredFields(a, later)); // times aside
            var scaled = TestRules.Shareable("1", 100.00m);
            Assert.False(OfferStore.SameStoredFields(a, scaled)); // 100 and 100.00 are stored differently
            Assert.False(OfferStore.SameStoredFields(TestRules.Shareable("1", null), a));
            Assert.True(OfferStore.SameStoredFields(TestRules.Shareable("1", null), TestRules.Shareable("1", null)));
        }

        // ---- the reason index ----

        [Fact]
        public void The_reason_index_follows_the_reasons_as_they_change()
        {
            Submit(Row("1", price: ""));
            Submit(Row("2"));
            Assert.Equal(new[] { "1" }, IdsWithReason(ReasonCodes.CurrencyNotAvailable));

            Submit(Row("1", price: "")); // same reasons: index kept as it is
            Assert.Equal(new[] { "1" }, IdsWithReason(ReasonCodes.CurrencyNotAvailable));

            Submit(Row("1")); // fixed: out of the index
            Assert.Empty(IdsWithReason(ReasonCodes.CurrencyNotAvailable));

            Submit(Row("2", translations: "")); // refused for the language now
            Assert.Equal(new[] { "2" }, IdsWithReason(ReasonCodes.LanguageNotAvailable));
            _fx.Reopen();
            var svc = new ShareService(_fx.Workspace, _fx.Rules, clock: () => _now);
            Assert.Equal(new[] { "2" }, svc.Query(new ShareQuery { Reasons = new[] { ReasonCodes.LanguageNotAvailable } }).Select(r => r.OfferId));
            Assert.Empty(svc.Query(new ShareQuery { Reasons = new[] { ReasonCodes.CurrencyNotAvailable } }));
        }

        [Fact]
        public void UpsertShare_without_knowing_the_stored_reasons_clears_them()
        {
            Submit(Row("1", price: ""));
            var share = Ws.Shares.Get(TestRules.Cz, "1")!;
            share.Reasons = Array.Empty<Reason>();
            share.State = ShareState.Withdrawn;
            Ws.Shares.Upsert(share, false, hadReasons: true);
            Assert.Empty(IdsWithReason(ReasonCodes.CurrencyNotAvailable));
            Assert.Equal(ShareState.Withdrawn, Ws.Shares.Get(TestRules.Cz, "1")!.State);
        }

        // ---- the statements themselves ----

        [Fact]
        [Trait("Category", "SqliteFile")]
        public void A_statement_that_cannot_be_prepared_names_the_sqlite_error()
        {
            var ex = Assert.Throws<SqliteException>(() => Ws.Statement("bad", "SELECT x FROM nowhere"));
            Assert.Contains("no such table", ex.Message);
        }

        [Fact]
        [Trait("Category", "SqliteFile")]
        public void A_failed_write_raises_and_leaves_the_statement_usable()
        {
            Ws.BeginWrite();
            var st = Ws.Statement("test.insert", "INSERT INTO meta(key, value) VALUES(?1, ?2)");
            st.Text(1, "k").Text(2, "v").Execute();
            var ex = Assert.Throws<SqliteException>(() => st.Text(1, "k").Text(2, "w").Execute()); // primary key taken
            Assert.Contains("UNIQUE", ex.Message);
            Assert.Throws<SqliteException>(() => st.Text(1, "k2").Text(2, null).Execute()); // NOT NULL
            Assert.Equal(1, st.Text(1, "k3").Text(2, "v").Execute());
        }

        [Theory]
        [Trait("Category", "SqliteFile")]
        [InlineData("")]
        [InlineData("plain")]
        [InlineData("Zdrowie/Leki · Książki ✓ 😀")]
        public void Text_binds_as_text_including_empty_and_non_ascii(string value)
        {
            Ws.BeginWrite();
            Ws.Statement("test.put", "INSERT INTO meta(key, value) VALUES(?1, ?2)").Text(1, "k").Text(2, value).Execute();
            var st = Ws.Statement("test.get", "SELECT value, typeof(value) FROM meta WHERE key = ?1");
            st.Text(1, "k");
            Assert.True(st.Read());
            Assert.Equal(value, st.GetString(0));
            Assert.Equal("text", st.GetString(1)); // not NULL, not a blob
            st.Reset();
        }

        [Fact]
        [Trait("Category", "SqliteFile")]
        public void ReleaseMemory_hands_the_page_cache_back_and_keeps_the_open_batch()
        {
            for (int i = 0; i < 3000; i++)
            {
                // 300 characters a row fill pages; a title may have only 75 on allegro, so the product id carries them.
                var row = Row("M-" + i.ToString("D5", CultureInfo.InvariantCulture), title: new string('x', 75));
                row.ProductId = "PRD-" + new string('x', 225) + i.ToString("D5", CultureInfo.InvariantCulture);
                Submit(row);
            }
            Ws.Commit(); // the cmdlets release after committing: pages written in the open batch stay until it commits
            Assert.Equal(3000, Ws.Offers.Query(new OfferQuery()).Count); // every page read once
            long before = Ws.CacheBytes();
            Assert.True(before > 1_000_000, before.ToString(CultureInfo.InvariantCulture));
            Ws.ReleaseMemory();
            Assert.True(Ws.CacheBytes() < before / 4, Ws.CacheBytes() + " of " + before);

            Submit(Row("M-late"));
            Ws.ReleaseMemory(); // with a batch open: nothing committed or dropped
            Assert.Equal(1, Ws.PendingWrites);
            _fx.Reopen();
            Assert.Equal(3001, _fx.Workspace.Offers.Count());
        }

        [Fact]
        [Trait("Category", "SqliteFile")]
        public void Statements_are_closed_with_the_workspace()
        {
            var st = Ws.Statement("test.count", "SELECT count(*) FROM offers");
            _fx.Reopen();
            Assert.Throws<ObjectDisposedException>(() => st.Read());
        }
    }
}
