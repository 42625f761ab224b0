using System;
using System.Collections.Generic;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Rules;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets exchange rates: the workspace's, and the rules' where the workspace has none.</para>
    /// <para type="description">With -From and -To, the one rate conversions would use now. -History lists every rate the
    /// workspace holds for the pairs.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ExchangeRate")]
    [OutputType(typeof(ExchangeRateRule))]
    public sealed class GetExchangeRateCommand : ListingPsCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(CurrencyCompleter))]
        public string? From { get; set; }

        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(CurrencyCompleter))]
        public string? To { get; set; }

        /// <summary>Every rate recorded in the workspace, not only the newest per pair.</summary>
        [Parameter]
        public SwitchParameter History { get; set; }

        protected override void ProcessRecord()
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in Store.GetRates(From, To))
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
