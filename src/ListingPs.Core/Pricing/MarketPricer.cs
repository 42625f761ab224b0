using System;
using System.Collections.Generic;
using System.Globalization;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;

namespace ListingPs.Core.Pricing
{
    /// <summary>How a market price is to be set.</summary>
    public sealed class PriceRequest
    {
        private PriceRequest(decimal? price) { Price = price; }
        /// <summary>The seller's own price in the market currency; null means the price converter.</summary>
        public decimal? Price { get; }
        public bool UseConverter => !Price.HasValue;
        public static PriceRequest Own(decimal price) => new PriceRequest(price);
        public static readonly PriceRequest Converter = new PriceRequest(null);
    }

    /// <summary>The rate that priced an offer, and where it came from.</summary>
    public readonly struct RateInfo
    {
        public RateInfo(decimal rate, string source) { Rate = rate; Source = source; }
        public decimal Rate { get; }
        public string Source { get; }
    }

    /// <summary>An offer's price on an additional market, as <see cref="MarketPricer.Price"/> works it out.</summary>
    public readonly struct OfferPrice
    {
        public OfferPrice(decimal? price, PriceSource source, decimal? convertedBase, RateInfo? rate, string baseCurrency)
        {
            Price = price; Source = source; ConvertedBase = convertedBase; Rate = rate; BaseCurrency = baseCurrency;
        }
        /// <summary>The market price on the currency's step (own, or the converter's); null when the offer has none.</summary>
        public decimal? Price { get; }
        public PriceSource Source { get; }
        /// <summary>The base price times the rate, unrounded; null without a base price.</summary>
        public decimal? ConvertedBase { get; }
        /// <summary>The rate from the base currency; null when nothing needed one (no base price and no own delivery method).</summary>
        public RateInfo? Rate { get; }
        /// <summary>The currency of the market the offer is shared from.</summary>
        public string BaseCurrency { get; }
    }

    /// <summary>
    /// Prices offers on additional markets: chooses the exchange rate (a rate given for the call, else the newest stored one,
    /// else the rules'), keeps the chosen rates until <see cref="ClearRateCache"/>, and converts and rounds the base price or
    /// takes the seller's own price. One per rule set and workspace: the share service and the connection service of a
    /// pipeline use the same one, so a rate cleared after Set-ExchangeRate is cleared for both.
    /// </summary>
    public sealed class MarketPricer
    {
        private readonly RuleSet _rules;
        private readonly Func<string, string, ExchangeRateRule?> _storedRate;
        private readonly Dictionary<(string, string), RateInfo> _rateCache = new Dictionary<(string, string), RateInfo>();
        private readonly Dictionary<MarketRule, MarketPricing> _pricing = new Dictionary<MarketRule, MarketPricing>();

        /// <param name="rules">The markets, currencies and the rules' rates.</param>
        /// <param name="storedRate">The newest stored rate from one currency to another (the workspace's), or null.</param>
        public MarketPricer(RuleSet rules, Func<string, string, ExchangeRateRule?> storedRate)
        {
            _rules = rules ?? throw new ArgumentNullException(nameof(rules));
            _storedRate = storedRate ?? throw new ArgumentNullException(nameof(storedRate));
        }

        /// <summary>The rate from one currency to another: the override, else the stored newest, else the rules'.</summary>
        public RateInfo ResolveRate(string from, string to, decimal? overrideRate = null)
        {
            if (overrideRate.HasValue)
            {
                if (overrideRate.Value <= 0)
                    throw new ListingPsException(ErrorIds.NoExchangeRate, "An exchange rate must be greater than zero.", ErrorKind.InvalidArgument);
                return new RateInfo(overrideRate.Value, "parameter");
            }
            if (_rateCache.TryGetValue((from, to), out var cached)) return cached;
            var rate = string.Equals(from, to, StringComparison.OrdinalIgnoreCase) ? new ExchangeRateRule(from, to, 1m, "identity", null)
                : _storedRate(from, to) ?? _rules.FindRate(from, to);
            if (rate == null)
                throw new ListingPsException(ErrorIds.NoExchangeRate,
                    "No exchange rate from " + from + " to " + to + " in the workspace or the rules; set one with Set-ExchangeRate -From " + from + " -To " + to + " -Rate <rate>.",
                    ErrorKind.ObjectNotFound);
            var info = new RateInfo(rate.Rate, rate.Source + (rate.Date.HasValue ? " " + rate.Date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : ""));
            _rateCache[(from, to)] = info;
            return info;
        }

        /// <summary>Forgets cached rates (after Set-ExchangeRate).</summary>
        public void ClearRateCache() => _rateCache.Clear();

        /// <summary>
        /// The offer's price on the additional market: the own price on the currency's step, or the converted base price
        /// rounded by the currency's rule; a null request leaves the offer without a market price. A rate is resolved when
        /// the offer has a base price or the market has a delivery method priced in the base currency.
        /// </summary>
        public OfferPrice Price(Offer offer, MarketRule market, PriceRequest? request, decimal? rateOverride)
        {
            var m = PricingOf(market);
            RateInfo? rate = null;
            decimal? converted = null;
            if (offer.Price.HasValue || m.HasOwnDelivery)
            {
                rate = ResolveRate(m.BaseMarket.Currency, market.Currency, rateOverride);
                if (offer.Price.HasValue) converted = offer.Price.Value * rate.Value.Rate;
            }
            decimal? price = null;
            var source = PriceSource.None;
            if (request != null)
            {
                if (request.Price.HasValue) { price = MoneyRounding.Normalize(request.Price.Value, m.Currency.Step); source = PriceSource.Manual; }
                else if (converted.HasValue) { price = MoneyRounding.Round(converted.Value, m.Currency); source = PriceSource.Converter; }
            }
            return new OfferPrice(price, source, converted, rate, m.BaseMarket.Currency);
        }

        /// <summary>What pricing needs of a market, looked up once per market instead of once per offer (the rate is cached by <see cref="ResolveRate"/>).</summary>
        private sealed class MarketPricing
        {
            public MarketPricing(MarketRule baseMarket, CurrencyRule currency, bool hasOwnDelivery)
            {
                BaseMarket = baseMarket; Currency = currency; HasOwnDelivery = hasOwnDelivery;
            }
            public MarketRule BaseMarket { get; }
            public CurrencyRule Currency { get; }
            public bool HasOwnDelivery { get; }
        }

        private MarketPricing PricingOf(MarketRule market)
        {
            if (!_pricing.TryGetValue(market, out var m))
            {
                m = new MarketPricing(_rules.BaseOf(market), _rules.GetCurrency(market.Currency), market.Policy != null && HasOwnDelivery(market.Policy));
                _pricing[market] = m;
            }
            return m;
        }

        private static bool HasOwnDelivery(SharePolicy policy)
        {
            foreach (var kv in policy.DeliveryMethods) if (kv.Value.IsOwn) return true;
            return false;
        }
    }
}
