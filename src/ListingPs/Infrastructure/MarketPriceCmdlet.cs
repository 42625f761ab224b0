using System;
using System.Collections.Generic;
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

        /// <summary>Repriced and warned records per market, in the order the markets first came (Market binds per record).</summary>
        private readonly List<(string Market, long Count, long Warned)> _tally = new List<(string, long, long)>();
        private long _count;
        private string? _activity;

        protected override void ProcessRecord()
        {
            var market = TargetMarket;
            var action = UseConverter
                ? "Set the " + market + " price with the converter"
                : "Set the " + market + " price to " + Price.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var id in OfferId)
            {
                if (Stopping) break;
                Try(id, () =>
                {
                    if (!Confirm("Offer " + id, action)) return;
                    var record = SetPrice(id);
                    _count++;
                    Count(market, record is ShareRecord share && share.Warnings.Count > 0);
                    if (PassThru) WriteStored(record);
                    CommitIfDue();
                    ReportProgress(1, _activity = "Setting " + market + " prices", _count, -1, id);
                });
            }
        }

        private void Count(string market, bool warned)
        {
            int i = _tally.FindIndex(t => string.Equals(t.Market, market, StringComparison.OrdinalIgnoreCase));
            if (i < 0) _tally.Add((market, 1, warned ? 1 : 0));
            else _tally[i] = (_tally[i].Market, _tally[i].Count + 1, _tally[i].Warned + (warned ? 1 : 0));
        }

        /// <summary>Sets one offer's price; connection targets override this.</summary>
        protected virtual object SetPrice(string offerId) =>
            Shares.SetPrice(offerId, TargetMarket, UseConverter ? PriceRequest.Converter : PriceRequest.Own(Price), ExchangeRate);

        protected override void EndProcessing()
        {
            foreach (var (market, count, warned) in _tally)
                if (warned > 0)
                    Logger.LogWarning("{Warned} of {Count} repriced offers on {Market} carry a warning (see the Warnings of their share records).", warned, count, market);
            if (_tally.Count == 0) Logger.LogInformation("{Count} offers repriced on {Market}.", 0, TargetMarket);
            foreach (var (market, count, _) in _tally)
                Logger.LogInformation("{Count} offers repriced on {Market}.", count, market);
            base.EndProcessing();
            CompleteProgress(1, _activity ?? "Setting " + TargetMarket + " prices");
        }
    }
}
