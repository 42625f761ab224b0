using System;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Text fields (Import-Csv shaped) to offers: flags, prices, lists, enum aliases, update merge.</summary>
    public sealed class OfferParserTests
    {
        private static readonly RuleSet Rules = TestRules.Build();

        private static Offer Parse(OfferFields f, Offer? existing = null) => OfferParser.Parse(f, existing, TestRules.Pl, Rules);

        [Fact]
        public void The_shipping_rate_stays_while_the_delivery_methods_stay_and_goes_when_they_change()
        {
            var fromAllegro = Parse(new OfferFields { OfferId = "7", DeliveryMethods = new[] { "dm-inpost-pl" }, ShippingRate = "Standard PL" });
            Assert.Equal("Standard PL", fromAllegro.ShippingRate);
            // the seller's file adds a product (no delivery column), or a pipeline brings the same methods back: the rate stays
            Assert.Equal("Standard PL", Parse(new OfferFields { OfferId = "7", ProductId = "P-7" }, fromAllegro).ShippingRate);
            Assert.Equal("Standard PL", Parse(new OfferFields { OfferId = "7", DeliveryMethods = new[] { "dm-inpost-pl" } }, fromAllegro).ShippingRate);
            // other methods no longer come from that rate
            Assert.Null(Parse(new OfferFields { OfferId = "7", DeliveryMethods = new[] { "allegro-dhl-cz" } }, fromAllegro).ShippingRate);
        }

        [Theory]
        [InlineData("True", true)]
        [InlineData("true", true)]
        [InlineData("TRUE", true)]
        [InlineData("1", true)]
        [InlineData("yes", true)]
        [InlineData("Y", true)]
        [InlineData("$true", true)]
        [InlineData(" true ", true)]
        [InlineData("false", false)]
        [InlineData("False", false)]
        [InlineData("0", false)]
        [InlineData("no", false)]
        [InlineData("n", false)]
        [InlineData("$false", false)]
        [InlineData("", false)]
        [InlineData("  ", false)]
        public void Flags_read_the_usual_spellings(string text, bool expected)
        {
            var o = Parse(new OfferFields { OfferId = "1", B2BOnly = text, Charity = text });
            Assert.Equal(expected, o.B2BOnly);
            Assert.Equal(expected, o.Charity);
        }

        [Theory]
        [InlineData("maybe")]
        [InlineData("2")]
        [InlineData("tak")]
        public void An_invalid_flag_names_the_offer_the_field_and_the_origin(string text)
        {
            var ex = Assert.Throws<OfferFieldException>(() => Parse(new OfferFields { OfferId = "A-17", Charity = text, Origin = "offers.csv line 4" }));
            Assert.Equal(ErrorIds.InvalidOfferField, ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, ex.Kind);
            Assert.Equal("A-17", ex.OfferId);
            Assert.Equal("Charity", ex.Field);
            Assert.Equal(text, ex.Value);
            Assert.Equal("Offer 'A-17' (offers.csv line 4): Charity '" + text + "' is not a flag (True, False, 1, 0 or empty).", ex.Message);

            var b2b = Assert.Throws<OfferFieldException>(() => Parse(new OfferFields { OfferId = "A-17", B2BOnly = text }));
            Assert.Equal("B2BOnly", b2b.Field);
            Assert.StartsWith("Offer 'A-17': B2BOnly", b2b.Message);
        }

        [Theory]
        [InlineData("129.99", "129.99")]
        [InlineData("129,99", "129.99")]
        [InlineData("1 234,56", "1234.56")]
        [InlineData("1\u00a0234,56", "1234.56")]
        [InlineData("1 234.56", "1234.56")]
        [InlineData("1,234.56", "1234.56")]
        [InlineData("1.234,56", "1234.56")]
        [InlineData("1.000,00", "1000.00")]
        [InlineData("1,234,567.89", "1234567.89")]
        [InlineData("1.234.567,89", "1234567.89")]
        [InlineData(" 42 ", "42")]
        [InlineData("0", "0")]
        [InlineData("+5", "5")]
        public void Prices_read_decimal_points_commas_and_thousands_separators(string text, string expected)
        {
            var o = Parse(new OfferFields { OfferId = "1", Price = text });
            Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), o.Price);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        public void An_empty_price_is_no_price(string text)
        {
            Assert.Null(Parse(new OfferFields { OfferId = "1", Price = text }).Price);
        }

        [Theory]
        [InlineData("abc", "a price (a number such as 129.99)")]
        [InlineData("12.5 zł", "a price (a number such as 129.99)")]
        [InlineData("1e5", "a price (a number such as 129.99)")]
        [InlineData("-5", "a price of zero or more")]
        [InlineData("-0.01", "a price of zero or more")]
        public void An_unreadable_or_negative_price_is_refused(string text, string expected)
        {
            var ex = Assert.Throws<OfferFieldException>(() => Parse(new OfferFields { OfferId = "P-1", Price = text }));
            Assert.Equal("Price", ex.Field);
            Assert.Equal("P-1", ex.OfferId);
            Assert.Equal("Offer 'P-1': Price '" + text + "' is not " + expected + ".", ex.Message);
        }

        [Fact]
        public void ParsePrice_names_the_field_it_reads()
        {
            var ex = Assert.Throws<OfferFieldException>(() => OfferParser.ParsePrice("x", "9", "MarketPrice", null));
            Assert.Equal("MarketPrice", ex.Field);
            Assert.Equal(233m, OfferParser.ParsePrice("233", "9", "MarketPrice", null));
        }

        [Fact]
        public void Lists_split_on_semicolons_commas_and_bars_and_drop_blanks_and_duplicates()
        {
            var o = Parse(new OfferFields
            {
                OfferId = "1",
                DeliveryMethods = new[] { "allegro-dhl-cz;packeta-locker-cz", "allegro-dpd-cz, ALLEGRO-DHL-CZ", " ", "", "own|x" },
                Translations = new[] { "cs-CZ", "sk-SK;;cs-cz" },
            });
            Assert.Equal(new[] { "allegro-dhl-cz", "packeta-locker-cz", "allegro-dpd-cz", "own", "x" }, o.DeliveryMethods);
            Assert.Equal(new[] { "cs-CZ", "sk-SK" }, o.Translations);
            Assert.Equal("allegro-dhl-cz;packeta-locker-cz;allegro-dpd-cz;own;x", o.DeliveryMethods.ToString());
        }

        [Theory]
        [InlineData("a;b")]
        [InlineData("a, b")]
        [InlineData(" a ,b ")]
        [InlineData("a|b")]
        [InlineData("a;b;a")]
        public void A_single_text_list_splits(string text)
        {
            Assert.Equal(new[] { "a", "b" }, OfferParser.SplitList(new[] { text }));
        }

        [Fact]
        public void An_array_keeps_its_items()
        {
            Assert.Equal(new[] { "a", "b", "c" }, OfferParser.SplitList(new[] { "a", "b", "c", "B" }));
            Assert.Empty(OfferParser.SplitList(Array.Empty<string>()));
            Assert.Empty(OfferParser.SplitList(new[] { "", ";", " , " }));
        }

        [Theory]
        [InlineData("BuyNow", SellingFormat.BuyNow)]
        [InlineData("BUY_NOW", SellingFormat.BuyNow)]
        [InlineData("buy-now", SellingFormat.BuyNow)]
        [InlineData("Buy Now", SellingFormat.BuyNow)]
        [InlineData("", SellingFormat.BuyNow)]
        [InlineData("AUCTION", SellingFormat.Auction)]
        [InlineData("Classified", SellingFormat.Classified)]
        [InlineData("advertisement", SellingFormat.Classified)]
        [InlineData("ADVERTISEMENT", SellingFormat.Classified)]
        [InlineData("classified ad", SellingFormat.Classified)]
        public void Selling_format_aliases(string text, SellingFormat expected)
        {
            Assert.Equal(expected, Parse(new OfferFields { OfferId = "1", SellingFormat = text }).SellingFormat);
        }

        [Theory]
        [InlineData("Company", AccountType.Company)]
        [InlineData("business", AccountType.Company)]
        [InlineData("", AccountType.Company)]
        [InlineData("Personal", AccountType.Personal)]
        [InlineData("private", AccountType.Personal)]
        [InlineData("REGULAR", AccountType.Personal)]
        public void Account_type_aliases(string text, AccountType expected)
        {
            Assert.Equal(expected, Parse(new OfferFields { OfferId = "1", AccountType = text }).AccountType);
        }

        [Theory]
        [InlineData("Active", OfferStatus.Active)]
        [InlineData("ACTIVE", OfferStatus.Active)]
        [InlineData("", OfferStatus.Active)]
        [InlineData("inactive", OfferStatus.Inactive)]
        [InlineData("Ended", OfferStatus.Ended)]
        public void Status_values(string text, OfferStatus expected)
        {
            Assert.Equal(expected, Parse(new OfferFields { OfferId = "1", Status = text }).Status);
        }

        [Theory]
        [InlineData("new", OfferCondition.New, "merchant", FulfillmentMethod.Merchant)]
        [InlineData("Used", OfferCondition.Used, "self-fulfilled", FulfillmentMethod.Merchant)]
        [InlineData("", OfferCondition.New, "MFN", FulfillmentMethod.Merchant)]
        [InlineData("NEW", OfferCondition.New, "fbm", FulfillmentMethod.Merchant)]
        [InlineData("used", OfferCondition.Used, "FBA", FulfillmentMethod.FBA)]
        [InlineData("used", OfferCondition.Used, "amazon", FulfillmentMethod.FBA)]
        public void Condition_and_fulfillment_aliases(string condition, OfferCondition c, string fulfillment, FulfillmentMethod f)
        {
            var o = Parse(new OfferFields { OfferId = "1", Condition = condition, Fulfillment = fulfillment });
            Assert.Equal(c, o.Condition);
            Assert.Equal(f, o.Fulfillment);
        }

        [Theory]
        [InlineData("SellingFormat", "Licytacja", "BuyNow, Auction or Classified")]
        [InlineData("AccountType", "firma", "Company or Personal")]
        [InlineData("Status", "sold", "Active, Inactive or Ended")]
        [InlineData("Condition", "refurbished", "New or Used")]
        [InlineData("Fulfillment", "dropship", "FBA or Merchant")]
        public void An_unknown_enum_value_names_the_field_and_what_is_accepted(string field, string value, string accepted)
        {
            var f = new OfferFields { OfferId = "E-1" };
            typeof(OfferFields).GetProperty(field)!.SetValue(f, value);
            var ex = Assert.Throws<OfferFieldException>(() => Parse(f));
            Assert.Equal(field, ex.Field);
            Assert.Equal("Offer 'E-1': " + field + " '" + value + "' is not " + accepted + ".", ex.Message);
        }

        [Fact]
        public void A_new_offer_gets_the_defaults()
        {
            var o = Parse(new OfferFields { OfferId = "  N-1 " });
            Assert.Equal("N-1", o.OfferId);
            Assert.Equal(TestRules.Pl, o.Market);
            Assert.Null(o.Title);
            Assert.Null(o.Category);
            Assert.Null(o.Price);
            Assert.Null(o.ProductId);
            Assert.Equal(SellingFormat.BuyNow, o.SellingFormat);
            Assert.Equal(AccountType.Company, o.AccountType);
            Assert.False(o.B2BOnly);
            Assert.False(o.Charity);
            Assert.Equal(OfferStatus.Active, o.Status);
            Assert.Empty(o.DeliveryMethods);
            Assert.Empty(o.Translations);
            Assert.Equal(OfferCondition.New, o.Condition);
            Assert.Equal(FulfillmentMethod.Merchant, o.Fulfillment);
        }

        [Fact]
        public void Market_is_trimmed_and_lower_cased()
        {
            Assert.Equal("amazon-de", Parse(new OfferFields { OfferId = "1", Market = " Amazon-DE " }).Market);
        }

        private static Offer Stored() => new Offer("U-1")
        {
            Title = "Stary tytuł", Category = "Dom", Price = 99.99m, Market = "allegro-pl", SellingFormat = SellingFormat.Auction,
            AccountType = AccountType.Personal, B2BOnly = true, Charity = true, ProductId = "PRD-1", Status = OfferStatus.Inactive,
            DeliveryMethods = new[] { "allegro-dhl-cz" }, Translations = new[] { "cs-CZ" }, Condition = OfferCondition.Used,
            Fulfillment = FulfillmentMethod.FBA,
        };

        [Fact]
        public void An_update_keeps_every_field_it_does_not_supply()
        {
            var o = Parse(new OfferFields { OfferId = "U-1" }, Stored());
            Assert.Equal("Stary tytuł", o.Title);
            Assert.Equal("Dom", o.Category);
            Assert.Equal(99.99m, o.Price);
            Assert.Equal("allegro-pl", o.Market);
            Assert.Equal(SellingFormat.Auction, o.SellingFormat);
            Assert.Equal(AccountType.Personal, o.AccountType);
            Assert.True(o.B2BOnly);
            Assert.True(o.Charity);
            Assert.Equal("PRD-1", o.ProductId);
            Assert.Equal(OfferStatus.Inactive, o.Status);
            Assert.Equal(new[] { "allegro-dhl-cz" }, o.DeliveryMethods);
            Assert.Equal(new[] { "cs-CZ" }, o.Translations);
            Assert.Equal(OfferCondition.Used, o.Condition);
            Assert.Equal(FulfillmentMethod.FBA, o.Fulfillment);
        }

        [Fact]
        public void An_update_with_empty_fields_clears_them()
        {
            var o = Parse(new OfferFields
            {
                OfferId = "U-1", Title = "", Category = " ", Price = "", ProductId = "", B2BOnly = "", Charity = "",
                DeliveryMethods = new[] { "" }, Translations = Array.Empty<string>(), SellingFormat = "", AccountType = "", Status = "",
                Condition = "", Fulfillment = "", Market = "",
            }, Stored());
            Assert.Null(o.Title);
            Assert.Null(o.Category);
            Assert.Null(o.Price);
            Assert.Null(o.ProductId);
            Assert.False(o.B2BOnly);
            Assert.False(o.Charity);
            Assert.Empty(o.DeliveryMethods);
            Assert.Empty(o.Translations);
            Assert.Equal(SellingFormat.BuyNow, o.SellingFormat);
            Assert.Equal(AccountType.Company, o.AccountType);
            Assert.Equal(OfferStatus.Active, o.Status);
            Assert.Equal(OfferCondition.New, o.Condition);
            Assert.Equal(FulfillmentMethod.Merchant, o.Fulfillment);
            Assert.Equal("allegro-pl", o.Market); // a blank market keeps the stored one: an offer always has a market
        }

        [Fact]
        public void An_update_replaces_the_fields_it_supplies()
        {
            var o = Parse(new OfferFields { OfferId = "U-1", Price = "120,50", Title = " Nowy ", DeliveryMethods = new[] { "packeta-locker-cz" }, Status = "Active" }, Stored());
            Assert.Equal(120.50m, o.Price);
            Assert.Equal("Nowy", o.Title);
            Assert.Equal(new[] { "packeta-locker-cz" }, o.DeliveryMethods);
            Assert.Equal(OfferStatus.Active, o.Status);
            Assert.Equal("Dom", o.Category);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void A_record_without_an_offer_id_is_refused(string? id)
        {
            var ex = Assert.Throws<ListingPsException>(() => Parse(new OfferFields { OfferId = id, Title = "x", Origin = "offers.csv line 7" }));
            Assert.Equal(ErrorIds.MissingOfferId, ex.ErrorId);
            Assert.Contains("(offers.csv line 7)", ex.Message);
            var noOrigin = Assert.Throws<ListingPsException>(() => Parse(new OfferFields { OfferId = id }));
            Assert.Equal("An input record has no OfferId; every offer needs one.", noOrigin.Message);
        }
    }
}
