using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;

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
    public sealed class AddMarketConnectionTargetCommand : ConnectionRulesCmdlet
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

        protected override void ProcessRecord()
        {
            const string activity = "Processing the added targets";
            TryProcessing(ConnectionId, activity, () =>
            {
                var overrides = ParameterRules();
                var plan = Connections.PlanAddTargets(ConnectionId, TargetMarket, RuleFile, overrides);
                ConnectionService.CheckObligations(plan, AcceptObligations);
                if (!ShouldProcess(ConnectionId + " (" + plan + ")", "Add the targets and list the eligible offers of " + plan.SourceMarket + " on them")) return;
                WriteObject(Connections.AddTargets(plan, AcceptObligations, Processing(activity + " of " + ConnectionId)));
            });
        }
    }
}
