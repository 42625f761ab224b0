using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Allegro;
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
    /// <para type="description">With -Remote the prices also go to Allegro (connect first with Connect-AllegroAccount), in bulk:
    /// the local price is set and verified as without it, the offers are collected, and at the end of the pipeline ListingPs reads
    /// them on Allegro (GET /sale/offers with the offer.id filter), leaves out those whose CZK price Allegro already holds (a rerun
    /// sends only what is missing), and sends the rest in price-change commands (PUT /sale/offer-price-change-commands/{commandId},
    /// FIXED_PRICE on allegro-cz, one command per price with at most 1,000 offers), reading each command's tasks to the end. Each
    /// offer then gives a RemotePriceResult: Outcome Changed, AlreadySet or Failed with Allegro's message (a failure is also a
    /// non-terminating AllegroPriceChangeFailed error with the offer id as its target). A manual price switches off the offer's
    /// pricing rules on allegro-cz (Allegro #10697): the result's Warnings say so. -UseConverter -Remote (or -Converter) sends no
    /// price: it assigns the account's price converter, the price-automation rule of type EXCHANGE_RATE (GET
    /// /sale/price-automation/rules, POST /sale/offer-price-automation-commands); an account without one gets
    /// AllegroPricingRuleMissing. Allegro takes 9,000 price changes a minute and 150,000 an hour per user: ListingPs paces the
    /// commands to these limits and the progress shows what was sent, answered and failed and the time the rest takes. A command
    /// is recorded in the workspace before it is sent, so a run stopped with Ctrl+C is finished by the next one instead of sending
    /// again. -WhatIf sends and stores nothing.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "OfferCzkPrice", SupportsShouldProcess = true, DefaultParameterSetName = ConverterSet)]
    [OutputType(typeof(ShareRecord), typeof(RemotePriceResult))]
    public sealed class SetOfferCzkPriceCommand : MarketPriceCmdlet
    {
        /// <summary>The Czech market id.</summary>
        public const string CzechMarket = "allegro-cz";

        protected override string TargetMarket => CzechMarket;
    }
}
