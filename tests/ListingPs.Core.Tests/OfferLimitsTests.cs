using System;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Input limits: offer id length and characters, control characters and NUL, title length, price range.</summary>
    public sealed class OfferLimitsTests
    {
        private static readonly RuleSet Rules = TestRules.Build();

        private static Offer Parse(OfferFields f) => OfferParser.Parse(f, null, TestRules.Pl, Rules);

        private static OfferFieldException Refused(OfferFields f, string errorId, string field)
        {
            var ex = Assert.Throws<OfferFieldException>(() => Parse(f));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(field, ex.Field);
            Assert.Contains(field, ex.Message);
            return ex;
        }

        [Theory]
        [InlineData("PL-000001")]
        [InlineData("1")]
        [InlineData("a.b_c/d-e")]
        [InlineData("CZ 7")]
        [InlineData("0123456789012345678901234567890123456789012345678901234567890123")] // 64
        public void Ids_of_letters_digits_and_separators_up_to_64_are_taken(string id)
        {
            Assert.Equal(id, Parse(new OfferFields { OfferId = id }).OfferId);
        }

        [Theory]
        [InlineData("01234567890123456789012345678901234567890123456789012345678901234")] // 65
        [InlineData("=HYPERLINK(\"x\")")]
        [InlineData("-5")]
        [InlineData("+A")]
        [InlineData("@A")]
        [InlineData("A\u0000B")]
        [InlineData("A\tB")]
        [InlineData("Żółw")]
        [InlineData("A;B")]
        public void Other_ids_are_refused_naming_the_record_and_field(string id)
        {
            var ex = Refused(new OfferFields { OfferId = id, Origin = "offers.csv line 3" }, ErrorIds.InvalidOfferId, "OfferId");
            Assert.Contains("offers.csv line 3", ex.Message);
            Assert.True(ex.Message.IndexOf((char)0) < 0);
        }

        [Fact]
        public void An_allegro_title_of_75_is_taken_and_76_refused()
        {
            Assert.Equal(75, Parse(new OfferFields { OfferId = "T1", Title = new string('a', 75) }).Title!.Length);
            var ex = Refused(new OfferFields { OfferId = "T1", Title = new string('a', 76), Origin = "a.csv line 2" }, ErrorIds.OfferFieldTooLong, "Title");
            Assert.StartsWith("Offer 'T1' (a.csv line 2): Title", ex.Message);
            Assert.Contains("at most 75 characters", ex.Message);
        }

        [Fact]
        public void An_amazon_title_may_have_200()
        {
            Assert.Equal(200, Parse(new OfferFields { OfferId = "T2", Market = "amazon-us", Title = new string('a', 200) }).Title!.Length);
            Refused(new OfferFields { OfferId = "T2", Market = "amazon-us", Title = new string('a', 201) }, ErrorIds.OfferFieldTooLong, "Title");
        }

        [Theory]
        [InlineData("Title")]
        [InlineData("Category")]
        [InlineData("ProductId")]
        [InlineData("DeliveryMethods")]
        [InlineData("Translations")]
        public void Control_characters_and_NUL_are_refused_in_text_fields(string field)
        {
            foreach (var bad in new[] { "a\0b", "a\u0007b", "a\nb", "a\u007fb" })
            {
                var f = new OfferFields { OfferId = "C1" };
                switch (field)
                {
                    case "Title": f.Title = bad; break;
                    case "Category": f.Category = bad; break;
                    case "ProductId": f.ProductId = bad; break;
                    case "DeliveryMethods": f.DeliveryMethods = new[] { bad }; break;
                    case "Translations": f.Translations = new[] { bad }; break;
                }
                var ex = Refused(f, ErrorIds.OfferFieldControlCharacter, field);
                Assert.StartsWith("Offer 'C1'", ex.Message);
                Assert.True(ex.Message.IndexOf((char)0) < 0);
            }
        }

        [Theory]
        [InlineData("99999999.99")]
        [InlineData("0")]
        [InlineData("0.01")]
        public void Prices_up_to_99_999_999_99_are_taken(string price)
        {
            Assert.NotNull(Parse(new OfferFields { OfferId = "P1", Price = price }).Price);
        }

        [Theory]
        [InlineData("100000000")]
        [InlineData("99999999.991")]
        [InlineData("79228162514264337593543950335")]
        public void Higher_prices_are_refused(string price)
        {
            Refused(new OfferFields { OfferId = "P1", Price = price }, ErrorIds.PriceOutOfRange, "Price");
        }
    }
}
