using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets offers' price on a market by hand (or with the converter) and verifies them again.</para>
    /// <para type="description">For shared offers (allegro-cz, -sk, -hu) the price must be on the market currency's step
    /// (whole CZK, EUR cents, HUF amounts ending in 0 or 5); a price off the step is refused (InvalidPricePrecision) and changes
    /// nothing. A price set by hand turns the converter off for that offer; -UseConverter prices it from the base price again
    /// and turns the converter back on. The base price must be set first (NoBasePrice). After the new price the offer is
    /// verified again against every rule of the market; -PassThru writes the share record with its new state.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "OfferPrice", SupportsShouldProcess = true, DefaultParameterSetName = OwnPriceSet)]
    [OutputType(typeof(ShareRecord))]
    public sealed class SetOfferPriceCommand : MarketPriceCmdlet
    {
        /// <summary>The market whose price is set (pipeline: a share record's Market).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string Market { get; set; } = "";

        protected override string TargetMarket => Market;
    }
}
