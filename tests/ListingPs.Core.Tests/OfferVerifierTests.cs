using System;
using System.Collections.Generic;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Verification;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Verification against the Czech sales policy (SPEC B): every reason code on exactly its condition.</summary>
    public sealed class OfferVerifierTests
    {
        private static readonly RuleSet Rules = TestRules.Build();

        private static VerificationResult Verify(Offer offer, decimal? price = 509m, decimal? converted = 509.42m, bool auto = false,
            decimal? rate = 5.0942m, RuleSet? rules = null, string market = TestRules.Cz, PriceSource source = PriceSource.Converter)
        {
            rules ??= Rules;
            return new OfferVerifier(rules).Verify(offer, rules.GetMarket(market), new MarketPrice(price, price.HasValue ? source : PriceSource.None, converted), auto, rate);
        }

        private static string Codes(VerificationResult r) => string.Join(";", r.Reasons.Select(x => x.Code));

        private static Offer Clean() => TestRules.Shareable("1001");

        [Fact]
        public void An_offer_meeting_every_rule_is_approved_without_reasons_or_warnings()
        {
            var r = Verify(Clean());
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Empty(r.Reasons);
            Assert.Empty(r.Warnings);
            Assert.Equal(TranslationKind.Own, r.Translation);
            var q = Assert.Single(r.Delivery);
            Assert.Equal(TestRules.DhlCz, q.Method);
            Assert.Equal(99m, q.Price);
            Assert.Equal("CZK", q.Currency);
        }

        public static IEnumerable<object[]> SingleRuleBreaks() => new[]
        {
            new object[] { "personal account", ReasonCodes.PersonalAccount },
            new object[] { "b2b", ReasonCodes.B2BOnly },
            new object[] { "charity", ReasonCodes.Charity },
            new object[] { "auction", ReasonCodes.NotBuyNow },
            new object[] { "classified", ReasonCodes.NotBuyNow },
            new object[] { "no product", ReasonCodes.NoCatalogueProduct },
            new object[] { "blank product", ReasonCodes.NoCatalogueProduct },
            new object[] { "product not allowed", ReasonCodes.ProductNotAllowed },
            new object[] { "product not allowed, other case", ReasonCodes.ProductNotAllowed },
            new object[] { "category not allowed", ReasonCodes.ProductNotAllowed },
            new object[] { "category not allowed, child", ReasonCodes.ProductNotAllowed },
            new object[] { "category unavailable", ReasonCodes.CategoryUnavailable },
            new object[] { "category unavailable, child", ReasonCodes.CategoryUnavailable },
            new object[] { "category unavailable, ' > ' path", ReasonCodes.CategoryUnavailable },
            new object[] { "no delivery", ReasonCodes.DeliveryNotAvailable },
            new object[] { "PL-only delivery", ReasonCodes.DeliveryNotAvailable },
            new object[] { "no translation", ReasonCodes.LanguageNotAvailable },
            new object[] { "Slovak translation only", ReasonCodes.LanguageNotAvailable },
            new object[] { "no market price", ReasonCodes.CurrencyNotAvailable },
            new object[] { "price 20.1% over", ReasonCodes.PriceMismatch },
            new object[] { "price 20.1% under", ReasonCodes.PriceMismatch },
        };

        [Theory]
        [MemberData(nameof(SingleRuleBreaks))]
        public void Each_broken_rule_gives_exactly_its_reason(string breach, string code)
        {
            var o = Clean();
            decimal? price = 509m;
            switch (breach)
            {
                case "personal account": o.AccountType = AccountType.Personal; break;
                case "b2b": o.B2BOnly = true; break;
                case "charity": o.Charity = true; break;
                case "auction": o.SellingFormat = SellingFormat.Auction; break;
                case "classified": o.SellingFormat = SellingFormat.Classified; break;
                case "no product": o.ProductId = null; break;
                case "blank product": o.ProductId = ""; break;
                case "product not allowed": o.ProductId = TestRules.NotAllowedProduct; break;
                case "product not allowed, other case": o.ProductId = TestRules.NotAllowedProduct.ToLowerInvariant(); break;
                case "category not allowed": o.Category = TestRules.NotAllowedCategory; break;
                case "category not allowed, child": o.Category = TestRules.NotAllowedCategory + "/Przeciwbólowe"; break;
                case "category unavailable": o.Category = TestRules.UnavailableCategory; break;
                case "category unavailable, child": o.Category = TestRules.UnavailableCategory + "/Osobowe"; break;
                case "category unavailable, ' > ' path": o.Category = "Motoryzacja > Pojazdy > Osobowe"; break;
                case "no delivery": o.DeliveryMethods = Array.Empty<string>(); break;
                case "PL-only delivery": o.DeliveryMethods = new[] { TestRules.PlOnly }; break;
                case "no translation": o.Translations = Array.Empty<string>(); break;
                case "Slovak translation only": o.Translations = new[] { "sk-SK", "pl-PL" }; break;
                case "no market price": price = null; break;
                case "price 20.1% over": price = 612m; break;   // 612 / 509.42 = +20.14%
                case "price 20.1% under": price = 407m; break;  // 407 / 509.42 = -20.11%
                default: throw new ArgumentException(breach);
            }
            var r = Verify(o, price);
            Assert.Equal(code, Codes(r));
            Assert.Equal(ShareState.Refused, r.State);
        }

        [Theory]
        [InlineData("Motoryzacja")]                 // the parent of an unavailable category is available
        [InlineData("Motoryzacja/Części")]
        [InlineData("Motoryzacja/Pojazdy użytkowe")] // a sibling whose name starts the same
        [InlineData("Zdrowie")]
        [InlineData("Zdrowie/Lekarstwa")]
        [InlineData("")]
        [InlineData(null)]
        public void Categories_near_the_listed_ones_pass(string? category)
        {
            var o = Clean();
            o.Category = category;
            Assert.Equal("", Codes(Verify(o)));
        }

        [Fact]
        public void A_product_id_that_only_starts_like_a_forbidden_one_passes()
        {
            var o = Clean();
            o.ProductId = TestRules.NotAllowedProduct + "0";
            Assert.Equal("", Codes(Verify(o)));
        }

        [Theory]
        [InlineData("personal account")]
        [InlineData("b2b")]
        [InlineData("charity")]
        [InlineData("auction")]
        [InlineData("no product")]
        [InlineData("no translation")]
        public void A_rule_the_policy_switches_off_gives_no_reason(string breach)
        {
            var o = Clean();
            Action<SharePolicy> off;
            switch (breach)
            {
                case "personal account": o.AccountType = AccountType.Personal; off = p => p.RequireCompanyAccount = false; break;
                case "b2b": o.B2BOnly = true; off = p => p.RejectB2BOnly = false; break;
                case "charity": o.Charity = true; off = p => p.RejectCharity = false; break;
                case "auction": o.SellingFormat = SellingFormat.Auction; off = p => p.SellingFormats = new[] { SellingFormat.BuyNow, SellingFormat.Auction }; break;
                case "no product": o.ProductId = null; off = p => p.RequireCatalogueProduct = false; break;
                case "no translation": o.Translations = Array.Empty<string>(); off = p => p.RequireTranslation = false; break;
                default: throw new ArgumentException(breach);
            }
            Assert.NotEqual("", Codes(Verify(o)));
            var r = Verify(o, rules: TestRules.Build(off));
            Assert.Equal("", Codes(r));
            Assert.Equal(ShareState.Approved, r.State);
        }

        [Fact]
        public void Not_buy_now_names_the_selling_format()
        {
            var o = Clean();
            o.SellingFormat = SellingFormat.Auction;
            Assert.Equal("auction", Verify(o).Reasons[0].Parameters["sellingFormat"]);
            o.SellingFormat = SellingFormat.Classified;
            Assert.Equal("classified ad", Verify(o).Reasons[0].Parameters["sellingFormat"]);
        }

        [Fact]
        public void Product_not_allowed_names_the_product_or_the_category()
        {
            var o = Clean();
            o.ProductId = TestRules.NotAllowedProduct;
            var r = Verify(o).Reasons[0];
            Assert.Equal(TestRules.NotAllowedProduct, r.Parameters["productId"]);
            Assert.Equal("CZ", r.Parameters["country"]);
            Assert.Equal("The product PRD-ALKO-0001 is not allowed for sale in CZ.", r.Message);

            o = Clean();
            o.ProductId = null;
            o.Category = "Zdrowie/Leki/Syropy";
            var both = Verify(o);
            Assert.Equal(ReasonCodes.NoCatalogueProduct + ";" + ReasonCodes.ProductNotAllowed, Codes(both));
            Assert.Equal("(Zdrowie/Leki/Syropy)", both.Reasons[1].Parameters["productId"]);
        }

        [Theory]
        [InlineData("cs-CZ")]
        [InlineData("cs")]
        [InlineData("CS-cz")]
        public void An_own_czech_translation_passes(string language)
        {
            var o = Clean();
            o.Translations = new[] { "pl-PL", language };
            var r = Verify(o);
            Assert.Equal("", Codes(r));
            Assert.Equal(TranslationKind.Own, r.Translation);
        }

        [Fact]
        public void Automatic_translation_passes_and_an_own_one_takes_precedence()
        {
            var o = Clean();
            o.Translations = Array.Empty<string>();
            var r = Verify(o, auto: true);
            Assert.Equal("", Codes(r));
            Assert.Equal(TranslationKind.Automatic, r.Translation);

            o.Translations = new[] { "cs-CZ" };
            Assert.Equal(TranslationKind.Own, Verify(o, auto: true).Translation);
        }

        [Theory]
        [InlineData("Książki i Komiksy")]
        [InlineData("Książki i Komiksy/Fantastyka")]
        [InlineData("Filmy")]
        public void A_translation_exempt_category_needs_no_translation(string category)
        {
            var o = Clean();
            o.Category = category;
            o.Translations = Array.Empty<string>();
            var r = Verify(o);
            Assert.Equal("", Codes(r));
            Assert.Equal(TranslationKind.NotRequired, r.Translation);
        }

        [Fact]
        public void A_market_without_a_language_needs_no_translation()
        {
            var rules = TestRules.Build();
            var market = rules.GetMarket(TestRules.Cz);
            var noLanguage = new MarketRule { Id = "allegro-xx", Country = "CZ", Currency = "CZK", Language = "", ShareFrom = TestRules.Pl, Policy = market.Policy };
            var o = Clean();
            o.Translations = Array.Empty<string>();
            var r = new OfferVerifier(rules).Verify(o, noLanguage, new MarketPrice(509m, PriceSource.Converter, 509.42m), false, 5.0942m);
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Equal(TranslationKind.NotRequired, r.Translation);
        }

        [Fact]
        public void A_market_without_a_policy_uses_the_default_one()
        {
            var rules = TestRules.Build();
            var bare = new MarketRule { Id = "allegro-xx", Country = "XX", Currency = "CZK", Language = "cs-CZ", ShareFrom = TestRules.Pl };
            var o = Clean();
            o.DeliveryMethods = Array.Empty<string>(); // the default policy lists no delivery methods, so none is required
            var verifier = new OfferVerifier(rules);
            Assert.Equal(ShareState.Approved, verifier.Verify(o, bare, new MarketPrice(509m, PriceSource.Converter, 509.42m), false, null).State);
            o.AccountType = AccountType.Personal;
            o.Translations = Array.Empty<string>();
            Assert.Equal(ReasonCodes.PersonalAccount + ";" + ReasonCodes.LanguageNotAvailable,
                Codes(verifier.Verify(o, bare, new MarketPrice(509m, PriceSource.Converter, 509.42m), false, null)));
        }

        [Fact]
        public void Own_delivery_method_counts_as_delivery_to_czechia()
        {
            var o = Clean();
            o.DeliveryMethods = new[] { TestRules.OwnCz };
            var r = Verify(o);
            Assert.Equal("", Codes(r));
            var q = Assert.Single(r.Delivery);
            Assert.True(q.Converted);
            Assert.Equal(102m, q.Price); // 19.99 x 5.0942 = 101.833 -> 102
        }

        [Fact]
        public void An_offer_from_Allegro_without_delivery_to_the_country_is_refused_naming_its_shipping_rate()
        {
            var o = Clean();
            o.DeliveryMethods = new[] { TestRules.PlOnly };
            o.ShippingRate = "Standard PL";
            var reason = Assert.Single(Verify(o).Reasons);
            Assert.Equal(ReasonCodes.DeliveryNotAvailable, reason.Code);
            Assert.Equal("The offer's shipping rate 'Standard PL' has no delivery method to CZ.", reason.Message);
            Assert.StartsWith("Move the offer to a shipping rate with a delivery method to CZ (Get-AllegroShippingRate -Market allegro-cz", reason.Hint, StringComparison.Ordinal);
            Assert.Equal("Standard PL", reason.Parameters["shippingRate"]);
            // stored and read back, the reason keeps its wording; one without a rate keeps the other one
            var back = Assert.Single(ReasonCodes.Decode(ReasonCodes.Encode(new[] { reason })));
            Assert.Equal(reason.Message, back.Message);
            o.ShippingRate = null;
            Assert.Equal("The offer has no delivery method to CZ.", Assert.Single(Verify(o).Reasons).Message);
        }

        [Fact]
        public void Own_delivery_method_cannot_be_quoted_without_a_rate()
        {
            var o = Clean();
            o.DeliveryMethods = new[] { TestRules.OwnCz };
            var r = Verify(o, rate: null);
            Assert.Equal(ReasonCodes.DeliveryNotAvailable, Codes(r));
            Assert.Empty(r.Delivery);
        }

        [Fact]
        public void Delivery_quotes_use_preset_czk_prices_and_convert_own_methods_with_the_nbp_rate()
        {
            var o = Clean();
            o.DeliveryMethods = new[] { TestRules.DhlCz, TestRules.PlOnly, TestRules.DpdCz, TestRules.PacketaPickupCz, TestRules.PacketaLockerCz, TestRules.OwnCz };
            var quotes = new OfferVerifier(Rules).QuoteDelivery(o, Rules.GetMarket(TestRules.Cz), Rules.GetMarket(TestRules.Cz).Policy!, 5.0942m);
            Assert.Equal("allegro-dhl-cz 99 CZK|allegro-dpd-cz 99 CZK|packeta-pickup-cz 59 CZK|packeta-locker-cz 59 CZK|own-courier-pl-cz 102 CZK",
                string.Join("|", quotes.Select(q => q.ToString())));
            Assert.Equal(new[] { false, false, false, false, true }, quotes.Select(q => q.Converted).ToArray());
            Assert.Equal("Allegro PL->CZ Packeta parcel locker", quotes[3].Name);
            Assert.Equal("Own contract courier PL->CZ", quotes[4].Name);
        }

        [Fact]
        public void Own_delivery_price_is_rounded_by_the_czk_rule()
        {
            // An own method of 40.34 PLN: x 5.0942 = 205.500028, 205.50 at cents, half a crown goes down.
            var o = Clean();
            o.DeliveryMethods = new[] { "own-cheap" };
            var rules = TestRules.Build(p =>
            {
                var methods = new Dictionary<string, DeliveryMethodRule>(p.DeliveryMethods, StringComparer.OrdinalIgnoreCase)
                {
                    ["own-cheap"] = new DeliveryMethodRule("own-cheap", "Own cheap", null, 40.34m),
                    ["own-dear"] = new DeliveryMethodRule("own-dear", "Own dear", null, 40.93m),
                };
                p.DeliveryMethods = methods;
            });
            var cz = rules.GetMarket(TestRules.Cz);
            var verifier = new OfferVerifier(rules);
            Assert.Equal(205m, verifier.QuoteDelivery(o, cz, cz.Policy!, 5.0942m)[0].Price);
            o.DeliveryMethods = new[] { "own-dear" }; // 208.505606 -> 208.51 -> 209
            Assert.Equal(209m, verifier.QuoteDelivery(o, cz, cz.Policy!, 5.0942m)[0].Price);
        }

        [Fact]
        public void Delivery_quotes_on_slovakia_and_hungary_use_their_currency_steps()
        {
            var o = Clean();
            o.DeliveryMethods = new[] { "allegro-dpd-sk", "own-courier-pl-sk", "allegro-dpd-hu", "own-courier-pl-hu" };
            var verifier = new OfferVerifier(Rules);
            var sk = Rules.GetMarket(TestRules.Sk);
            var hu = Rules.GetMarket(TestRules.Hu);
            Assert.Equal("allegro-dpd-sk 3.99 EUR;own-courier-pl-sk 5.10 EUR",
                string.Join(";", verifier.QuoteDelivery(o, sk, sk.Policy!, 0.2318m))); // 21.99 x 0.2318 = 5.097
            Assert.Equal("allegro-dpd-hu 1590 HUF;own-courier-pl-hu 2275 HUF",
                string.Join(";", verifier.QuoteDelivery(o, hu, hu.Policy!, 91.05m)));  // 24.99 x 91.05 = 2275.34
        }

        [Fact]
        public void DeliversTo_counts_own_methods_and_ignores_pl_only_ones()
        {
            var policy = Rules.GetMarket(TestRules.Cz).Policy!;
            var o = Clean();
            o.DeliveryMethods = new[] { TestRules.PlOnly };
            Assert.False(OfferVerifier.DeliversTo(o, policy));
            o.DeliveryMethods = new[] { TestRules.PlOnly, TestRules.OwnCz };
            Assert.True(OfferVerifier.DeliversTo(o, policy));
            o.DeliveryMethods = new[] { "PACKETA-LOCKER-CZ" };
            Assert.True(OfferVerifier.DeliversTo(o, policy));
            o.DeliveryMethods = Array.Empty<string>();
            Assert.False(OfferVerifier.DeliversTo(o, policy));
        }

        [Theory]
        [InlineData("600")] // exactly +20%
        [InlineData("400")] // exactly -20%
        public void A_price_exactly_20_percent_off_passes_with_a_warning(string price)
        {
            var r = Verify(Clean(), decimal.Parse(price), 500m, source: PriceSource.Manual);
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Empty(r.Reasons);
            var w = Assert.Single(r.Warnings);
            Assert.StartsWith("PriceDeviation:", w);
            Assert.Matches(@"differs by 20(\.0+)?% from the converted base price 500 \(more than 10%\)", w);
        }

        [Theory]
        [InlineData("601", "20.2")]
        [InlineData("399", "20.2")]
        [InlineData("1000", "100")]
        public void A_price_more_than_20_percent_off_is_refused_in_both_directions(string price, string deviation)
        {
            var r = Verify(Clean(), decimal.Parse(price), 500m, source: PriceSource.Manual);
            Assert.Equal(ShareState.Refused, r.State);
            var reason = Assert.Single(r.Reasons);
            Assert.Equal(ReasonCodes.PriceMismatch, reason.Code);
            Assert.Equal("20", reason.Parameters["maxAllowedPriceDecreasePercent"]);
            Assert.Equal(decimal.Parse(deviation, System.Globalization.CultureInfo.InvariantCulture),
                decimal.Parse(reason.Parameters["deviationPercent"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(price, reason.Parameters["price"]);
            Assert.Equal("500", reason.Parameters["convertedPrice"]);
            Assert.Equal("CZK", reason.Parameters["currency"]);
            Assert.Empty(r.Warnings);
        }

        [Fact]
        public void A_price_just_over_20_percent_is_refused_even_when_the_percentage_shows_as_20()
        {
            // 20000 PLN x 5.0942 = 101884 CZK; +20% is 122260.8. 122262 CZK is 20.0012% off: over the limit.
            var r = Verify(Clean(), 122262m, 101884m, source: PriceSource.Manual);
            Assert.Equal(ReasonCodes.PriceMismatch, Codes(r));
            Assert.Equal(ShareState.Refused, r.State);
            // 122260 CZK is 19.9992% off: within it.
            Assert.Equal("", Codes(Verify(Clean(), 122260m, 101884m, source: PriceSource.Manual)));
        }

        [Theory]
        [InlineData("551")]
        [InlineData("449")]
        [InlineData("599")]
        public void A_price_more_than_10_and_at_most_20_percent_off_warns_and_stays_approved(string price)
        {
            var r = Verify(Clean(), decimal.Parse(price), 500m, source: PriceSource.Manual);
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Empty(r.Reasons);
            var w = Assert.Single(r.Warnings);
            Assert.Contains("CZK price " + price, w);
            Assert.Contains("converted base price 500", w);
            Assert.Contains("(more than 10%)", w);
        }

        [Theory]
        [InlineData("550")] // exactly 10%: no warning
        [InlineData("450")]
        [InlineData("509")]
        public void A_price_at_most_10_percent_off_draws_no_warning(string price)
        {
            var r = Verify(Clean(), decimal.Parse(price), 500m, source: PriceSource.Manual);
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Empty(r.Warnings);
        }

        [Fact]
        public void The_limits_come_from_the_policy()
        {
            var rules = TestRules.Build(p => { p.MaxPriceDeviationPercent = 5m; p.WarnPriceDeviationPercent = 2m; });
            Assert.Equal(ReasonCodes.PriceMismatch, Codes(Verify(Clean(), 530m, 500m, rules: rules))); // 6%
            var warned = Verify(Clean(), 515m, 500m, rules: rules);                                       // 3%
            Assert.Equal(ShareState.Approved, warned.State);
            Assert.Single(warned.Warnings);
            Assert.Equal("5", Verify(Clean(), 530m, 500m, rules: rules).Reasons[0].Parameters["maxAllowedPriceDecreasePercent"]);
        }

        [Fact]
        public void Without_a_converted_base_price_the_deviation_is_not_checked()
        {
            var r = Verify(Clean(), 9999m, converted: null, source: PriceSource.Manual);
            Assert.Equal(ShareState.Approved, r.State);
            Assert.Empty(r.Warnings);
        }

        [Fact]
        public void Missing_price_names_the_currency_and_the_market()
        {
            var reason = Assert.Single(Verify(Clean(), price: null).Reasons);
            Assert.Equal(ReasonCodes.CurrencyNotAvailable, reason.Code);
            Assert.Equal("CZK", reason.Parameters["currency"]);
            Assert.Equal("allegro-cz", reason.Parameters["market"]);
            Assert.Equal("The offer has no price in CZK, the currency of allegro-cz.", reason.Message);
        }

        [Fact]
        public void An_offer_breaking_every_rule_gets_every_reason_at_once()
        {
            // LPS106 by category and LPS107 at once need a category both not allowed and unavailable.
            var rules = TestRules.Build(p => p.UnavailableCategories = new CategoryList(new[] { TestRules.UnavailableCategory, "Zdrowie" }));
            var o = new Offer("9999")
            {
                Market = TestRules.Pl, Price = 100m, Category = "Zdrowie/Leki/Syropy", AccountType = AccountType.Personal, B2BOnly = true,
                Charity = true, SellingFormat = SellingFormat.Auction, ProductId = null, DeliveryMethods = new[] { TestRules.PlOnly },
                Translations = new[] { "pl-PL" },
            };
            var r = Verify(o, price: null, rules: rules);
            Assert.Equal(string.Join(";",
                ReasonCodes.PersonalAccount, ReasonCodes.B2BOnly, ReasonCodes.Charity, ReasonCodes.NotBuyNow, ReasonCodes.NoCatalogueProduct,
                ReasonCodes.ProductNotAllowed, ReasonCodes.CategoryUnavailable, ReasonCodes.DeliveryNotAvailable, ReasonCodes.LanguageNotAvailable,
                ReasonCodes.CurrencyNotAvailable), Codes(r));
            Assert.Equal(ShareState.Refused, r.State);
            foreach (var reason in r.Reasons)
            {
                Assert.DoesNotContain("?", reason.Message); // every placeholder was filled
                Assert.DoesNotContain("?", reason.Hint);
                Assert.NotEqual(reason.Code, reason.Message);
            }

            // With a price too far off, VQR009 replaces VQR001 and the rest stay.
            var priced = Verify(o, price: 1000m, rules: rules);
            Assert.Equal(10, priced.Reasons.Count);
            Assert.Equal(ReasonCodes.PriceMismatch, priced.Reasons[9].Code);
            Assert.DoesNotContain(priced.Reasons, x => x.Code == ReasonCodes.CurrencyNotAvailable);
        }

        [Theory]
        [InlineData(OfferStatus.Inactive)]
        [InlineData(OfferStatus.Ended)]
        public void An_inactive_offer_is_pending_without_reasons_and_refused_with_them(OfferStatus status)
        {
            var o = Clean();
            o.Status = status;
            var pending = Verify(o);
            Assert.Equal(ShareState.Pending, pending.State);
            Assert.Empty(pending.Reasons);

            o.Charity = true;
            var refused = Verify(o);
            Assert.Equal(ShareState.Refused, refused.State);
            Assert.Equal(ReasonCodes.Charity, Codes(refused));
        }

        [Fact]
        public void A_deviation_warning_does_not_keep_an_inactive_offer_from_pending()
        {
            var o = Clean();
            o.Status = OfferStatus.Inactive;
            var r = Verify(o, 560m, 500m);
            Assert.Equal(ShareState.Pending, r.State);
            Assert.Single(r.Warnings);
        }
    }
}
