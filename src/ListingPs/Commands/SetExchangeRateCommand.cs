using System;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Rules;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Records an exchange rate in the workspace.</para>
    /// <para type="description">1 From = Rate To. The workspace's newest rate for a pair (by date) wins over the rules' rate
    /// for every later conversion; each converted price records the rate and its source. Prices already set stay as they are
    /// until the offers are priced again: Set-OfferPrice -UseConverter (or Set-OfferCzkPrice -UseConverter) re-prices them with
    /// the new rate. Both currencies must be defined by the rules (UnknownCurrency otherwise).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "ExchangeRate", SupportsShouldProcess = true)]
    [OutputType(typeof(ExchangeRateRule))]
    public sealed class SetExchangeRateCommand : ListingPsCmdlet
    {
        /// <summary>The currency converted from: a three-letter ISO 4217 code the rules define (PLN, EUR...).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CurrencyCompleter))]
        [ValidatePattern("^[A-Za-z]{3}$")]
        public string From { get; set; } = "";

        /// <summary>The currency converted to (CZK, EUR, HUF...).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CurrencyCompleter))]
        [ValidatePattern("^[A-Za-z]{3}$")]
        public string To { get; set; } = "";

        /// <summary>How many units of To one unit of From buys (PLN to CZK: 5.0942). Greater than zero.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0.0000001, 100000000)]
        public decimal Rate { get; set; }

        /// <summary>Who published the rate (NBP, ECB...). Default: Manual.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Source { get; set; } = "Manual";

        /// <summary>The rate's date. Default: today.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? Date { get; set; }

        /// <summary>Writes the recorded rate.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var rate = new ExchangeRateRule(From.ToUpperInvariant(), To.ToUpperInvariant(), Rate, Source, (Date ?? DateTime.UtcNow).Date);
            if (!Confirm(rate.From + "->" + rate.To, "Set the exchange rate to " + Rate.ToString(System.Globalization.CultureInfo.InvariantCulture))) return;
            Try(rate, () =>
            {
                Rules.GetCurrency(rate.From);
                Rules.GetCurrency(rate.To);
                Store.Rates.Set(rate, DateTimeOffset.UtcNow);
                Shares.Pricer.ClearRateCache();
                if (PassThru) WriteStored(rate);
            });
        }
    }
}
