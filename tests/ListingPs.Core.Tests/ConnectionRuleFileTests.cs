using System;
using System.IO;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Connection rule files: offer-creation and pricing rules per target x fulfilment; errors name file, line and column.</summary>
    public sealed class ConnectionRuleFileTests : IDisposable
    {
        private readonly ConnectionFixture _dir = new ConnectionFixture();
        private readonly RuleSet _rules = ConnectionTestRules.Build();

        public void Dispose() => _dir.Dispose();

        private const string Sample = @"# connection rules
version: 1
connection:
  offerCondition: New and Used
  fulfillment: All
  excludeSkus: [SKU-1, 'SKU,2']
  pricing: { rule: AmountAbove, adjustment: 1 }
  targets:
    amazon-ca:
      fulfillment: FBA
      excludeSkus: [SKU-3]
      pricing:
        FBA: { rule: PercentAbove, adjustment: 5 }
        Merchant: SameAsSource
    amazon-jp:
      pricing: PercentBelow
";

        private string Write(string text)
        {
            var path = _dir.File("bil.yaml");
            File.WriteAllText(path, text);
            return path;
        }

        [Fact]
        public void A_rule_file_sets_defaults_and_per_target_rules()
        {
            var e = Assert.Throws<RuleFileException>(() => ConnectionRuleLoader.Load(Write(Sample), _rules));
            Assert.Equal(16, e.Line);                                  // 'pricing: PercentBelow' has no percentage
            Assert.Contains("PercentBelow needs a price adjustment", e.Problem);

            var path = Write(Sample.Replace("pricing: PercentBelow", "pricing: { rule: PercentBelow, adjustment: 10 }"));
            Assert.True(ConnectionRuleLoader.IsConnectionRuleFile(path));
            var rules = ConnectionRuleLoader.Load(path, _rules);
            Assert.Equal(path, rules.Origin);
            var ca = rules.Resolve("amazon-ca");
            Assert.Equal(ConnectionOfferCondition.NewAndUsed, ca.OfferCondition);
            Assert.Equal(FulfillmentFilter.FBA, ca.Fulfillment);
            Assert.Equal("PercentAbove 5", ca.PricingFor(FulfillmentMethod.FBA).ToString());
            Assert.Equal("SameAsSource", ca.PricingFor(FulfillmentMethod.Merchant).ToString());
            Assert.True(ca.IsExcluded("SKU-1") && ca.IsExcluded("SKU,2") && ca.IsExcluded("sku-3"));
            var jp = rules.Resolve("amazon-jp");
            Assert.Equal("PercentBelow 10", jp.PricingFor(FulfillmentMethod.Merchant).ToString());
            Assert.False(jp.IsExcluded("SKU-3"));
            Assert.Equal(FulfillmentFilter.All, jp.Fulfillment);
            var mx = rules.Resolve("amazon-mx");                        // no section: the defaults
            Assert.Equal("AmountAbove 1", mx.PricingFor(FulfillmentMethod.FBA).ToString());

            // Stored in the workspace as YAML: it reads back the same.
            var again = ConnectionRuleLoader.Parse(rules.ToYaml(), "stored", _rules);
            Assert.Equal(rules.ToYaml(), again.ToYaml());
            Assert.Equal("PercentAbove 5", again.Resolve("amazon-ca").PricingFor(FulfillmentMethod.FBA).ToString());
            Assert.True(again.Resolve("amazon-ca").IsExcluded("SKU,2"));
        }

        [Fact]
        public void Parameters_override_the_files_defaults_but_not_its_target_sections()
        {
            var rules = ConnectionRuleLoader.Load(Write(Sample.Replace("pricing: PercentBelow", "pricing: SameAsSource")), _rules)
                .WithDefaults(new TargetRules { Pricing = PricingRule.Create(PricingRuleKind.PercentAbove, 20m), ExcludeSkus = new[] { "SKU-9" } });
            Assert.Equal("PercentAbove 20", rules.Resolve("amazon-mx").PricingFor(FulfillmentMethod.Merchant).ToString());
            Assert.Equal("PercentAbove 5", rules.Resolve("amazon-ca").PricingFor(FulfillmentMethod.FBA).ToString());
            Assert.True(rules.Resolve("amazon-mx").IsExcluded("SKU-9") && rules.Resolve("amazon-mx").IsExcluded("SKU-1"));
        }

        [Theory]
        [InlineData("version: 1\nconnection:\n  pricing: { rule: Cheapest }\n", 3, 20, "rule of the pricing of connection must be one of SameAsSource")]
        [InlineData("version: 1\nconnection:\n  offerCondition: Refurbished\n", 3, 19, "must be one of New, NewAndUsed")]
        [InlineData("version: 1\nconnection:\n  fulfilment: FBA\n", 3, 3, "Unknown key 'fulfilment'")]
        [InlineData("version: 1\nconnection:\n  targets:\n    amazon-xx: { fulfillment: FBA }\n", 4, 5, "Market 'amazon-xx' is not defined")]
        [InlineData("version: 1\nconnection:\n  pricing: { rule: PercentBelow, adjustment: 120 }\n", 3, 46, "under 100")]
        [InlineData("version: 1\nconnection:\n  pricing: { adjustment: 3 }\n", 3, 14, "An adjustment needs a rule")]
        [InlineData("version: 1\nconnection:\n  pricing: { FBA: { adjustment: 3 } }\n", 3, 19, "needs 'rule'")]
        [InlineData("version: 2\nconnection: {}\n", 1, 10, "version 1")]
        [InlineData("version: 1\nconnection:\n  excludeSkus: [a, [b]]\n", 3, 20, "must be text")]
        [InlineData("version: 1\nconnection: [\n", 3, 1, "YAML syntax error")]
        [InlineData("version: 1\nconnection:\n  broken: [unclosed, {\n  pricing: {}\n", 3, 11, "this [ is not closed")]
        public void Broken_files_are_refused_with_their_position(string yaml, int line, int column, string says)
        {
            var path = Write(yaml);
            var e = Assert.Throws<RuleFileException>(() => ConnectionRuleLoader.Load(path, _rules));
            Assert.Equal(ErrorIds.RuleFileInvalid, e.ErrorId);
            Assert.Equal(path, e.File);
            Assert.Contains(says, e.Message);
            Assert.Equal((line, column), ((int)e.Line, (int)e.Column));
            Assert.StartsWith(path + ":" + line + ":" + column + ": ", e.Message);
        }

        [Fact]
        public void Market_rule_files_are_not_connection_rule_files()
        {
            Assert.False(ConnectionRuleLoader.IsConnectionRuleFile(Path.Combine(AppContext.BaseDirectory, "rules", "amazon.yaml")));
            Assert.False(ConnectionRuleLoader.IsConnectionRuleFile(_dir.File("missing.yaml")));
            Assert.Equal(ErrorIds.RulePathNotFound, Assert.Throws<ListingPsException>(() => ConnectionRuleLoader.Load(_dir.File("missing.yaml"), _rules)).ErrorId);
        }
    }
}
