using System.Linq;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Allegro;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the connected Allegro account's shipping rates with the markets each one opens.</para>
    /// <para type="description">Since June 2024 an offer is offered on allegro-cz, allegro-sk or allegro-hu when the shipping
    /// rate it uses holds a delivery method to that country (and it has a price in that market's currency). This cmdlet
    /// reads the account's rates (GET /sale/shipping-rates and /sale/shipping-rates/{id}) and the delivery methods with
    /// their markets (GET /sale/delivery-methods per market) once per run, and writes each rate with its delivery methods
    /// and every market they open; a rate can open more markets than the one asked for (a DHL Czechia bundle brings
    /// Slovakia). -Market keeps the rates that open a market, -Name filters by name (wildcards). It reads only; nothing is
    /// changed on Allegro.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AllegroShippingRate")]
    [OutputType(typeof(AllegroShippingRate))]
    public sealed class GetAllegroShippingRateCommand : AllegroCmdlet
    {
        /// <summary>Rate names to keep (wildcards; any case).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Keeps the rates that open this market (allegro-cz, allegro-sk, allegro-hu, allegro-pl).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(AllegroMarketCompleter))]
        public string? Market { get; set; }

        /// <summary>The Allegro application: client id as the user name, client secret as the password (for renewing the token).</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        protected override void ProcessRecord()
        {
            Try(null, () =>
            {
                var shipping = new AllegroShipping(Connection, Settings(Credential));
                var patterns = (Name ?? new string[0]).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
                foreach (var rate in WaitFor(shipping.GetRatesAsync))
                {
                    if (patterns.Count > 0 && !patterns.Any(p => p.IsMatch(rate.Name))) continue;
                    if (Market != null && !rate.Markets.Contains(Market, System.StringComparer.OrdinalIgnoreCase)) continue;
                    WriteObject(rate);
                }
            });
        }
    }
}
