using System.Management.Automation;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;
using Microsoft.Extensions.Logging;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>Sets an offer's price on a market, by hand (-Price) or with the converter (-UseConverter), and verifies it again.</summary>
    public abstract class MarketPriceCmdlet : ListingPsCmdlet
    {
        protected const string OwnPriceSet = "OwnPrice";
        protected const string ConverterSet = "Converter";

        /// <summary>The offer (pipeline: offers, share records or any object with an OfferId property).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Sku")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OfferIdCompleter))]
        public string[] OfferId { get; set; } = new string[0];

        /// <summary>An own price in the market currency, on the currency's step (whole crowns for CZK). An own price turns the converter off for the offer.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OwnPriceSet)]
        public decimal Price { get; set; }

        /// <summary>Prices the offer from its base price with the price converter (and turns the converter back on).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ConverterSet)]
        public SwitchParameter UseConverter { get; set; }

        /// <summary>Rate (base currency to market currency) to use instead of the workspace's or the rules'.</summary>
        [Parameter]
        [ValidateRange(0.000001, 1000000)]
        public decimal? ExchangeRate { get; set; }

        /// <summary>Writes the share record after the price is set.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The market whose price is set.</summary>
        protected abstract string TargetMarket { get; }

        private long _count;
        private long _warned;
        private string? _action;
        private string? _activity;

        protected override void ProcessRecord()
        {
            foreach (var id in OfferId)
            {
                if (Stopping) break;
                Try(id, () =>
                {
                    _action ??= UseConverter ? "Set the " + TargetMarket + " price with the converter" : "Set the " + TargetMarket + " price to " + Price.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (!Confirm("Offer " + id, _action)) return;
                    var record = SetPrice(id);
                    _count++;
                    if (record is ShareRecord share && share.Warnings.Count > 0) _warned++;
                    if (PassThru) WriteStored(record);
                    CommitIfDue();
                    ReportProgress(1, _activity ??= "Setting " + TargetMarket + " prices", _count, -1, id);
                });
            }
        }

        /// <summary>Sets one offer's price; connection targets override this.</summary>
        protected virtual object SetPrice(string offerId) =>
            Shares.SetPrice(offerId, TargetMarket, UseConverter ? PriceRequest.Converter : PriceRequest.Own(Price), ExchangeRate);

        protected override void EndProcessing()
        {
            if (_warned > 0)
                Logger.LogWarning("{Warned} of {Count} repriced offers on {Market} carry a warning (see the Warnings of their share records).", _warned, _count, TargetMarket);
            Logger.LogInformation("{Count} offers repriced on {Market}.", _count, TargetMarket);
            base.EndProcessing();
            CompleteProgress(1, "Setting " + TargetMarket + " prices");
        }
    }
}
