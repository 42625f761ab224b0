using System;
using System.Collections.Generic;
using System.Linq;

namespace ListingPs.Core.Rules
{
    /// <summary>Everything the YAML rule files define: currencies, exchange rates, markets and their policies. Immutable once loaded.</summary>
    public sealed class RuleSet
    {
        private readonly Dictionary<string, MarketRule> _markets;
        private readonly Dictionary<string, CurrencyRule> _currencies;
        private readonly Dictionary<(string, string), ExchangeRateRule> _rates;

        public RuleSet(IEnumerable<MarketRule> markets, IEnumerable<CurrencyRule> currencies,
            IEnumerable<ExchangeRateRule> exchangeRates, IEnumerable<string> sourceFiles)
        {
            _markets = new Dictionary<string, MarketRule>(StringComparer.OrdinalIgnoreCase);
            foreach (var m in markets) _markets[m.Id] = m;
            _currencies = new Dictionary<string, CurrencyRule>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in currencies) _currencies[c.Code] = c;
            _rates = new Dictionary<(string, string), ExchangeRateRule>();
            foreach (var r in exchangeRates) _rates[(r.From.ToUpperInvariant(), r.To.ToUpperInvariant())] = r;
            SourceFiles = sourceFiles.ToArray();
        }

        /// <summary>Markets in the order the files defined them.</summary>
        public IEnumerable<MarketRule> Markets => _markets.Values;
        public IEnumerable<CurrencyRule> Currencies => _currencies.Values;
        public IEnumerable<ExchangeRateRule> ExchangeRates => _rates.Values;
        public IReadOnlyList<string> SourceFiles { get; }

        public bool TryGetMarket(string id, out MarketRule market) => _markets.TryGetValue(id ?? "", out market!);

        public MarketRule GetMarket(string id)
        {
            if (TryGetMarket(id, out var m)) return m;
            throw new UnknownMarketException(id, _markets.Keys);
        }

        public bool TryGetCurrency(string code, out CurrencyRule currency) => _currencies.TryGetValue(code ?? "", out currency!);

        public CurrencyRule GetCurrency(string code)
        {
            if (TryGetCurrency(code, out var c)) return c;
            throw new ListingPsException(ErrorIds.UnknownCurrency,
                "Currency '" + code + "' has no precision in the rules; add it under 'currencies:'.");
        }

        /// <summary>The rules' rate from one currency to another; the inverse of a defined rate is used when only that exists.</summary>
        public ExchangeRateRule? FindRate(string from, string to)
        {
            if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
                return new ExchangeRateRule(from, to, 1m, "identity", null);
            if (_rates.TryGetValue((from.ToUpperInvariant(), to.ToUpperInvariant()), out var r)) return r;
            if (_rates.TryGetValue((to.ToUpperInvariant(), from.ToUpperInvariant()), out var inv) && inv.Rate != 0)
                return new ExchangeRateRule(from, to, Math.Round(1m / inv.Rate, 10), inv.Source + " (inverse)", inv.Date);
            return null;
        }

        /// <summary>The base market an additional market shares from (itself for a base market).</summary>
        public MarketRule BaseOf(MarketRule market)
        {
            if (market.IsBase || string.IsNullOrEmpty(market.ShareFrom)) return market;
            return GetMarket(market.ShareFrom!);
        }
    }

    /// <summary>A market id the rules do not define.</summary>
    public sealed class UnknownMarketException : ListingPsException
    {
        public UnknownMarketException(string id, IEnumerable<string> known)
            : base(ErrorIds.UnknownMarket, "Market '" + id + "' is not defined by the rules. Known markets: " + string.Join(", ", known) + ".")
        {
            MarketId = id;
        }
        public string MarketId { get; }
    }
}
