using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects a source market to target markets and lists every eligible source offer on each target, priced by the connection's rules.</para>
    /// <para type="description">New-MarketConnection builds a connection the way Amazon's Build International Listings does: a
    /// source marketplace (amazon-us...), one or more target marketplaces, offer-creation rules (-OfferCondition,
    /// -Fulfillment, -ExcludeSku) and default pricing rules (-PricingRule with -PriceAdjustment: applied to the source price,
    /// then converted with the exchange rate, then rounded to the target currency's step; source 10, AmountAbove 1, rate
    /// 1.1262 gives 12.39). The rules may come from a connection rule file given with -RulePath instead (pricing per target
    /// and fulfilment method); parameters override the file's defaults. Every rule is checked first and a broken one is an
    /// error that names it: a source market is never a target, a target has one source, a second source must be in another
    /// region and that region must be linked (Set-SellerProfile -LinkedRegion). Without -AcceptObligations nothing is created.
    /// Processing evaluates every offer of the source in the workspace in one transaction (Ctrl+C leaves nothing behind) and
    /// writes the connection with a summary; Get-ConnectionReport has one row per source offer and target. Allegro
    /// connections (allegro-pl to allegro-cz, -sk, -hu) share every eligible offer through the shared-offers verification.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "MarketConnection", SupportsShouldProcess = true)]
    [OutputType(typeof(MarketConnection))]
    public sealed class NewMarketConnectionCommand : ConnectionRulesCmdlet
    {
        /// <summary>The source market whose offers are listed on the targets (amazon-us, amazon-de, allegro-pl...).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string SourceMarket { get; set; } = "";

        /// <summary>The target markets (amazon-ca, amazon-mx...); each gets offers for the eligible source offers.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] TargetMarket { get; set; } = new string[0];

        /// <summary>Acknowledges the seller's obligations on every target marketplace (laws, taxes, product rules, customer service, shipping or FBA inventory). Without it nothing is created.</summary>
        [Parameter]
        public SwitchParameter AcceptObligations { get; set; }

        protected override void ProcessRecord()
        {
            const string activity = "Processing the market connection";
            TryProcessing(SourceMarket, activity, () =>
            {
                var rules = (RuleFile ?? new ConnectionRules { Origin = "parameters" })
                    .WithDefaults(ParameterRules());
                var plan = Connections.PlanConnection(SourceMarket, TargetMarket, rules);
                ConnectionService.CheckObligations(plan, AcceptObligations);
                if (!ShouldProcess(plan.ToString(), "Create the market connection and list the eligible offers of " + plan.SourceMarket + " on its targets")) return;
                var connection = Connections.Create(plan, AcceptObligations, Processing(activity + " " + plan));
                WriteObject(connection);
            });
        }
    }
}
