using System;
using System.Collections.Generic;

namespace ListingPs.Core.Model
{
    /// <summary>Why an offer is refused on a market: a stable code, the seller's message and what to change.</summary>
    public sealed class Reason
    {
        public Reason(string code, string message, string hint, IReadOnlyDictionary<string, string>? parameters = null)
        {
            Code = code; Message = message; Hint = hint;
            Parameters = TextMap.From(parameters);
        }

        internal static readonly IReadOnlyDictionary<string, string> EmptyParameters = TextMap.Empty;

        public string Code { get; }
        public string Message { get; }
        public string Hint { get; }
        /// <summary>The values the message names (maxAllowedPriceDecreasePercent, currency...); prints as "name=value, ...".</summary>
        public IReadOnlyDictionary<string, string> Parameters { get; }

        public override string ToString() => Code;
    }

    /// <summary>A delivery method that serves the market, with its price in the market currency.</summary>
    public sealed class DeliveryQuote
    {
        public DeliveryQuote(string method, string name, decimal price, string currency, bool converted)
        {
            Method = method; Name = name; Price = price; Currency = currency; Converted = converted;
        }
        public string Method { get; }
        public string Name { get; }
        public decimal Price { get; }
        public string Currency { get; }
        /// <summary>True for the seller's own methods, whose base-market price was converted.</summary>
        public bool Converted { get; }
        public override string ToString() => Method + " " + Price.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Currency;
    }
}
