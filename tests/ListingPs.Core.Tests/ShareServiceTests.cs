using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;
using ListingPs.Core.Workspace;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Shared offers end to end over a temporary workspace (SPEC B): submit, price, withdraw, import, weekly check, filter.</summary>
    public sealed class ShareServiceTests : IDisposable
    {
        private readonly ServiceFixture _fx;
        private ShareService Svc => _fx.Service;
        private ListingPs.Core.Workspace.WorkspaceStore Ws => _fx.Workspace;

        public ShareServiceTests() : this(null) { }

        private ShareServiceTests(RuleSet? rules) { _fx = new ServiceFixture(rules); }

        public void Dispose() => _fx.Dispose();

        private static string Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "<none>";

        private Offer Imported(string id, decimal? price = 100m, Action<Offer>? change = null)
        {
            var o = TestRules.Shareable(id, price);
            change?.Invoke(o);
            Svc.Import(o);
            return o;
        }

        private ShareRecord Stored(string id, string market = TestRules.Cz) => Ws.Shares.Get(market, id, Svc.DeliveryNames)!;

        private static ListingPsException Refused(Action a, string errorId)
        {
            var ex = Assert.ThrowsAny<ListingPsException>(a);
            Assert.Equal(errorId, ex.ErrorId);
            return ex;
        }

        // ---- Submit ----

        [Fact]
        public void Submit_without_a_price_uses_the_converter_at_the_nbp_rate()
        {
            var r = Svc.Submit(TestRules.Shareable("1001", 100m), TestRules.Cz, new SubmitOptions());
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Equal("509", Text(r.Price)); // 100 x 5.0942 = 509.42
            Assert.Equal(PriceSource.Converter, r.PriceSource);
            Assert.Equal(5.0942m, r.ExchangeRate);
            Assert.Equal("NBP 2023-03-21", r.RateSource);
            Assert.Equal("CZK", r.Currency);
            Assert.Equal(100m, r.BasePrice);
            Assert.Equal("PLN", r.BaseCurrency);
            Assert.Equal(TranslationKind.Own, r.Translation);
            Assert.Equal("allegro-dhl-cz 99 CZK", r.Delivery.ToString());
            Assert.Equal(TestRules.Now, r.UpdatedAt);
            Assert.Equal(1, Ws.PendingWrites);

            _fx.Reopen();
            var s = Stored("1001");
            Assert.Equal(ShareState.Approved, s.State);
            Assert.Equal(509m, s.Price);
            Assert.Equal(PriceSource.Converter, s.PriceSource);
            Assert.Equal("NBP 2023-03-21", s.RateSource);
            Assert.Equal("Allegro Kurier DHL (CZ)", s.Delivery[0].Name); // names come back from the rules
            Assert.NotNull(Ws.Offers.Get("1001"));
        }

        [Theory]
        [InlineData(TestRules.Cz, "40.34", "205")]   // 205.500028 -> 205.50 -> half a crown goes down
        [InlineData(TestRules.Cz, "40.93", "209")]   // 208.505606 -> 208.51 -> up
        [InlineData(TestRules.Cz, "45.02", "229")]   // 229.34 -> 229
        [InlineData(TestRules.Cz, "824.58", "4201")] // 4200.575436 -> 4200.58 -> 4201
        [InlineData(TestRules.Hu, "27.43", "2495")]  // 2497.5015 -> 2497.50 -> HUF fives, half goes down
        [InlineData(TestRules.Hu, "100", "9105")]
        [InlineData(TestRules.Sk, "25", "5.80")]     // 5.795 -> cents, half up
        [InlineData(TestRules.Sk, "100", "23.18")]
        public void Converter_prices_follow_each_currencys_rounding(string market, string basePrice, string expected)
        {
            var o = TestRules.Shareable("C", decimal.Parse(basePrice, CultureInfo.InvariantCulture));
            o.DeliveryMethods = new[] { TestRules.DhlCz, "allegro-dpd-sk", "allegro-dpd-hu" };
            o.Translations = new[] { "cs-CZ", "sk-SK", "hu-HU" };
            var r = Svc.Submit(o, market, new SubmitOptions());
            Assert.Equal(expected, Text(r.Price));
            Assert.Equal(ShareState.Approved, r.State);
        }

        [Fact]
        public void Submit_with_an_own_price_is_manual()
        {
            var r = Svc.Submit(TestRules.Shareable("1001"), TestRules.Cz, new SubmitOptions { Price = 540.00m });
            Assert.Equal(PriceSource.Manual, r.PriceSource);
            Assert.Equal("540", Text(r.Price));
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Empty(r.Warnings);
            Assert.Equal(PriceSource.Manual, Stored("1001").PriceSource);
        }

        [Fact]
        public void Submit_with_an_own_price_11_percent_off_warns_and_is_approved()
        {
            var r = Svc.Submit(TestRules.Shareable("1001"), TestRules.Cz, new SubmitOptions { Price = 570m });
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Single(r.Warnings);
            Assert.Single(Stored("1001").Warnings);
        }

        [Theory]
        [InlineData(TestRules.Cz, "540.5")]
        [InlineData(TestRules.Cz, "540.01")]
        [InlineData(TestRules.Hu, "9102")]
        [InlineData(TestRules.Sk, "23.185")]
        public void An_own_price_off_the_currency_step_is_refused_and_nothing_is_written(string market, string price)
        {
            var o = TestRules.Shareable("NEW-1");
            var ex = Refused(() => Svc.Submit(o, market, new SubmitOptions { Price = decimal.Parse(price, CultureInfo.InvariantCulture) }), ErrorIds.InvalidPricePrecision);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains(price, ex.Message);
            Assert.Equal(0, Ws.PendingWrites);
            Assert.Null(Ws.Offers.Get("NEW-1"));
            Assert.Null(Ws.Shares.Get(market, "NEW-1"));
            _fx.Reopen();
            Assert.Null(Ws.Offers.Get("NEW-1"));
        }

        [Theory]
        [InlineData(TestRules.Hu, "9100")]
        [InlineData(TestRules.Hu, "9105")]
        [InlineData(TestRules.Sk, "23.19")]
        public void An_own_price_on_the_step_is_accepted(string market, string price)
        {
            var o = TestRules.Shareable("1");
            o.DeliveryMethods = new[] { "allegro-dpd-sk", "allegro-dpd-hu" };
            o.Translations = new[] { "sk-SK", "hu-HU" };
            var r = Svc.Submit(o, market, new SubmitOptions { Price = decimal.Parse(price, CultureInfo.InvariantCulture) });
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Equal(price, Text(r.Price));
        }

        [Fact]
        public void A_refused_own_price_leaves_an_existing_share_unchanged()
        {
            Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions { Price = 520m });
            Ws.Commit();
            Refused(() => Svc.Submit(TestRules.Shareable("1", 300m), TestRules.Cz, new SubmitOptions { Price = 520.5m }), ErrorIds.InvalidPricePrecision);
            Assert.Equal(520m, Stored("1").Price);
            Assert.Equal(100m, Ws.Offers.Get("1")!.Price);
            Assert.Equal(0, Ws.PendingWrites);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-5")]
        public void An_own_price_of_zero_or_less_is_refused(string price)
        {
            Refused(() => Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions { Price = decimal.Parse(price, CultureInfo.InvariantCulture) }), ErrorIds.InvalidPrice);
            Assert.Null(Ws.Offers.Get("1"));
        }

        [Fact]
        public void An_own_price_needs_a_base_price()
        {
            var ex = Refused(() => Svc.Submit(TestRules.Shareable("1", null), TestRules.Cz, new SubmitOptions { Price = 500m }), ErrorIds.NoBasePrice);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Assert.Null(Ws.Offers.Get("1"));
        }

        [Fact]
        public void Submit_without_a_base_price_is_refused_for_a_missing_market_price()
        {
            var r = Svc.Submit(TestRules.Shareable("1", null), TestRules.Cz, new SubmitOptions());
            Assert.Equal(ShareState.Refused, r.State);
            Assert.Equal(ReasonCodes.CurrencyNotAvailable, r.ReasonCodes);
            Assert.Null(r.Price);
            Assert.Equal(PriceSource.None, r.PriceSource);
            // The rate is still resolved: the market has an own delivery method to convert.
            Assert.Equal(5.0942m, r.ExchangeRate);
        }

        [Fact]
        public void An_own_delivery_method_is_quoted_with_the_rate_even_without_a_base_price()
        {
            var o = TestRules.Shareable("1", null);
            o.DeliveryMethods = new[] { TestRules.OwnCz };
            var r = Svc.Submit(o, TestRules.Cz, new SubmitOptions());
            Assert.Equal("own-courier-pl-cz 102 CZK", r.Delivery.ToString());
            Assert.True(r.Delivery[0].Converted);
            Assert.DoesNotContain(ReasonCodes.DeliveryNotAvailable, r.ReasonCodes);
        }

        [Fact]
        public void The_base_market_cannot_be_submitted_to()
        {
            var ex = Refused(() => Svc.Submit(TestRules.Shareable("1"), TestRules.Pl, new SubmitOptions()), ErrorIds.BaseMarketFixed);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Assert.Null(Ws.Offers.Get("1"));
        }

        [Fact]
        public void A_market_without_a_base_to_share_from_takes_no_shared_offers()
        {
            var ex = Refused(() => Svc.Submit(TestRules.Shareable("1"), TestRules.Amazon, new SubmitOptions()), ErrorIds.NotAnAdditionalMarket);
            Assert.Contains("New-MarketConnection", ex.Message);
            Assert.Null(Ws.Offers.Get("1"));
        }

        [Fact]
        public void An_unknown_market_is_refused()
        {
            var ex = Assert.Throws<UnknownMarketException>(() => Svc.Submit(TestRules.Shareable("1"), "allegro-de", new SubmitOptions()));
            Assert.Equal(ErrorIds.UnknownMarket, ex.ErrorId);
            Assert.Equal("allegro-de", ex.MarketId);
        }

        [Fact]
        public void An_offer_listed_on_another_market_cannot_be_shared_from_allegro_pl()
        {
            var o = TestRules.Shareable("AMZ-1");
            o.Market = TestRules.Amazon;
            var ex = Refused(() => Svc.Submit(o, TestRules.Cz, new SubmitOptions()), ErrorIds.NotAnAdditionalMarket);
            Assert.Contains("listed on amazon-de", ex.Message);
            Assert.Null(Ws.Offers.Get("AMZ-1"));
        }

        [Fact]
        public void Resubmitting_keeps_an_earlier_manual_price_and_the_converter_stays_off()
        {
            Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions { Price = 540m });
            var again = Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions());
            Assert.Equal(540m, again.Price);
            Assert.Equal(PriceSource.Manual, again.PriceSource);

            // A new base price does not switch the converter back on: 540 vs 110 x 5.0942 = 560.36 stays.
            var imported = Svc.Import(TestRules.Shareable("1", 110m));
            Assert.Equal(540m, Assert.Single(imported).Price);
            Assert.Equal(PriceSource.Manual, Stored("1").PriceSource);

            var replaced = Svc.Submit(TestRules.Shareable("1", 110m), TestRules.Cz, new SubmitOptions { Price = 555m });
            Assert.Equal(555m, replaced.Price);
        }

        [Fact]
        public void Resubmitting_replaces_reasons_in_the_index()
        {
            var o = TestRules.Shareable("1");
            o.Translations = Array.Empty<string>();
            Assert.Equal(ReasonCodes.LanguageNotAvailable, Svc.Submit(o, TestRules.Cz, new SubmitOptions()).ReasonCodes);
            var fixedOne = Svc.Submit(o, TestRules.Cz, new SubmitOptions { AutoTranslate = true });
            Assert.Equal(ShareState.Approved, fixedOne.State);
            Assert.Equal(TranslationKind.Automatic, fixedOne.Translation);
            Assert.Empty(Svc.Query(new ShareQuery { Reasons = new[] { ReasonCodes.LanguageNotAvailable } }));
        }

        [Fact]
        public void Automatic_translation_is_remembered_across_submissions()
        {
            var o = TestRules.Shareable("1");
            o.Translations = Array.Empty<string>();
            Svc.Submit(o, TestRules.Cz, new SubmitOptions { AutoTranslate = true });
            var again = Svc.Submit(o, TestRules.Cz, new SubmitOptions());
            Assert.Equal(ShareState.Approved, again.State);
            Assert.True(again.AutoTranslate);
            Assert.True(Ws.ShareStore.GetStored(TestRules.Cz, "1")!.AutoTranslate);
        }

        [Fact]
        public void Submitting_an_inactive_offer_leaves_it_pending()
        {
            var r = Svc.Submit(TestRules.Shareable("1", 100m).With(o => o.Status = OfferStatus.Inactive), TestRules.Cz, new SubmitOptions());
            Assert.Equal(ShareState.Pending, r.State);
            Assert.Equal(OfferStatus.Inactive, r.OfferStatus);
        }

        [Fact]
        public void A_market_with_the_converter_off_by_default_leaves_new_shares_unpriced()
        {
            using var fx = new ServiceFixture(TestRules.Build(p => p.ConverterByDefault = false));
            var r = fx.Service.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions());
            Assert.Null(r.Price);
            Assert.Equal(ReasonCodes.CurrencyNotAvailable, r.ReasonCodes);
            Assert.Equal(509m, fx.Service.SetPrice("1", TestRules.Cz, PriceRequest.Converter).Price);
        }

        // ---- Business market ----

        [Fact]
        public void A_market_that_keeps_the_base_price_refuses_an_own_price()
        {
            Refused(() => Svc.Submit(TestRules.Shareable("1"), TestRules.BusinessPl, new SubmitOptions { Price = 100m }), ErrorIds.InvalidPrice);
            Assert.Null(Ws.Offers.Get("1"));
            var r = Svc.Submit(TestRules.Shareable("1", 129.99m), TestRules.BusinessPl, new SubmitOptions());
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Equal(129.99m, r.Price);
            Assert.Equal("PLN", r.Currency);
            Assert.Equal(1m, r.ExchangeRate);
            Assert.Equal("identity", r.RateSource);
            Refused(() => Svc.SetPrice("1", TestRules.BusinessPl, PriceRequest.Own(130m)), ErrorIds.InvalidPrice);
            Assert.Equal(129.99m, Stored("1", TestRules.BusinessPl).Price);
        }

        // ---- SetPrice ----

        [Fact]
        public void SetPrice_without_a_base_price_is_refused_and_nothing_changes()
        {
            var before = Svc.Submit(TestRules.Shareable("1", null), TestRules.Cz, new SubmitOptions());
            Ws.Commit();
            var ex = Refused(() => Svc.SetPrice("1", TestRules.Cz, PriceRequest.Converter), ErrorIds.NoBasePrice);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Refused(() => Svc.SetPrice("1", TestRules.Cz, PriceRequest.Own(500m)), ErrorIds.NoBasePrice);
            Assert.Equal(0, Ws.PendingWrites);
            var after = Stored("1");
            Assert.Equal(before.State, after.State);
            Assert.Equal(before.ReasonCodes, after.ReasonCodes);
            Assert.Null(after.Price);
            Assert.Equal(PriceSource.None, after.PriceSource);
        }

        [Fact]
        public void SetPrice_own_and_converter_verify_the_offer_again()
        {
            var refused = Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions { Price = 620m }); // 21.7% over 509.42
            Assert.Equal(ShareState.Refused, refused.State);
            Assert.Equal(ReasonCodes.PriceMismatch, refused.ReasonCodes);

            var conv = Svc.SetPrice("1", TestRules.Cz, PriceRequest.Converter);
            Assert.Equal(ShareState.Approved, conv.State);
            Assert.Empty(conv.Reasons);
            Assert.Equal(509m, conv.Price);
            Assert.Equal(PriceSource.Converter, conv.PriceSource);
            Assert.Equal(ShareState.Approved, Stored("1").State);
            Assert.Empty(Svc.Query(new ShareQuery { Reasons = new[] { ReasonCodes.PriceMismatch } }));

            var own = Svc.SetPrice("1", TestRules.Cz, PriceRequest.Own(400m)); // 21.5% under
            Assert.Equal(ShareState.Refused, own.State);
            Assert.Equal(PriceSource.Manual, own.PriceSource);
            Assert.Equal(400m, Stored("1").Price);
            Assert.Equal(new[] { "1" }, Svc.Query(new ShareQuery { Reasons = new[] { ReasonCodes.PriceMismatch } }).Select(s => s.OfferId));

            var ok = Svc.SetPrice("1", TestRules.Cz, PriceRequest.Own(520m));
            Assert.Equal(ShareState.Approved, ok.State);
        }

        [Fact]
        public void SetPrice_checks_the_precision_of_an_own_price()
        {
            Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions());
            Refused(() => Svc.SetPrice("1", TestRules.Cz, PriceRequest.Own(509.5m)), ErrorIds.InvalidPricePrecision);
            Assert.Equal(PriceSource.Converter, Stored("1").PriceSource);
        }

        [Fact]
        public void SetPrice_with_a_rate_override_converts_with_it()
        {
            Imported("1");
            var r = Svc.SetPrice("1", TestRules.Cz, PriceRequest.Converter, exchangeRate: 6m);
            Assert.Equal(600m, r.Price);
            Assert.Equal(6m, r.ExchangeRate);
            Assert.Equal("parameter", r.RateSource);
        }

        [Fact]
        public void SetPrice_on_an_offer_never_submitted_records_the_share()
        {
            Imported("1");
            var r = Svc.SetPrice("1", TestRules.Cz, PriceRequest.Own(510m));
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Equal(510m, Stored("1").Price);
        }

        [Fact]
        public void SetPrice_on_a_withdrawn_share_keeps_it_withdrawn_with_a_warning()
        {
            Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions());
            Svc.Withdraw("1", TestRules.Cz);
            var r = Svc.SetPrice("1", TestRules.Cz, PriceRequest.Own(900m)); // would be refused (VQR009) if shared
            Assert.Equal(ShareState.Withdrawn, r.State);
            Assert.Empty(r.Reasons);
            Assert.Contains("stays withdrawn from allegro-cz", Assert.Single(r.Warnings, w => w.StartsWith("Withdrawn:")));
            var s = Stored("1");
            Assert.Equal(ShareState.Withdrawn, s.State);
            Assert.Equal(900m, s.Price);
            Assert.Empty(Svc.Query(new ShareQuery { Reasons = new[] { ReasonCodes.PriceMismatch } }));
        }

        [Fact]
        public void SetPrice_refuses_unknown_offers_base_markets_and_offers_of_other_markets()
        {
            Refused(() => Svc.SetPrice("nope", TestRules.Cz, PriceRequest.Converter), ErrorIds.OfferNotFound);
            Imported("1");
            Refused(() => Svc.SetPrice("1", TestRules.Pl, PriceRequest.Converter), ErrorIds.BaseMarketFixed);
            Refused(() => Svc.SetPrice("1", TestRules.Amazon, PriceRequest.Converter), ErrorIds.NotAnAdditionalMarket);
            Imported("AMZ", change: o => o.Market = TestRules.Amazon);
            Refused(() => Svc.SetPrice("AMZ", TestRules.Cz, PriceRequest.Converter), ErrorIds.NotAnAdditionalMarket);
        }

        // ---- Withdraw ----

        [Fact]
        public void Withdraw_marks_the_share_withdrawn_and_keeps_its_price()
        {
            var o = TestRules.Shareable("1");
            o.Translations = Array.Empty<string>();
            Svc.Submit(o, TestRules.Cz, new SubmitOptions { Price = 520m });
            var r = Svc.Withdraw("1", TestRules.Cz);
            Assert.Equal(ShareState.Withdrawn, r.State);
            Assert.Empty(r.Reasons);
            Assert.Empty(r.Warnings);
            Assert.Equal(TestRules.Now, r.UpdatedAt);
            var s = Stored("1");
            Assert.Equal(ShareState.Withdrawn, s.State);
            Assert.Equal(520m, s.Price);
            Assert.Equal(PriceSource.Manual, s.PriceSource);
            Assert.Empty(Svc.Query(new ShareQuery { Reasons = new[] { ReasonCodes.LanguageNotAvailable } }));

            var again = Svc.Withdraw("1", TestRules.Cz);
            Assert.Equal(ShareState.Withdrawn, again.State);
        }

        [Fact]
        public void Withdraw_of_something_not_shared_is_refused()
        {
            var ex = Refused(() => Svc.Withdraw("nope", TestRules.Cz), ErrorIds.OfferNotFound);
            Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
            Imported("1");
            Assert.Equal(ErrorKind.ObjectNotFound, Refused(() => Svc.Withdraw("1", TestRules.Cz), ErrorIds.OfferNotShared).Kind);
            Refused(() => Svc.Withdraw("1", TestRules.Pl), ErrorIds.BaseMarketFixed);
            Refused(() => Svc.Withdraw("1", TestRules.Amazon), ErrorIds.NotAnAdditionalMarket);
        }

        [Fact]
        public void A_withdrawn_offer_can_be_submitted_again()
        {
            Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions());
            Svc.Withdraw("1", TestRules.Cz);
            Assert.Equal(ShareState.Approved, Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions()).State);
        }

        // ---- Import and Prepare ----

        [Fact]
        public void Importing_a_new_offer_returns_no_shares_and_counts_a_record()
        {
            Assert.Empty(Svc.Import(TestRules.Shareable("1")));
            Assert.Equal(1, Ws.PendingWrites);
            Assert.NotNull(Ws.Offers.Get("1"));
        }

        [Fact]
        public void Importing_a_changed_offer_moves_its_converter_price_with_the_base_price()
        {
            Svc.Submit(TestRules.Shareable("1", 100m), TestRules.Cz, new SubmitOptions());
            var updated = Svc.Import(TestRules.Shareable("1", 200m));
            var u = Assert.Single(updated);
            Assert.Equal(1019m, u.Price); // 200 x 5.0942 = 1018.84
            Assert.Equal(200m, u.BasePrice);
            Assert.Equal(1019m, Stored("1").Price);
        }

        [Fact]
        public void Importing_a_fixed_translation_turns_refused_into_approved()
        {
            var o = TestRules.Shareable("1");
            o.Translations = Array.Empty<string>();
            Assert.Equal(ShareState.Refused, Svc.Submit(o, TestRules.Cz, new SubmitOptions()).State);
            var u = Assert.Single(Svc.Import(TestRules.Shareable("1")));
            Assert.Equal(ShareState.Approved, u.State);
            Assert.Equal(ShareState.Approved, Stored("1").State);
            Assert.Empty(Svc.Query(new ShareQuery { Reasons = new[] { ReasonCodes.LanguageNotAvailable } }));
        }

        [Fact]
        public void Importing_a_new_base_price_can_push_a_manual_price_out_of_range()
        {
            Svc.Submit(TestRules.Shareable("1", 100m), TestRules.Cz, new SubmitOptions { Price = 540m });
            var u = Assert.Single(Svc.Import(TestRules.Shareable("1", 200m)));
            Assert.Equal(ShareState.Refused, u.State);
            Assert.Equal(ReasonCodes.PriceMismatch, u.ReasonCodes);
        }

        [Fact]
        public void Importing_verifies_every_market_but_leaves_withdrawn_shares_alone()
        {
            var o = TestRules.Shareable("1");
            o.DeliveryMethods = new[] { TestRules.DhlCz, "allegro-dpd-sk" };
            o.Translations = new[] { "cs-CZ", "sk-SK" };
            Svc.Submit(o, TestRules.Cz, new SubmitOptions());
            Svc.Submit(o, TestRules.Sk, new SubmitOptions());
            Svc.Withdraw("1", TestRules.Sk);
            var changed = TestRules.Shareable("1", 100m);
            changed.Charity = true;
            var u = Assert.Single(Svc.Import(changed));
            Assert.Equal(TestRules.Cz, u.Market);
            Assert.Equal(ReasonCodes.Charity, Stored("1").ReasonCodes);
            Assert.Equal(ShareState.Withdrawn, Stored("1", TestRules.Sk).State);
        }

        [Fact]
        public void Importing_keeps_automatic_translation()
        {
            var o = TestRules.Shareable("1");
            o.Translations = Array.Empty<string>();
            Svc.Submit(o, TestRules.Cz, new SubmitOptions { AutoTranslate = true });
            var changed = TestRules.Shareable("1", 120m);
            changed.Translations = Array.Empty<string>();
            var u = Assert.Single(Svc.Import(changed));
            Assert.Equal(ShareState.Approved, u.State);
            Assert.Equal(TranslationKind.Automatic, u.Translation);
        }

        [Fact]
        public void Importing_an_inactive_offer_makes_its_shares_pending()
        {
            Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions());
            var u = Assert.Single(Svc.Import(TestRules.Shareable("1").With(o => o.Status = OfferStatus.Ended)));
            Assert.Equal(ShareState.Pending, u.State);
            Assert.Equal(new[] { "1" }, Svc.Query(new ShareQuery { OfferStatuses = new[] { OfferStatus.Ended } }).Select(s => s.OfferId));
        }

        [Fact]
        public void Prepare_parses_merges_with_the_stored_offer_and_writes_nothing()
        {
            var prepared = Svc.Prepare(new OfferFields { OfferId = "P-1", Price = "129,99", DeliveryMethods = new[] { "allegro-dhl-cz;packeta-locker-cz" } });
            var fresh = prepared.Offer;
            Assert.Equal(129.99m, fresh.Price);
            Assert.Equal(TestRules.Pl, fresh.Market);
            Assert.Equal(TestRules.Now, fresh.UpdatedAt);
            Assert.False(fresh.IsStored);
            Assert.Null(Ws.Offers.Get("P-1"));
            Assert.Equal(0, Ws.PendingWrites);

            Svc.Import(prepared);
            var update = Svc.Prepare(new OfferFields { OfferId = "P-1", Title = "Nowy" }).Offer;
            Assert.True(update.IsStored);
            Assert.Equal(129.99m, update.Price);
            Assert.Equal("Nowy", update.Title);
            Assert.Equal(new[] { "allegro-dhl-cz", "packeta-locker-cz" }, update.DeliveryMethods);
        }

        [Fact]
        public void Prepare_refuses_a_base_price_finer_than_the_base_currency()
        {
            var ex = Refused(() => Svc.Prepare(new OfferFields { OfferId = "P-1", Price = "129.999", Origin = "offers.csv line 3" }), ErrorIds.InvalidPricePrecision);
            Assert.Contains("P-1", ex.Message);
            Assert.Contains("offers.csv line 3", ex.Message);
            Assert.Contains("0.01 PLN", ex.Message);
        }

        [Fact]
        public void Prepare_refuses_an_unknown_market_and_a_missing_id()
        {
            Assert.Throws<UnknownMarketException>(() => Svc.Prepare(new OfferFields { OfferId = "P-1", Market = "ebay-pl" }));
            Refused(() => Svc.Prepare(new OfferFields { Title = "x" }), ErrorIds.MissingOfferId);
        }

        [Fact]
        public void The_default_base_market_is_the_first_base_market_of_the_rules()
        {
            Assert.Equal(TestRules.Pl, Svc.DefaultBaseMarket);
            var noBase = new RuleSet(new[] { new MarketRule { Id = "x", Currency = "PLN" } }, new[] { TestRules.Pln }, Array.Empty<ExchangeRateRule>(), Array.Empty<string>());
            using var fx = new ServiceFixture(noBase);
            Assert.Equal(ErrorIds.UnknownMarket, Assert.Throws<ListingPsException>(() => fx.Service.DefaultBaseMarket).ErrorId);
        }

        // ---- Weekly visibility check ----

        [Fact]
        public void The_visibility_check_refuses_exactly_the_active_offers_delivering_to_czechia_without_a_czk_price()
        {
            Imported("A-never-submitted");                                                        // refused
            Svc.Submit(TestRules.Shareable("B-priced"), TestRules.Cz, new SubmitOptions());        // has a price: skipped
            Imported("C-inactive", change: o => o.Status = OfferStatus.Inactive);                  // inactive: skipped
            Svc.Submit(TestRules.Shareable("D-withdrawn", null), TestRules.Cz, new SubmitOptions()); // no price but withdrawn: skipped
            Svc.Withdraw("D-withdrawn", TestRules.Cz);
            Imported("E-pl-only", change: o => o.DeliveryMethods = new[] { TestRules.PlOnly });    // no CZ delivery: skipped
            Imported("F-own-method", change: o => o.DeliveryMethods = new[] { TestRules.OwnCz });  // own CZ method: refused
            Svc.Submit(TestRules.Shareable("G-no-price", null), TestRules.Cz, new SubmitOptions { AutoTranslate = true }); // refused again
            Imported("H-ended", change: o => o.Status = OfferStatus.Ended);                        // ended: skipped
            Imported("I-amazon", change: o => o.Market = TestRules.Amazon);                        // another market: not checked
            Ws.Commit();
            var priced = Stored("B-priced");

            var progress = new List<(long, long)>();
            var refused = Svc.RunVisibilityCheck(TestRules.Cz, (seen, total) => progress.Add((seen, total))).ToList();

            Assert.Equal(new[] { "A-never-submitted", "F-own-method", "G-no-price" }, refused.Select(r => r.OfferId));
            foreach (var r in refused)
            {
                Assert.Equal(ShareState.Refused, r.State);
                Assert.True(r.HasReason(ReasonCodes.CurrencyNotAvailable));
                Assert.Null(r.Price);
            }
            Assert.True(refused[2].AutoTranslate);
            Assert.Equal(ShareState.Refused, Stored("A-never-submitted").State);
            Assert.Null(Ws.Shares.Get(TestRules.Cz, "C-inactive"));
            Assert.Null(Ws.Shares.Get(TestRules.Cz, "E-pl-only"));
            Assert.Null(Ws.Shares.Get(TestRules.Cz, "H-ended"));
            Assert.Equal(ShareState.Withdrawn, Stored("D-withdrawn").State);
            Assert.Equal(priced.Price, Stored("B-priced").Price);
            Assert.Equal(ShareState.Approved, Stored("B-priced").State);
            Assert.Equal(new[] { (8L, 8L) }, progress);

            // The seller's filter: market Czechia, offer active, verification rejected, reason missing price in the market currency.
            var filter = Svc.Query(new ShareQuery
            {
                Markets = new[] { TestRules.Cz }, OfferStatuses = new[] { OfferStatus.Active }, States = new[] { ShareState.Refused },
                Reasons = new[] { ReasonCodes.CurrencyNotAvailable },
            });
            Assert.Equal(new[] { "A-never-submitted", "F-own-method", "G-no-price" }, filter.Select(r => r.OfferId));
        }

        [Fact]
        public void The_visibility_check_walks_every_page_and_reports_progress_per_page()
        {
            for (int i = 0; i < 2001; i++)
                Ws.Offers.Upsert(TestRules.Shareable("V" + i.ToString("D4", CultureInfo.InvariantCulture)).With(o => o.Status = i == 2000 ? OfferStatus.Active : OfferStatus.Inactive));
            Ws.Commit();
            var progress = new List<(long, long)>();
            var refused = Svc.RunVisibilityCheck(TestRules.Cz, (s, t) => progress.Add((s, t))).ToList();
            Assert.Equal("V2000", Assert.Single(refused).OfferId);
            Assert.Equal(new[] { (2000L, 2001L), (2001L, 2001L) }, progress);
        }

        [Fact]
        public void The_visibility_check_runs_only_on_additional_markets()
        {
            Refused(() => Svc.RunVisibilityCheck(TestRules.Pl).ToList(), ErrorIds.BaseMarketFixed);
            Refused(() => Svc.RunVisibilityCheck(TestRules.Amazon).ToList(), ErrorIds.NotAnAdditionalMarket);
        }

        // ---- Query ----

        private void QueryFixture()
        {
            Svc.Submit(TestRules.Shareable("Q-1"), TestRules.Cz, new SubmitOptions());                                      // Approved
            Svc.Submit(TestRules.Shareable("Q-2").With(o => o.Translations = Array.Empty<string>()), TestRules.Cz, new SubmitOptions()); // Refused VQR002
            Svc.Submit(TestRules.Shareable("Q-3", null), TestRules.Cz, new SubmitOptions());                               // Refused VQR001
            Svc.Submit(TestRules.Shareable("Q-4").With(o => o.Status = OfferStatus.Inactive), TestRules.Cz, new SubmitOptions()); // Pending
            Svc.Submit(TestRules.Shareable("Q-5"), TestRules.Cz, new SubmitOptions());
            Svc.Withdraw("Q-5", TestRules.Cz);                                                                              // Withdrawn
            Svc.Submit(TestRules.Shareable("Q-1").With(o => o.DeliveryMethods = new[] { TestRules.DhlCz, "allegro-dpd-sk" }).With(o => o.Translations = new[] { "cs-CZ", "sk-SK" }),
                TestRules.Sk, new SubmitOptions());                                                                         // Approved on SK
            Imported("R-6");                                                                                                // never submitted
            Imported("R-7", change: o => o.Status = OfferStatus.Inactive);                                                  // never submitted, inactive
        }

        private List<string> Keys(ShareQuery q) => Svc.Query(q).Select(r => r.Market + "/" + r.OfferId).ToList();

        [Fact]
        public void Query_filters_by_market_state_reason_offer_status_and_id_pattern()
        {
            QueryFixture();
            Assert.Equal(new[] { "allegro-cz/Q-1", "allegro-cz/Q-2", "allegro-cz/Q-3", "allegro-cz/Q-4", "allegro-cz/Q-5", "allegro-sk/Q-1" }, Keys(new ShareQuery()));
            Assert.Equal(new[] { "allegro-sk/Q-1" }, Keys(new ShareQuery { Markets = new[] { TestRules.Sk } }));
            Assert.Equal(new[] { "allegro-cz/Q-2", "allegro-cz/Q-3" }, Keys(new ShareQuery { States = new[] { ShareState.Refused } }));
            Assert.Equal(new[] { "allegro-cz/Q-4" }, Keys(new ShareQuery { States = new[] { ShareState.Pending } }));
            Assert.Equal(new[] { "allegro-cz/Q-5" }, Keys(new ShareQuery { States = new[] { ShareState.Withdrawn } }));
            Assert.Equal(new[] { "allegro-cz/Q-1", "allegro-sk/Q-1" }, Keys(new ShareQuery { States = new[] { ShareState.Approved } }));
            Assert.Equal(new[] { "allegro-cz/Q-2" }, Keys(new ShareQuery { Reasons = new[] { ReasonCodes.LanguageNotAvailable } }));
            Assert.Equal(new[] { "allegro-cz/Q-3" }, Keys(new ShareQuery { Reasons = new[] { ReasonCodes.CurrencyNotAvailable } }));
            Assert.Equal(new[] { "allegro-cz/Q-4" }, Keys(new ShareQuery { OfferStatuses = new[] { OfferStatus.Inactive } }));
            Assert.Equal(new[] { "allegro-cz/Q-1", "allegro-sk/Q-1" }, Keys(new ShareQuery { OfferIds = new[] { "*-1" } }));
            Assert.Equal(new[] { "allegro-cz/Q-2", "allegro-cz/Q-3" }, Keys(new ShareQuery { OfferIds = new[] { "q-?" }, States = new[] { ShareState.Refused } }));
            Assert.Empty(Keys(new ShareQuery { Markets = new[] { TestRules.Hu } }));
        }

        [Fact]
        public void Query_not_requested_lists_offers_never_submitted_to_the_market()
        {
            QueryFixture();
            var cz = Svc.Query(new ShareQuery { Markets = new[] { TestRules.Cz }, States = new[] { ShareState.NotRequested } }).ToList();
            Assert.Equal(new[] { "R-6", "R-7" }, cz.Select(r => r.OfferId));
            Assert.All(cz, r =>
            {
                Assert.Equal(ShareState.NotRequested, r.State);
                Assert.Equal("CZK", r.Currency);
                Assert.Equal(100m, r.BasePrice);
                Assert.Equal("PLN", r.BaseCurrency);
                Assert.Null(r.Price);
            });
            Assert.Equal(OfferStatus.Inactive, cz[1].OfferStatus);

            Assert.Equal(new[] { "allegro-sk/Q-2", "allegro-sk/Q-3", "allegro-sk/Q-4", "allegro-sk/Q-5", "allegro-sk/R-6", "allegro-sk/R-7" },
                Keys(new ShareQuery { Markets = new[] { TestRules.Sk }, States = new[] { ShareState.NotRequested } }));
            Assert.Equal(new[] { "allegro-cz/R-6" },
                Keys(new ShareQuery { Markets = new[] { TestRules.Cz }, States = new[] { ShareState.NotRequested }, OfferStatuses = new[] { OfferStatus.Active } }));
            Assert.Equal(new[] { "allegro-cz/Q-2", "allegro-cz/Q-3", "allegro-cz/R-6", "allegro-cz/R-7" },
                Keys(new ShareQuery { Markets = new[] { TestRules.Cz }, States = new[] { ShareState.Refused, ShareState.NotRequested } }));
            // Never-submitted offers have no reasons.
            Assert.Empty(Keys(new ShareQuery { Markets = new[] { TestRules.Cz }, States = new[] { ShareState.NotRequested }, Reasons = new[] { ReasonCodes.CurrencyNotAvailable } }));
            // Without a market: every additional market that shares from a base market, never the base market or amazon.
            Imported("R-8", change: o => o.Market = TestRules.Amazon);
            var all = Keys(new ShareQuery { States = new[] { ShareState.NotRequested }, OfferIds = new[] { "R-6", "R-8" } });
            Assert.Equal(new[] { "allegro-cz/R-6", "allegro-sk/R-6", "allegro-hu/R-6", "allegro-business-pl/R-6" }, all);
            Assert.Empty(Keys(new ShareQuery { Markets = new[] { TestRules.Pl, TestRules.Amazon }, States = new[] { ShareState.NotRequested } }));
        }

        [Fact]
        public void Query_pages_through_more_than_a_page_each_record_once_in_order()
        {
            Assert.Equal(1000, ShareService.PageSize);
            var ids = Enumerable.Range(0, 2600).Select(i => "P" + i.ToString("D5", CultureInfo.InvariantCulture)).ToList();
            foreach (var id in ids) Svc.Import(TestRules.Shareable(id));
            foreach (var id in ids.Take(2000)) Svc.Submit(TestRules.Shareable(id), TestRules.Cz, new SubmitOptions()); // exactly two pages
            foreach (var id in ids.Take(3)) Svc.Submit(TestRules.Shareable(id).With(o => o.DeliveryMethods = new[] { "allegro-dpd-sk" }).With(o => o.Translations = new[] { "sk" }),
                TestRules.Sk, new SubmitOptions());
            Ws.Commit();

            Assert.Equal(ids.Take(2000), Svc.Query(new ShareQuery { Markets = new[] { TestRules.Cz } }).Select(r => r.OfferId)); // a last page that is full
            var everything = Keys(new ShareQuery());
            Assert.Equal(ids.Take(2000).Select(i => "allegro-cz/" + i).Concat(ids.Take(3).Select(i => "allegro-sk/" + i)), everything);

            var unshared = Svc.Query(new ShareQuery { Markets = new[] { TestRules.Cz }, States = new[] { ShareState.NotRequested } }).Select(r => r.OfferId).ToList();
            Assert.Equal(ids.Skip(2000), unshared);

            var skUnshared = Svc.Query(new ShareQuery { Markets = new[] { TestRules.Sk }, States = new[] { ShareState.NotRequested } }).Select(r => r.OfferId).ToList();
            Assert.Equal(ids.Skip(3), skUnshared); // 2597 records: three pages
        }

        // ---- Services of other rules over one workspace ----

        [Fact]
        public void Two_services_over_one_workspace_name_the_delivery_methods_each_by_its_own_rules()
        {
            // The cmdlets of one runspace share a workspace; a service built later with other rules (another -RulePath)
            // must not rename what an earlier service reads.
            var renamed = TestRules.Build(czech: p =>
            {
                var methods = new Dictionary<string, DeliveryMethodRule>(p.DeliveryMethods, StringComparer.OrdinalIgnoreCase)
                {
                    [TestRules.DhlCz] = new DeliveryMethodRule(TestRules.DhlCz, "DHL as the other rules name it", 99m, null),
                };
                p.DeliveryMethods = methods;
            });
            var first = Svc;
            first.Submit(TestRules.Shareable("DN-1"), TestRules.Cz, new SubmitOptions());
            var second = new ShareService(Ws, renamed, clock: TestRules.Clock);
            var query = new ShareQuery { Markets = new[] { TestRules.Cz }, OfferIds = new[] { "DN-1" } };

            Assert.Equal("Allegro Kurier DHL (CZ)", first.Query(query).Single().Delivery.Single().Name);
            Assert.Equal("DHL as the other rules name it", second.Query(query).Single().Delivery.Single().Name);
            Assert.Equal("Allegro Kurier DHL (CZ)", first.Withdraw("DN-1", TestRules.Cz).Delivery.Single().Name);
            Assert.Equal("DHL as the other rules name it", second.Withdraw("DN-1", TestRules.Cz).Delivery.Single().Name);
            Assert.Equal("Allegro Kurier DHL (CZ)", first.Query(query).Single().Delivery.Single().Name);
            // The workspace itself names no method: without a service's names a quote carries the method id.
            Assert.Equal(TestRules.DhlCz, Ws.Shares.Get(TestRules.Cz, "DN-1")!.Delivery.Single().Name);
        }

        // ---- Rates ----

        [Fact]
        public void The_workspace_rate_overrides_the_rules_rate()
        {
            Assert.Equal(5.0942m, Svc.Pricer.ResolveRate("PLN", "CZK").Rate);
            Assert.Equal("NBP 2023-03-21", Svc.Pricer.ResolveRate("PLN", "CZK").Source);
            Ws.Rates.Set(new ExchangeRateRule("PLN", "CZK", 5.5m, "Manual", new DateTime(2024, 5, 1)), TestRules.Now);
            Assert.Equal(5.0942m, Svc.Pricer.ResolveRate("PLN", "CZK").Rate); // cached until cleared
            Svc.Pricer.ClearRateCache();
            var r = Svc.Pricer.ResolveRate("PLN", "CZK");
            Assert.Equal(5.5m, r.Rate);
            Assert.Equal("Manual 2024-05-01", r.Source);
            var s = Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions());
            Assert.Equal(550m, s.Price);
            Assert.Equal("Manual 2024-05-01", s.RateSource);
        }

        [Fact]
        public void A_rate_given_as_a_parameter_wins()
        {
            Ws.Rates.Set(new ExchangeRateRule("PLN", "CZK", 5.5m, "Manual", new DateTime(2024, 5, 1)), TestRules.Now);
            var r = Svc.Pricer.ResolveRate("PLN", "CZK", 6m);
            Assert.Equal(6m, r.Rate);
            Assert.Equal("parameter", r.Source);
            var s = Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions { ExchangeRate = 6m });
            Assert.Equal(600m, s.Price);
            Assert.Equal(6m, s.ExchangeRate);
            Assert.Equal("parameter", s.RateSource);
            Assert.Equal("own-courier-pl-cz 120 CZK", Svc.Submit(TestRules.Shareable("2").With(o => o.DeliveryMethods = new[] { TestRules.OwnCz }), TestRules.Cz,
                new SubmitOptions { ExchangeRate = 6m }).Delivery.ToString()); // 19.99 x 6 = 119.94
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-1")]
        public void A_rate_parameter_must_be_positive(string rate)
        {
            var ex = Refused(() => Svc.Pricer.ResolveRate("PLN", "CZK", decimal.Parse(rate, CultureInfo.InvariantCulture)), ErrorIds.NoExchangeRate);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Refused(() => Svc.Submit(TestRules.Shareable("1"), TestRules.Cz, new SubmitOptions { ExchangeRate = decimal.Parse(rate, CultureInfo.InvariantCulture) }), ErrorIds.NoExchangeRate);
            Assert.Null(Ws.Offers.Get("1"));
        }

        [Fact]
        public void Same_currency_inverse_and_missing_rates()
        {
            Assert.Equal(1m, Svc.Pricer.ResolveRate("PLN", "PLN").Rate);
            Assert.Equal("identity", Svc.Pricer.ResolveRate("PLN", "PLN").Source);
            var inverse = Svc.Pricer.ResolveRate("CZK", "PLN");
            Assert.Equal(Math.Round(1m / 5.0942m, 10), inverse.Rate);
            Assert.Equal("NBP (inverse) 2023-03-21", inverse.Source);
            var ex = Refused(() => Svc.Pricer.ResolveRate("PLN", "USD"), ErrorIds.NoExchangeRate);
            Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
        }

        [Fact]
        public void A_submission_without_any_rate_is_refused_and_writes_nothing()
        {
            using var fx = new ServiceFixture(TestRules.Build(rates: new[] { new ExchangeRateRule("PLN", "CZK", 5.0942m, "NBP", new DateTime(2023, 3, 21)) }));
            var o = TestRules.Shareable("1");
            o.DeliveryMethods = new[] { "allegro-dpd-sk" };
            Assert.Equal(ErrorIds.NoExchangeRate, Assert.Throws<ListingPsException>(() => fx.Service.Submit(o, TestRules.Sk, new SubmitOptions())).ErrorId);
            Assert.Null(fx.Workspace.Offers.Get("1"));
            fx.Workspace.Rates.Set(new ExchangeRateRule("PLN", "EUR", 0.25m, "Manual", new DateTime(2024, 5, 1)), TestRules.Now);
            Assert.Equal(25m, fx.Service.Submit(o, TestRules.Sk, new SubmitOptions()).Price);
        }
    }

    internal static class TestExtensions
    {
        /// <summary>Changes an object in an expression.</summary>
        public static T With<T>(this T value, Action<T> change)
        {
            change(value);
            return value;
        }
    }
}
