using System;
using System.Globalization;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>The converter's rounding to each currency's step (SPEC B "Setting the CZK price", SPEC C price precision).</summary>
    public sealed class MoneyRoundingTests
    {
        private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);

        [Theory]
        // SPEC B: fraction .00-.50 down, .51-.99 up.
        [InlineData("229.35", "229")]
        [InlineData("229.50", "229")]
        [InlineData("229.51", "230")]
        [InlineData("4200.51", "4201")]
        [InlineData("4200.50", "4200")]
        [InlineData("4200.49", "4200")]
        [InlineData("229.99", "230")]
        [InlineData("229.00", "229")]
        [InlineData("229", "229")]
        [InlineData("0.50", "0")]
        [InlineData("0.51", "1")]
        // Cents first, half away from zero: 229.505 shows as 229.51 (up), 229.504 as 229.50 (down).
        [InlineData("229.505", "230")]
        [InlineData("229.504", "229")]
        [InlineData("229.5001", "229")]
        [InlineData("205.500028", "205")]   // 40.34 PLN x 5.0942
        [InlineData("208.505606", "209")]   // 40.93 PLN x 5.0942
        [InlineData("509.4200", "509")]     // 100 PLN x 5.0942
        public void Czk_converter_rounds_half_down_to_whole_crowns(string amount, string expected)
        {
            var rounded = MoneyRounding.Round(decimal.Parse(amount, CultureInfo.InvariantCulture), TestRules.Czk);
            Assert.Equal(expected, Text(rounded)); // also no ".00": whole crowns print as whole crowns
        }

        [Theory]
        [InlineData("-229.35", "-229")]
        [InlineData("-229.50", "-229")]
        [InlineData("-229.51", "-230")]
        [InlineData("-229.505", "-230")]
        [InlineData("-229.504", "-229")]
        public void Czk_rounding_of_negative_amounts_mirrors_positive_ones(string amount, string expected)
        {
            Assert.Equal(expected, Text(MoneyRounding.Round(decimal.Parse(amount, CultureInfo.InvariantCulture), TestRules.Czk)));
        }

        [Theory]
        [InlineData("1230", "1230")]
        [InlineData("1232.49", "1230")]
        [InlineData("1232.50", "1230")]   // half a step goes down (HalfDown)
        [InlineData("1232.51", "1235")]
        [InlineData("1234.56", "1235")]
        [InlineData("1227.49", "1225")]
        [InlineData("1232.504", "1230")]  // cents first: 1232.50
        [InlineData("2497.5015", "2495")] // 27.43 PLN x 91.05
        [InlineData("2275.3395", "2275")] // 24.99 PLN x 91.05
        [InlineData("-1232.51", "-1235")]
        public void Huf_rounds_to_multiples_of_five(string amount, string expected)
        {
            var rounded = MoneyRounding.Round(decimal.Parse(amount, CultureInfo.InvariantCulture), TestRules.Huf);
            Assert.Equal(expected, Text(rounded));
            Assert.Equal(0m, rounded % 5m);
        }

        [Theory]
        [InlineData("12.345", "12.35")]
        [InlineData("12.344", "12.34")]
        [InlineData("12.3449", "12.34")]
        [InlineData("12.3", "12.30")]
        [InlineData("12", "12.00")]
        [InlineData("5.795", "5.80")]     // 25 PLN x 0.2318
        [InlineData("5.097282", "5.10")]  // 21.99 PLN x 0.2318
        [InlineData("-12.345", "-12.35")]
        public void Eur_rounds_half_up_to_cents_and_keeps_two_decimals(string amount, string expected)
        {
            Assert.Equal(expected, Text(MoneyRounding.Round(decimal.Parse(amount, CultureInfo.InvariantCulture), TestRules.Eur)));
        }

        [Theory]
        [InlineData(RoundingMode.HalfDown, "2.5", "2")]
        [InlineData(RoundingMode.HalfDown, "3.5", "3")]
        [InlineData(RoundingMode.HalfDown, "2.6", "3")]
        [InlineData(RoundingMode.HalfDown, "2.4", "2")]
        [InlineData(RoundingMode.HalfDown, "-2.5", "-2")]
        [InlineData(RoundingMode.HalfDown, "-2.6", "-3")]
        [InlineData(RoundingMode.HalfUp, "2.5", "3")]
        [InlineData(RoundingMode.HalfUp, "3.5", "4")]
        [InlineData(RoundingMode.HalfUp, "2.4", "2")]
        [InlineData(RoundingMode.HalfUp, "2.6", "3")]
        [InlineData(RoundingMode.HalfUp, "-2.5", "-3")]
        [InlineData(RoundingMode.HalfUp, "-2.4", "-2")]
        [InlineData(RoundingMode.HalfEven, "2.5", "2")]
        [InlineData(RoundingMode.HalfEven, "3.5", "4")]
        [InlineData(RoundingMode.HalfEven, "2.6", "3")]
        [InlineData(RoundingMode.HalfEven, "3.4", "3")]
        [InlineData(RoundingMode.HalfEven, "-2.5", "-2")]
        [InlineData(RoundingMode.HalfEven, "-3.5", "-4")]
        [InlineData(RoundingMode.Up, "2.01", "3")]
        [InlineData(RoundingMode.Up, "2", "2")]
        [InlineData(RoundingMode.Up, "-2.01", "-3")]
        [InlineData(RoundingMode.Down, "2.99", "2")]
        [InlineData(RoundingMode.Down, "2", "2")]
        [InlineData(RoundingMode.Down, "-2.99", "-2")]
        public void Every_rounding_mode_at_a_whole_step(RoundingMode mode, string amount, string expected)
        {
            Assert.Equal(expected, Text(MoneyRounding.Round(decimal.Parse(amount, CultureInfo.InvariantCulture), 1m, mode)));
        }

        [Theory]
        [InlineData(RoundingMode.HalfDown, "0.125", "0.12")]
        [InlineData(RoundingMode.HalfUp, "0.125", "0.13")]
        [InlineData(RoundingMode.HalfEven, "0.125", "0.12")]
        [InlineData(RoundingMode.HalfEven, "0.135", "0.14")]
        [InlineData(RoundingMode.Up, "0.121", "0.13")]
        [InlineData(RoundingMode.Down, "0.129", "0.12")]
        public void Every_rounding_mode_at_a_cent_step(RoundingMode mode, string amount, string expected)
        {
            Assert.Equal(expected, Text(MoneyRounding.Round(decimal.Parse(amount, CultureInfo.InvariantCulture), 0.01m, mode)));
        }

        [Theory]
        [InlineData(RoundingMode.Up, "1231", "1235")]
        [InlineData(RoundingMode.Down, "1234.99", "1230")]
        [InlineData(RoundingMode.HalfUp, "1232.50", "1235")]
        [InlineData(RoundingMode.HalfEven, "1232.50", "1230")] // 246.5 -> 246
        [InlineData(RoundingMode.HalfEven, "1237.50", "1240")] // 247.5 -> 248
        public void Every_rounding_mode_at_a_five_step(RoundingMode mode, string amount, string expected)
        {
            Assert.Equal(expected, Text(MoneyRounding.Round(decimal.Parse(amount, CultureInfo.InvariantCulture), 5m, mode)));
        }

        [Theory]
        // Around the limit of the integer-cent path (1e12): the same results on both sides.
        [InlineData("999999999999.50", "1", RoundingMode.HalfDown, "999999999999")]
        [InlineData("999999999999.51", "1", RoundingMode.HalfDown, "1000000000000")]
        [InlineData("1000000000000.50", "1", RoundingMode.HalfDown, "1000000000000")]
        [InlineData("1000000000000.51", "1", RoundingMode.HalfDown, "1000000000001")]
        [InlineData("-999999999999.51", "1", RoundingMode.HalfDown, "-1000000000000")]
        // Steps written with trailing zeros print at the step's own scale.
        [InlineData("229.50", "1.00", RoundingMode.HalfDown, "229")]
        [InlineData("229.51", "1.00", RoundingMode.HalfDown, "230")]
        [InlineData("1232.51", "5.0", RoundingMode.HalfDown, "1235")]
        [InlineData("12.344", "0.010", RoundingMode.HalfUp, "12.34")]
        // Steps between a cent and a unit: cents first, then the step.
        [InlineData("1.024", "0.05", RoundingMode.HalfUp, "1.00")]
        [InlineData("1.025", "0.05", RoundingMode.HalfUp, "1.05")]
        [InlineData("1.275", "0.1", RoundingMode.HalfEven, "1.3")]
        [InlineData("1.249", "0.5", RoundingMode.Up, "1.5")]
        public void Rounding_edges_of_the_integer_cent_path(string amount, string step, RoundingMode mode, string expected)
        {
            var a = decimal.Parse(amount, CultureInfo.InvariantCulture);
            var s = decimal.Parse(step, CultureInfo.InvariantCulture);
            Assert.Equal(expected, Text(MoneyRounding.Round(a, s, mode)));
        }

        [Theory]
        [InlineData("-0.3", "1")]
        [InlineData("-0.50", "1")]
        [InlineData("-2.49", "5")]
        [InlineData("-0.004", "0.01")]
        public void A_zero_rounded_from_a_negative_amount_keeps_the_sign_decimal_arithmetic_gave_it(string amount, string step)
        {
            var r = MoneyRounding.Round(decimal.Parse(amount, CultureInfo.InvariantCulture), decimal.Parse(step, CultureInfo.InvariantCulture), RoundingMode.HalfDown);
            Assert.Equal(0m, r);
            Assert.True(decimal.GetBits(r)[3] < 0, "negative zero, as before the integer path");
            Assert.Equal("0", Text(Math.Round(r)));
        }

        [Fact]
        public void A_step_of_zero_or_less_and_an_unknown_mode_are_refused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => MoneyRounding.Round(1m, 0m, RoundingMode.HalfUp));
            Assert.Throws<ArgumentOutOfRangeException>(() => MoneyRounding.Round(1m, -1m, RoundingMode.HalfUp));
            Assert.Throws<ArgumentOutOfRangeException>(() => MoneyRounding.Round(1.5m, 1m, (RoundingMode)99));
        }

        [Theory]
        [InlineData("CZK", "229", true)]
        [InlineData("CZK", "229.00", true)]
        [InlineData("CZK", "229.5", false)]   // an own CZK price with decimals is refused
        [InlineData("CZK", "229.01", false)]
        [InlineData("HUF", "1235", true)]
        [InlineData("HUF", "1230", true)]
        [InlineData("HUF", "1233", false)]    // HUF amounts end in 0 or 5
        [InlineData("HUF", "1231", false)]
        [InlineData("HUF", "1235.5", false)]
        [InlineData("EUR", "12.34", true)]
        [InlineData("EUR", "12", true)]
        [InlineData("EUR", "12.345", false)]  // EUR in cents
        [InlineData("EUR", "12.340", true)]
        [InlineData("PLN", "129.99", true)]
        [InlineData("PLN", "129.999", false)]
        public void IsOnStep_accepts_only_whole_multiples_of_the_step(string currency, string amount, bool expected)
        {
            var rule = TestRules.Build().GetCurrency(currency);
            Assert.Equal(expected, MoneyRounding.IsOnStep(decimal.Parse(amount, CultureInfo.InvariantCulture), rule));
        }

        [Theory]
        [InlineData("229.00", "1", "229")]
        [InlineData("12.3", "0.01", "12.30")]
        [InlineData("12.300", "0.01", "12.30")]
        [InlineData("1235.0", "5", "1235")]
        [InlineData("1.5", "0.05", "1.50")]
        public void Normalize_prints_amounts_at_the_step_scale(string amount, string step, string expected)
        {
            Assert.Equal(expected, Text(MoneyRounding.Normalize(decimal.Parse(amount, CultureInfo.InvariantCulture), decimal.Parse(step, CultureInfo.InvariantCulture))));
        }

        [Theory]
        [InlineData("600", "500", "20")]
        [InlineData("400", "500", "20")]
        [InlineData("601", "500", "20.2")]
        [InlineData("550", "500", "10")]
        [InlineData("509", "509.42", "0.08")]
        [InlineData("100", "300", "66.67")]
        [InlineData("0", "0", "0")]
        [InlineData("5", "0", "100")]
        public void PriceDeviation_is_the_absolute_percentage_off_the_reference(string price, string reference, string expected)
        {
            var d = PriceDeviation.Percent(decimal.Parse(price, CultureInfo.InvariantCulture), decimal.Parse(reference, CultureInfo.InvariantCulture));
            Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), d);
        }

        [Fact]
        public void Exact_deviation_is_not_rounded()
        {
            Assert.Equal(20.00m, PriceDeviation.Percent(122262m, 101884m));
            Assert.True(PriceDeviation.Exact(122262m, 101884m) > 20m);
            Assert.True(PriceDeviation.Exact(122260m, 101884m) < 20m);
            Assert.Equal(20m, PriceDeviation.Exact(611.304m, 509.42m));
            Assert.Equal(100m, PriceDeviation.Exact(5m, 0m));
            Assert.Equal(0m, PriceDeviation.Exact(0m, 0m));
        }
    }
}
