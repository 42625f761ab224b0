using System;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Rules;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the markets the rules define, with their currency, language, region and sales policy.</para>
    /// <para type="description">Reads the module's YAML rules, or the files given by -RulePath or $env:LISTINGPS_RULES.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Market")]
    [OutputType(typeof(MarketRule))]
    public sealed class GetMarketCommand : ListingPsCmdlet
    {
        /// <summary>Market ids; wildcards allowed (allegro-*).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Market")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(MarketCompleter))]
        public string[]? Id { get; set; }

        /// <summary>allegro or amazon.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(PlatformCompleter))]
        public string? Platform { get; set; }

        /// <summary>allegro, EU, NA or FE.</summary>
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
