using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets offers' CZK price on allegro-cz, own (whole crowns) or from the price converter, and verifies them again.</para>
    /// <para type="description">The allegro-cz form of Set-OfferPrice. The PLN price must be set first. An own price with
    /// decimals is refused (InvalidPricePrecision) and changes nothing. The converter rounds a fraction up to .50 down and above
    /// .50 up (229.35 -> 229, 4200.51 -> 4201). Offers come by id or from the pipeline: offers, share records (for example the
    /// refused ones of Get-VerificationStatus) or Import-Csv rows with an OfferId column. After the new price the offer is
    /// verified again against every rule of allegro-cz; -PassThru writes the share record with its new state.</para>
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
