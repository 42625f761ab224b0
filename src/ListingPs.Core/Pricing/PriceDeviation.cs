using System;

namespace ListingPs.Core.Pricing
{
    /// <summary>How far a market price is from the converted base price.</summary>
    public static class PriceDeviation
    {
        /// <summary>|price - reference| / reference x 100, rounded to two decimals; 0 when the reference is 0.</summary>
        public static decimal Percent(decimal price, decimal reference)
        {
            if (reference == 0) return price == 0 ? 0m : 100m;
            return Math.Round(Math.Abs(price - reference) / reference * 100m, 2, MidpointRounding.AwayFromZero);
        }
    }
}
