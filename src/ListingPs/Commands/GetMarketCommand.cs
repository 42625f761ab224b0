using System;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Rules;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the markets the rules define, with their currency, language, region and sales policy.</para>
    /// <para type="description">Lists the markets of the YAML rules in the order the files define them: the base markets offers
    /// are listed on (allegro-pl), the additional markets they are shared to (allegro-cz, allegro-sk, allegro-hu and the business
    /// markets), and the Amazon marketplaces market connections use. Each market carries its currency, language, country and
    /// region, the base market it shares from, and its sales policy (Policy: the delivery methods to the country with their
    /// prices, the categories and products not allowed, the price deviation limits, whether a translation is required). Reads
    /// the module's rules, or the files given by -RulePath or $env:LISTINGPS_RULES. An id without wildcards that no market has
    /// is an error (UnknownMarket) listing the known ids.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Market")]
    [OutputType(typeof(MarketRule))]
    public sealed class GetMarketCommand : ListingPsCmdlet
    {
        /// <summary>Market ids to get; wildcards allowed (allegro-*). Binds from the Market property of piped objects. Default: every market.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Market")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(MarketCompleter))]
        public string[]? Id { get; set; }

        /// <summary>Only markets of this platform: allegro or amazon.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(PlatformCompleter))]
        public string? Platform { get; set; }

        /// <summary>Only markets of this region: allegro, EU (Europe), NA (North America) or FE (Far East).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        protected override bool UsesWorkspace => false;

        protected override void ProcessRecord()
        {
            var patterns = Id == null ? null : Array.ConvertAll(Id, p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase));
            bool any = false;
            foreach (var m in Rules.Markets)
            {
                if (patterns != null && !Array.Exists(patterns, p => p.IsMatch(m.Id))) continue;
                if (Platform != null && !string.Equals(m.Platform, Platform, StringComparison.OrdinalIgnoreCase)) continue;
                if (Region != null && !string.Equals(m.Region, Region, StringComparison.OrdinalIgnoreCase)) continue;
                any = true;
                WriteObject(m);
            }
            if (!any && Id != null)
                foreach (var id in Id)
                    if (!WildcardPattern.ContainsWildcardCharacters(id))
                        WriteError(ToErrorRecord(new UnknownMarketException(id, Array.ConvertAll(new System.Collections.Generic.List<MarketRule>(Rules.Markets).ToArray(), m => m.Id)), id));
        }
    }
}
