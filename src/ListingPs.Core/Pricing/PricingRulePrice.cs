using ListingPs.Core.Model;
using ListingPs.Core.Rules;

namespace ListingPs.Core.Pricing
{
    /// <summary>A connection's pricing rule priced in a target currency: the rule, the conversion, the currency's rounding.</summary>
    public static class PricingRulePrice
    {
        /// <summary>The target price: the rule applied to the source price, converted with <paramref name="rate"/>, rounded to the currency's step.</summary>
        public static decimal Price(this PricingRule rule, decimal sourcePrice, decimal rate, CurrencyRule targetCurrency) =>
            MoneyRounding.Round(rule.Apply(sourcePrice) * rate, targetCurrency);
    }
}
