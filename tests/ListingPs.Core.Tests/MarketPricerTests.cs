using System;
using System.Collections.Generic;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>The pricer on its own, without a workspace: rate choice and its cache, the converter's rounding, own prices.</summary>
    public sealed class MarketPricerTests
    {
        private readonly RuleSet _rules = TestRules.Build();
        /// <summary>What the "workspace" holds: the stored rates the pricer asks for, and how often it asked.</summary>
        private readonly Dictionary<(string, string), ExchangeRateRule> _stored = new Dictionary<(string, string), ExchangeRateRule>();
        private int _asked;

        private MarketPricer Pricer() => new MarketPricer(_rules, (from, to) =>
        {
            _asked++;
            return _stored.TryGetValue((from, to), out var r) ? r : null;
        });

        [Fact]
        public void The_stored_rate_wins_over_the_rules_and_is_asked_for_once_until_cleared()
        {
            var pricer = Pricer();
            Assert.Equal("NBP 2023-03-21", pricer.ResolveRate("PLN", "CZK").Source);
            _stored[("PLN", "CZK")] = new ExchangeRateRule("PLN", "CZK", 5.5m, "Manual", new DateTime(2024, 5, 1));
            Assert.Equal(5.0942m, pricer.ResolveRate("PLN", "CZK").Rate);
            Assert.Equal(1, _asked);
            pricer.ClearRateCache();
            var r = pricer.ResolveRate("PLN", "CZK");
            Assert.Equal(5.5m, r.Rate);
            Assert.Equal("Manual 2024-05-01", r.Source);
            Assert.Equal(2, _asked);
            Assert.Equal("parameter", pricer.ResolveRate("PLN", "CZK", 6m).Source);
            Assert.Equal(2, _asked);
        }

        [Fact]
        public void The_converter_rounds_by_the_market_currency_and_an_own_price_is_kept()
        {
            var pricer = Pricer();
            var cz = _rules.GetMarket(TestRules.Cz);
            var offer = TestRules.Shareable("1", 45m);
            var converted = pricer.Price(offer, cz, PriceRequest.Converter, null);
            Assert.Equal(229m, converted.Price);                       // 45 x 5.0942 = 229.239 -> whole crowns
            Assert.Equal(PriceSource.Converter, converted.Source);
            Assert.Equal(45m * 5.0942m, converted.ConvertedBase);
            Assert.Equal(5.0942m, converted.Rate!.Value.Rate);
            Assert.Equal("PLN", converted.BaseCurrency);

            var own = pricer.Price(offer, cz, PriceRequest.Own(240.0m), null);
            Assert.Equal(240m, own.Price);
            Assert.Equal(PriceSource.Manual, own.Source);
            Assert.Equal(45m * 5.0942m, own.ConvertedBase);

            var none = pricer.Price(offer, cz, null, null);
            Assert.Null(none.Price);
            Assert.Equal(PriceSource.None, none.Source);
        }

        [Fact]
        public void An_offer_without_a_base_price_needs_a_rate_only_for_an_own_delivery_method()
        {
            var pricer = Pricer();
            var noPrice = TestRules.Shareable("1", null);
            var cz = pricer.Price(noPrice, _rules.GetMarket(TestRules.Cz), PriceRequest.Converter, null);   // allegro-cz has an own PL->CZ method
            Assert.Null(cz.Price);
            Assert.Null(cz.ConvertedBase);
            Assert.NotNull(cz.Rate);
            var business = pricer.Price(noPrice, _rules.GetMarket(TestRules.BusinessPl), PriceRequest.Converter, null);
            Assert.Null(business.Rate);
            Assert.Equal(1, _asked);
        }

        [Fact]
        public void A_missing_rate_is_refused_by_name()
        {
            var ex = Assert.Throws<ListingPsException>(() => Pricer().ResolveRate("PLN", "USD"));
            Assert.Equal(ErrorIds.NoExchangeRate, ex.ErrorId);
            Assert.Contains("Set-ExchangeRate -From PLN -To USD", ex.Message);
        }
    }
}
