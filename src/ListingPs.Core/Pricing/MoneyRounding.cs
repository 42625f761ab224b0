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

        /// <summary>Amounts below this (in absolute value) take the integer paths; larger ones the general decimal one.</summary>
        private const decimal FastLimit = 1000000000000m; // 1e12: cents and steps stay far inside a long

        public static decimal Round(decimal amount, decimal step, RoundingMode mode)
        {
            if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step));
            var info = StepOf(step);
            if (amount < FastLimit && amount > -FastLimit)
            {
                if (info.Cents > 1)
                {
                    // Coarser than a cent: round to cents as the converter shows them, then whole steps in integer cents.
                    long cents = (long)(Math.Round(amount, 2, MidpointRounding.AwayFromZero) * 100m);
                    long stepCents = info.Cents;
                    long whole = cents / stepCents;
                    long twiceRest = 2 * Math.Abs(cents - whole * stepCents);   // 2 x |fraction| x step, in cents
                    bool away;
                    switch (mode)
                    {
                        case RoundingMode.HalfDown: away = twiceRest > stepCents; break;
                        case RoundingMode.HalfUp: away = twiceRest >= stepCents; break;
                        case RoundingMode.HalfEven: away = twiceRest > stepCents || (twiceRest == stepCents && whole % 2 != 0); break;
                        case RoundingMode.Up: away = twiceRest > 0; break;
                        case RoundingMode.Down: away = false; break;
                        default: throw new ArgumentOutOfRangeException(nameof(mode));
                    }
                    if (away) whole += cents < 0 ? -1 : 1;
                    // A zero from a negative amount keeps its sign in decimal arithmetic (-0.3 CZK gives a negative zero): the general path says which.
                    if (whole != 0 || amount > 0) return FromCents(whole * stepCents, info.Scale);
                }
                if (info.Cents == 1)
                {
                    // A cent step: the amount's own decimals are rounded (no "shown" step first).
                    if (amount > 0 || amount <= -0.01m)   // zeros from negative amounts: the general path, as above
                    {
                        if (mode == RoundingMode.HalfUp)
                            return Normalize(Math.Round(amount, 2, MidpointRounding.AwayFromZero), 2);
                        if (mode == RoundingMode.HalfEven)
                            return Normalize(Math.Round(amount, 2, MidpointRounding.ToEven), 2);
                    }
                }
            }
            return RoundDecimal(amount, step, info.Scale, mode);
        }

        /// <summary>The general path, in decimal arithmetic: any step, any amount.</summary>
        private static decimal RoundDecimal(decimal amount, decimal step, int scale, RoundingMode mode)
        {
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
            return Normalize(rounded * step, scale);
        }

        /// <summary>True when the amount is a whole multiple of the currency's step (an own price must be: whole crowns, cents, HUF fives).</summary>
        public static bool IsOnStep(decimal amount, CurrencyRule currency) => decimal.Remainder(amount, currency.Step) == 0m;

        /// <summary>Drops trailing zeros beyond the step's scale so 229.00 prints as 229 for CZK and 12.30 stays 12.30 for cents.</summary>
        public static decimal Normalize(decimal amount, decimal step) => Normalize(amount, StepOf(step).Scale);

        private static decimal Normalize(decimal amount, int scale) =>
            Math.Round(amount, scale, MidpointRounding.AwayFromZero) + (scale == 0 ? 0m : ZeroWithScale(scale));

        private static decimal ZeroWithScale(int scale)
        {
            // 0.00m with the wanted scale, so additions keep trailing zeros ("12.30").
            return new decimal(0, 0, 0, false, (byte)scale);
        }

        /// <summary>An amount in cents as a decimal with the step's scale (0, 1 or 2): the value and form the decimal path gives.</summary>
        private static decimal FromCents(long cents, int scale)
        {
            long mantissa = scale == 2 ? cents : scale == 1 ? cents / 10 : cents / 100;
            bool negative = mantissa < 0;
            ulong m = (ulong)(negative ? -mantissa : mantissa);
            return new decimal((int)(uint)m, (int)(uint)(m >> 32), 0, negative, (byte)scale);
        }

        internal static int Scale(decimal value) => StepOf(value).Scale;

        private static int ComputeScale(decimal value)
        {
            value = value / 1.0000000000000000000000000000m;
            int[] bits = decimal.GetBits(value);
            return (bits[3] >> 16) & 0xFF;
        }

        /// <summary>What rounding needs of a step, computed once per step value (currencies have one step each).</summary>
        private sealed class StepInfo
        {
            public StepInfo(decimal step)
            {
                Step = step;
                Scale = ComputeScale(step);
                // A whole number of cents, when the step is: 1 for a cent step, 100 for CZK, 500 for HUF; 0 otherwise.
                if (step > 0 && step < FastLimit)
                {
                    decimal c = step * 100m;
                    if (c == decimal.Truncate(c) && Scale <= 2) Cents = (long)c;
                }
            }
            public decimal Step { get; }
            /// <summary>The step's scale without trailing zeros (0 for 1.00, 2 for 0.01).</summary>
            public int Scale { get; }
            public long Cents { get; }
        }

        // The last steps seen; immutable entries, replaced whole, so safe to share between threads.
        private static StepInfo _step1 = new StepInfo(1m);
        private static StepInfo _step2 = new StepInfo(0.01m);

        private static StepInfo StepOf(decimal step)
        {
            var a = _step1;
            if (a.Step == step) return a;
            var b = _step2;
            if (b.Step == step) return b;
            var info = new StepInfo(step);
            _step2 = a;
            _step1 = info;
            return info;
        }
    }
}
