using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets offers' CZK price on allegro-cz, own (whole crowns) or from the price converter, and verifies them again.</para>
    /// <para type="description">The allegro-cz form of Set-OfferPrice. The PLN price must be set first. An own price with
    /// decimals is refused and changes nothing. The converter rounds a fraction up to .50 down and above .50 up.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "OfferCzkPrice", SupportsShouldProcess = true, DefaultParameterSetName = ConverterSet)]
    [OutputType(typeof(ShareRecord))]
    public sealed class SetOfferCzkPriceCommand : MarketPriceCmdlet
    {
        /// <summary>The Czech market id.</summary>
        public const string CzechMarket = "allegro-cz";

        protected override string TargetMarket => CzechMarket;
    }
}
