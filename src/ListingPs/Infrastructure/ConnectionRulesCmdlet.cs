using System;
using System.Collections.Generic;
using System.Management.Automation;
using ListingPs.Core;
using ListingPs.Core.Model;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// The cmdlets that set a connection's rules (New-MarketConnection for a new connection, Add-MarketConnectionTarget for
    /// the targets it adds): the offer-creation and pricing rule parameters, declared once here, and a connection rule file
    /// among -RulePath.
    /// </summary>
    public abstract class ConnectionRulesCmdlet : ConnectionCmdlet
    {
        /// <summary>Which source offers are listed by condition: New or NewAndUsed. New-MarketConnection: New by default. Add-MarketConnectionTarget: for the new targets (default: the connection's).</summary>
        [Parameter]
        public ConnectionOfferCondition? OfferCondition { get; set; }

        /// <summary>Which source offers are listed by fulfilment: All, FBA or Merchant (self-fulfilled). New-MarketConnection: All by default. Add-MarketConnectionTarget: for the new targets (default: the connection's).</summary>
        [Parameter]
        public FulfillmentFilter? Fulfillment { get; set; }

        /// <summary>SKUs never listed on any target ("A;B" or an array). Add-MarketConnectionTarget: never listed on the new targets (in addition to the connection's exclusion list).</summary>
        [Parameter]
        [ValidateNotNull]
        public string[]? ExcludeSku { get; set; }

        /// <summary>The default pricing rule: SameAsSource, AmountAbove, PercentAbove or PercentBelow. New-MarketConnection: SameAsSource by default. Add-MarketConnectionTarget: for the new targets (default: the connection's).</summary>
        [Parameter]
        public PricingRuleKind? PricingRule { get; set; }

        /// <summary>The rule's amount (in the source currency, for AmountAbove) or percentage (PercentAbove, PercentBelow).</summary>
        [Parameter]
        public decimal? PriceAdjustment { get; set; }

        protected sealed override bool TakesConnectionRuleFile => true;

        /// <summary>The rules the parameters set (parameters not given are not set).</summary>
        protected TargetRules ParameterRules() => ParameterRules(OfferCondition, Fulfillment, ExcludeSku, PricingRule, PriceAdjustment);

        /// <summary>Rules from parameters (null values are not set): they override the defaults of a rule file.</summary>
        private static TargetRules ParameterRules(ConnectionOfferCondition? condition, FulfillmentFilter? fulfillment, string[]? excludeSku,
            PricingRuleKind? pricingRule, decimal? adjustment)
        {
            PricingRule? pricing = null;
            if (pricingRule.HasValue) pricing = ListingPs.Core.Model.PricingRule.Create(pricingRule.Value, adjustment);
            else if (adjustment.HasValue)
                throw new ListingPsException(ErrorIds.InvalidPricingRule,
                    "-PriceAdjustment needs -PricingRule (AmountAbove, PercentAbove or PercentBelow).", ErrorKind.InvalidArgument);
            var skus = new List<string>();
            if (excludeSku != null)
                foreach (var s in excludeSku)
                    foreach (var part in (s ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
                        if (part.Trim().Length > 0) skus.Add(part.Trim());
            return new TargetRules { OfferCondition = condition, Fulfillment = fulfillment, ExcludeSkus = skus, Pricing = pricing };
        }
    }
}
