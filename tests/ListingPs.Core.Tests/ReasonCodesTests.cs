using System.Collections.Generic;
using System.Linq;
using ListingPs.Core.Model;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Reason codes (SPEC C names), their messages and hints, and the compact storage form.</summary>
    public sealed class ReasonCodesTests
    {
        private static Dictionary<string, string> P(params (string, string)[] kv) => kv.ToDictionary(x => x.Item1, x => x.Item2);

        [Fact]
        public void Codes_carry_allegros_public_names_and_the_projects_own_in_the_same_style()
        {
            Assert.Equal("VQR001_CURRENCY_NOT_AVAILABLE", ReasonCodes.CurrencyNotAvailable);
            Assert.Equal("VQR002_LANGUAGE_NOT_AVAILABLE", ReasonCodes.LanguageNotAvailable);
            Assert.Equal("VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE", ReasonCodes.DeliveryNotAvailable);
            Assert.Equal("VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH", ReasonCodes.PriceMismatch);
            Assert.Equal("VQR010_SAURON_LEVEL_LOW", ReasonCodes.SellerQualityLow);
            var own = new[]
            {
                ReasonCodes.PersonalAccount, ReasonCodes.B2BOnly, ReasonCodes.Charity, ReasonCodes.NotBuyNow,
                ReasonCodes.NoCatalogueProduct, ReasonCodes.ProductNotAllowed, ReasonCodes.CategoryUnavailable,
            };
            Assert.Equal(new[] { "LPS101", "LPS102", "LPS103", "LPS104", "LPS105", "LPS106", "LPS107" }, own.Select(c => c.Substring(0, 6)));
            Assert.Equal(own.Length, own.Distinct().Count());
        }

        [Fact]
        public void All_lists_every_code_once_and_each_is_known_in_any_case()
        {
            var all = ReasonCodes.All.ToList();
            Assert.Equal(12, all.Count);
            Assert.Equal(all.Count, all.Distinct().Count());
            foreach (var code in all)
            {
                Assert.True(ReasonCodes.IsKnown(code));
                Assert.True(ReasonCodes.IsKnown(code.ToLowerInvariant()));
                Assert.NotEqual(code, ReasonCodes.Describe(code));
            }
            Assert.False(ReasonCodes.IsKnown("VQR099_SOMETHING"));
            Assert.Equal("VQR099_SOMETHING", ReasonCodes.Describe("VQR099_SOMETHING"));
            Assert.Equal("The offer has no price in {currency}, the currency of {market}.", ReasonCodes.Describe(ReasonCodes.CurrencyNotAvailable));
        }

        [Fact]
        public void Create_renders_message_and_hint_from_the_parameters()
        {
            var r = ReasonCodes.Create(ReasonCodes.PriceMismatch, P(("maxAllowedPriceDecreasePercent", "20"), ("deviationPercent", "20.2"),
                ("price", "601"), ("convertedPrice", "500"), ("currency", "CZK")));
            Assert.Equal(ReasonCodes.PriceMismatch, r.Code);
            Assert.Equal("The CZK price 601 differs by 20.2% from the converted base price 500 (at most 20% allowed).", r.Message);
            Assert.Equal("Bring the price within 20% of 500 CZK, or switch the price converter on (-UseConverter).", r.Hint);
            Assert.Equal("20", r.Parameters["maxAllowedPriceDecreasePercent"]);
            Assert.Equal(ReasonCodes.PriceMismatch, r.ToString());
        }

        [Fact]
        public void A_missing_parameter_renders_as_a_question_mark()
        {
            var r = ReasonCodes.Create(ReasonCodes.DeliveryNotAvailable, P(("country", "CZ")));
            Assert.Equal("The offer has no delivery method to CZ.", r.Message);
            Assert.Equal("Add at least one delivery method to CZ, e.g. ?.", r.Hint);
        }

        [Fact]
        public void An_unknown_code_keeps_the_code_as_its_message()
        {
            var r = ReasonCodes.Create("XYZ_UNKNOWN", P(("a", "b")));
            Assert.Equal("XYZ_UNKNOWN", r.Code);
            Assert.Equal("XYZ_UNKNOWN", r.Message);
            Assert.Equal("", r.Hint);
            Assert.Equal("b", r.Parameters["a"]);
        }

        [Fact]
        public void Encode_writes_the_compact_form()
        {
            var reasons = new[]
            {
                ReasonCodes.Create(ReasonCodes.CurrencyNotAvailable, P(("currency", "CZK"), ("market", "allegro-cz"))),
                ReasonCodes.Create(ReasonCodes.NoCatalogueProduct, new Dictionary<string, string>()),
            };
            Assert.Equal("VQR001_CURRENCY_NOT_AVAILABLE{currency=CZK,market=allegro-cz};LPS105_NO_CATALOGUE_PRODUCT", ReasonCodes.Encode(reasons));
            Assert.Equal("", ReasonCodes.Encode(new Reason[0]));
        }

        [Fact]
        public void Decode_reverses_encode_with_separators_in_values()
        {
            var tricky = "Dom, Ogród; {Meble} \\ = x";
            var reasons = new[]
            {
                ReasonCodes.Create(ReasonCodes.CategoryUnavailable, P(("category", tricky), ("market", "allegro-cz"))),
                ReasonCodes.Create(ReasonCodes.NoCatalogueProduct, new Dictionary<string, string>()),
                ReasonCodes.Create(ReasonCodes.LanguageNotAvailable, P(("language", "cs-CZ"), ("market", ""))),
            };
            var back = ReasonCodes.Decode(ReasonCodes.Encode(reasons));
            Assert.Equal(3, back.Count);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(reasons[i].Code, back[i].Code);
                Assert.Equal(reasons[i].Message, back[i].Message);
                Assert.Equal(reasons[i].Hint, back[i].Hint);
                Assert.Equal(reasons[i].Parameters.OrderBy(x => x.Key), back[i].Parameters.OrderBy(x => x.Key));
            }
            Assert.Equal("The category " + tricky + " is not available on allegro-cz.", back[0].Message);
            Assert.Equal("", back[2].Parameters["market"]);
        }

        [Fact]
        public void Decode_of_nothing_is_no_reasons()
        {
            Assert.Empty(ReasonCodes.Decode(null));
            Assert.Empty(ReasonCodes.Decode(""));
        }

        [Fact]
        public void Parameters_print_as_name_value_pairs()
        {
            var r = ReasonCodes.Create(ReasonCodes.CurrencyNotAvailable, P(("currency", "CZK"), ("market", "allegro-cz")));
            Assert.Equal("currency=CZK, market=allegro-cz", r.Parameters.ToString());
        }
    }
}
