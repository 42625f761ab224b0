using System;

namespace ListingPs.Core.Pricing
{
    /// <summary>How far a market price is from the converted base price.</summary>
    public static class PriceDeviation
    {
        /// <summary>|price - reference| / reference x 100, rounded to two decimals; 0 when the reference is 0.</summary>
        public static decimal Percent(decimal price, decimal reference) => Shown(Exact(price, reference));

        /// <summary>An <see cref="Exact"/> deviation as <see cref="Percent"/> shows it: rounded to two decimals.</summary>
        internal static decimal Shown(decimal exact) => Math.Round(exact, 2, MidpointRounding.AwayFromZero);

        /// <summary>|price - reference| / reference x 100, unrounded: what the limits compare (20.0012% is over 20%, though it shows as 20.00).</summary>
        public static decimal Exact(decimal price, decimal reference)
        {
            if (reference == 0) return price == 0 ? 0m : 100m;
            return Math.Abs(price - reference) / reference * 100m;
        }
    }
}
