using System;
using System.Collections.Generic;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Rules;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the exchange rates the price converter uses: the workspace's newest per pair, and the rules' where the workspace has none.</para>
    /// <para type="description">Without parameters, lists one rate per currency pair: the newest the workspace holds (recorded
    /// with Set-ExchangeRate), then the rules' rates for the pairs the workspace has none for. Each rate reads 1 From = Rate To,
    /// with its Source (NBP, ECB, Manual...) and Date. With -From and -To, the one rate a conversion between the two currencies
    /// would use now; a pair the rules only define the other way round comes back inverted, and a pair with no rate at all is
    /// an error (NoExchangeRate). -History lists every rate the workspace holds for the pairs instead, not only the newest.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ExchangeRate")]
    [OutputType(typeof(ExchangeRateRule))]
    public sealed class GetExchangeRateCommand : ListingPsCmdlet
    {
        /// <summary>The currency converted from (an ISO 4217 code the rules define: PLN, EUR...). Without -To, every pair from this currency.</summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(CurrencyCompleter))]
        public string? From { get; set; }

        /// <summary>The currency converted to (CZK, EUR, HUF...). Without -From, every pair into this currency.</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(CurrencyCompleter))]
        public string? To { get; set; }

        /// <summary>Every rate recorded in the workspace, not only the newest per pair.</summary>
        [Parameter]
        public SwitchParameter History { get; set; }

        protected override void ProcessRecord()
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in Store.Rates.GetAll(From, To))
            {
                var pair = r.From + ">" + r.To;
                if (!History && !seen.Add(pair)) continue;
                seen.Add(pair);
                WriteObject(r);
            }
            if (History) return;
            foreach (var r in Rules.ExchangeRates)
            {
                if (From != null && !string.Equals(r.From, From, StringComparison.OrdinalIgnoreCase)) continue;
                if (To != null && !string.Equals(r.To, To, StringComparison.OrdinalIgnoreCase)) continue;
                if (seen.Add(r.From + ">" + r.To)) WriteObject(r);
            }
            if (From != null && To != null && seen.Count == 0)
            {
                var derived = Rules.FindRate(From, To);
                if (derived != null) WriteObject(derived);
                else WriteError(ToErrorRecord(new Core.ListingPsException(Core.ErrorIds.NoExchangeRate,
                    "No exchange rate from " + From + " to " + To + " in the workspace or the rules.", Core.ErrorKind.ObjectNotFound), From + ">" + To));
            }
        }
    }
}
