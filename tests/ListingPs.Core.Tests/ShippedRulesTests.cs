using System;
using System.IO;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>The rules the module ships hold the documents' facts.</summary>
    public sealed class ShippedRulesTests
    {
        internal static RuleSet Shipped => RuleLoader.Load(new[] { Path.Combine(AppContext.BaseDirectory, "rules") });

        [Fact]
        public void Czech_market_carries_the_documented_policy()
        {
            var rules = Shipped;
            var cz = rules.GetMarket("allegro-cz");
            Assert.Equal("CZK", cz.Currency);
            Assert.Equal("cs-CZ", cz.Language);
            Assert.Equal("allegro-pl", cz.ShareFrom);
            Assert.Equal(new DateTime(2023, 5, 10), cz.Launched);
            var p = cz.Policy!;
            Assert.Equal(99m, p.DeliveryMethods["allegro-dhl-cz"].Price);
            Assert.Equal(99m, p.DeliveryMethods["allegro-dpd-cz"].Price);
            Assert.Equal(59m, p.DeliveryMethods["packeta-pickup-cz"].Price);
            Assert.Equal(59m, p.DeliveryMethods["packeta-locker-cz"].Price);
            Assert.True(p.DeliveryMethods["own-courier-pl-cz"].IsOwn);
            Assert.Equal(20m, p.MaxPriceDeviationPercent);
            Assert.Equal(10m, p.WarnPriceDeviationPercent);
            Assert.Equal(new[] { SellingFormat.BuyNow }, p.SellingFormats);
            Assert.False(p.PromotionsAvailable);
            Assert.True(p.ConverterByDefault);
            var rate = rules.FindRate("PLN", "CZK")!;
            Assert.Equal(5.0942m, rate.Rate);
            Assert.Equal("NBP", rate.Source);
            Assert.Equal(new DateTime(2023, 3, 21), rate.Date);
            Assert.Equal(1m, rules.GetCurrency("CZK").Step);
            Assert.Equal(RoundingMode.HalfDown, rules.GetCurrency("CZK").Rounding);
            Assert.Equal(5m, rules.GetCurrency("HUF").Step);
            Assert.Equal(0.01m, rules.GetCurrency("EUR").Step);
        }

        [Fact]
        public void Every_amazon_marketplace_is_in_its_region()
        {
            var rules = Shipped;
            string Regions(string region) => string.Join(",", rules.Markets.Where(m => m.Platform == "amazon" && m.Region == region).Select(m => m.Id));
            Assert.Equal("amazon-us,amazon-ca,amazon-mx,amazon-br", Regions("NA"));
            Assert.Equal("amazon-uk,amazon-de,amazon-fr,amazon-it,amazon-es,amazon-nl,amazon-se,amazon-pl,amazon-be,amazon-tr,amazon-ie", Regions("EU"));
            Assert.Equal("amazon-jp,amazon-au,amazon-sg", Regions("FE"));
            // Every market can be priced from every other market of its platform through the rules' rates.
            foreach (var m in rules.Markets.Where(x => x.Platform == "amazon"))
                Assert.True(rules.TryGetCurrency(m.Currency, out _), m.Id);
        }

        [Fact]
        public void Base_market_and_additional_markets_are_linked()
        {
            var rules = Shipped;
            Assert.True(rules.GetMarket("allegro-pl").IsBase);
            foreach (var id in new[] { "allegro-cz", "allegro-sk", "allegro-hu" })
                Assert.Same(rules.GetMarket("allegro-pl"), rules.BaseOf(rules.GetMarket(id)));
            Assert.True(rules.GetMarket("allegro-business-pl").KeepsBasePrice);
            Assert.NotNull(rules.FindRate("PLN", "EUR"));
            Assert.NotNull(rules.FindRate("PLN", "HUF"));
        }
    }
}
