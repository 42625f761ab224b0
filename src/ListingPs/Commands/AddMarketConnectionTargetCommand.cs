using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Connections;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Adds target markets to an existing market connection and lists the eligible source offers on them.</para>
    /// <para type="description">The new targets are checked like those of New-MarketConnection (a source market is never a
    /// target, a target has one source) and need -AcceptObligations. They take the connection's rules; -OfferCondition,
    /// -Fulfillment, -ExcludeSku, -PricingRule and -PriceAdjustment, or a connection rule file given with -RulePath, set rules
    /// for the new targets only. Processing covers the new targets in one transaction and writes the connection.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "MarketConnectionTarget", SupportsShouldProcess = true)]
    [OutputType(typeof(MarketConnection))]
    public sealed class AddMarketConnectionTargetCommand : ConnectionCmdlet
    {
        /// <summary>The connection to extend (pipeline: a connection's ConnectionId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ConnectionIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string ConnectionId { get; set; } = "";

        /// <summary>The target markets to add.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] TargetMarket { get; set; } = new string[0];

        /// <summary>Acknowledges the seller's obligations on the new target marketplaces. Without it nothing is added.</summary>
        [Parameter]
        public SwitchParameter AcceptObligations { get; set; }

        /// <summary>Condition setting for the new targets: New or NewAndUsed (default: the connection's).</summary>
        [Parameter]
        public ConnectionOfferCondition? OfferCondition { get; set; }

        /// <summary>Fulfilment setting for the new targets: All, FBA or Merchant (default: the connection's).</summary>
        [Parameter]
        public FulfillmentFilter? Fulfillment { get; set; }

        /// <summary>SKUs never listed on the new targets (in addition to the connection's exclusion list).</summary>
        [Parameter]
        [ValidateNotNull]
        public string[]? ExcludeSku { get; set; }

        /// <summary>Pricing rule for the new targets: SameAsSource, AmountAbove, PercentAbove or PercentBelow (default: the connection's).</summary>
        [Parameter]
        public PricingRuleKind? PricingRule { get; set; }

        /// <summary>The rule's amount (source currency) or percentage.</summary>
        [Parameter]
        public decimal? PriceAdjustment { get; set; }

        protected override bool TakesConnectionRuleFile => true;

        protected override void ProcessRecord()
        {
            const string activity = "Processing the added targets";
            Run(ConnectionId, activity, () =>
            {
                var overrides = ParameterRules(OfferCondition, Fulfillment, ExcludeSku, PricingRule, PriceAdjustment);
                var plan = Connections.PlanAddTargets(ConnectionId, TargetMarket, RuleFile, overrides);
                ConnectionService.CheckObligations(plan, AcceptObligations);
                if (!ShouldProcess(ConnectionId + " (" + plan + ")", "Add the targets and list the eligible offers of " + plan.SourceMarket + " on them")) return;
                WriteObject(Connections.AddTargets(plan, AcceptObligations, Processing(activity + " of " + ConnectionId)));
            });
        }
    }
}
