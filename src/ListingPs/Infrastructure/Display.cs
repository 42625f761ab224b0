using System;
using System.Collections.Concurrent;
using System.Globalization;
using ListingPs.Core;
using ListingPs.Core.Rules;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>Helpers the format views (ListingPs.format.ps1xml) call: a market's currency, a price with its currency.</summary>
    public static class Display
    {
        private static readonly ConcurrentDictionary<string, string> Currencies = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The currency of a market as the module's rules (or $env:LISTINGPS_RULES) define it; empty when unknown.</summary>
        public static string CurrencyOf(string? market)
        {
            if (string.IsNullOrEmpty(market)) return "";
            return Currencies.GetOrAdd(market!, id =>
            {
                try
                {
                    var rules = RuleCache.Get(RuleLoader.ResolvePaths(null, ListingPsCmdlet.ModuleRulesDirectory));
                    return rules.TryGetMarket(id, out var m) ? m.Currency : "";
                }
                catch (ListingPsException) { return ""; }
                catch (System.IO.IOException) { return ""; }
            });
        }

        /// <summary>"229 CZK", "45.00 PLN"; "-" without a price. Invariant digits, so tables read the same everywhere.</summary>
        public static string Price(object? price, object? currency)
        {
            if (price == null) return "-";
            if (price is System.Management.Automation.PSObject pso) price = pso.BaseObject;
            var text = price is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : price.ToString() ?? "";
            if (text.Length == 0) return "-";
            var c = currency?.ToString() ?? "";
            return c.Length == 0 ? text : text + " " + c;
        }
    }
}
