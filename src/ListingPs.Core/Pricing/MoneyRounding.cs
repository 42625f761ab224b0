using System;
using ListingPs.Core.Rules;

namespace ListingPs.Core.Pricing
{
    /// <summary>Brings amounts to a currency's step: whole crowns, cents, HUF fives.</summary>
    public static class MoneyRounding
    {
        /// <summary>
        /// Rounds a converted amount to the currency's step by the currency's mode. For steps coarser than a cent the amount is
        /// first taken to cents (half away from zero), as a converter shows it, and the cents are then rounded to the step: for CZK (step 1, HalfDown)
        /// 229.35 -> 229, 229.50 -> 229, 229.51 -> 230, 4200.51 -> 4201.
        /// </summary>
        public static decimal Round(decimal amount, CurrencyRule currency) => Round(amount, currency.Step, currency.Rounding);

        public static decimal Round(decimal amount, decimal step, RoundingMode mode)
        {
            if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step));
            // Steps coarser than a cent round what the converter shows (cents); cent steps round the raw amount.
            decimal shown = step > 0.01m ? Math.Round(amount, 2, MidpointRounding.AwayFromZero) : amount;
            decimal units = shown / step;
            decimal whole = Math.Truncate(units);
            decimal fraction = Math.Abs(units - whole);
            decimal sign = units < 0 ? -1m : 1m;
            decimal rounded;
            switch (mode)
            {
                case RoundingMode.HalfDown: rounded = fraction > 0.5m ? whole + sign : whole; break;
                case RoundingMode.HalfUp: rounded = fraction >= 0.5m ? whole + sign : whole; break;
                case RoundingMode.HalfEven:
                    rounded = fraction > 0.5m || (fraction == 0.5m && decimal.Remainder(whole, 2m) != 0) ? whole + sign : whole;
                    break;
                case RoundingMode.Up: rounded = fraction > 0 ? whole + sign : whole; break;
                case RoundingMode.Down: rounded = whole; break;
                default: throw new ArgumentOutOfRangeException(nameof(mode));
            }
            return Normalize(rounded * step, step);
        }

        /// <summary>True when the amount is a whole multiple of the currency's step (an own price must be: whole crowns, cents, HUF fives).</summary>
        public static bool IsOnStep(decimal amount, CurrencyRule currency) => decimal.Remainder(amount, currency.Step) == 0m;

        /// <summary>Drops trailing zeros beyond the step's scale so 229.00 prints as 229 for CZK and 12.30 stays 12.30 for cents.</summary>
        public static decimal Normalize(decimal amount, decimal step)
        {
            int scale = Scale(step);
            return Math.Round(amount, scale, MidpointRounding.AwayFromZero) + (scale == 0 ? 0m : ZeroWithScale(scale));
        }

        private static decimal ZeroWithScale(int scale)
        {
            // 0.00m with the wanted scale, so additions keep trailing zeros ("12.30").
            return new decimal(0, 0, 0, false, (byte)scale);
        }

        internal static int Scale(decimal value)
        {
            value = value / 1.0000000000000000000000000000m;
            int[] bits = decimal.GetBits(value);
            return (bits[3] >> 16) & 0xFF;
        }
    }
}
