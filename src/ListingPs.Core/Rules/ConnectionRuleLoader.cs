using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using ListingPs.Core.Model;
using YamlDotNet.RepresentationModel;

namespace ListingPs.Core.Rules
{
    /// <summary>
    /// Reads connection rule files: the offer-creation and pricing rules of a market connection, defaults for every target and
    /// sections per target (pricing per target x fulfilment method). A malformed file is refused with its name, line and
    /// column (RuleFileInvalid), like the market rule files.
    /// <code>
    /// version: 1
    /// connection:
    ///   offerCondition: New              # New | NewAndUsed
    ///   fulfillment: All                 # All | FBA | Merchant
    ///   excludeSkus: [SKU-1, SKU-2]      # never listed on any target
    ///   pricing: { rule: AmountAbove, adjustment: 1 }   # or per method: { FBA: {...}, Merchant: {...} }
    ///   targets:
    ///     amazon-de:
    ///       fulfillment: FBA
    ///       excludeSkus: [SKU-3]
    ///       pricing:
    ///         FBA: { rule: PercentAbove, adjustment: 5 }
    ///         Merchant: SameAsSource
    /// </code>
    /// </summary>
    public static class ConnectionRuleLoader
    {
        private static readonly Regex ConnectionKey = new Regex(@"^connection\s*:", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        /// <summary>True when the file is a connection rule file (its top level has a 'connection:' key), not a market rule file.</summary>
        public static bool IsConnectionRuleFile(string path)
        {
            if (!File.Exists(path)) return false;
            string text;
            try { text = File.ReadAllText(path); }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
            return ConnectionKey.IsMatch(text);
        }

        /// <summary>Reads a connection rule file; target market ids are checked against <paramref name="markets"/> when given.</summary>
        public static ConnectionRules Load(string path, RuleSet? markets)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (FileNotFoundException ex)
            {
                throw new ListingPsException(ErrorIds.RulePathNotFound, "The connection rule file '" + path + "' does not exist.", ErrorKind.ObjectNotFound, ex);
            }
            catch (IOException ex)
            {
                throw new ListingPsException(ErrorIds.RulePathNotFound, "The connection rule file '" + path + "' cannot be read: " + ex.Message, ErrorKind.ResourceUnavailable, ex);
            }
            var rules = Parse(text, path, markets);
            rules.Origin = path;
            return rules;
        }

        /// <summary>Reads connection rules from YAML text; <paramref name="name"/> names it in errors.</summary>
        public static ConnectionRules Parse(string text, string name, RuleSet? markets)
        {
            var reader = new YamlNodeReader(name);
            YamlStream stream;
            using (var sr = new StringReader(text)) stream = YamlDocumentLoader.Load(sr, name);
            if (stream.Documents.Count == 0)
                throw new RuleFileException(name, 1, 1, "A connection rule file needs a 'connection:' section.");
            var root = reader.Mapping(stream.Documents[0].RootNode, "A connection rule file");
            var keys = reader.Keys(root, "a connection rule file", "version", "connection");
            if (keys.TryGetValue("version", out var v) && reader.Decimal(v.Value, "version") != 1m)
                throw reader.Error(v.Value, "Only connection rule format version 1 is known.");
            var body = reader.Required(keys, root, "connection", "A connection rule file");
            var rules = new ConnectionRules { Origin = name };
            if (body is YamlScalarNode empty && string.IsNullOrEmpty(empty.Value)) return rules;
            var map = reader.Mapping(body, "connection");
            var fields = reader.Keys(map, "connection", "offerCondition", "fulfillment", "excludeSkus", "pricing", "targets");
            rules.Defaults = ReadScope(reader, fields, "connection");
            if (fields.TryGetValue("targets", out var targets) && !(targets.Value is YamlScalarNode s0 && string.IsNullOrEmpty(s0.Value)))
            {
                foreach (var entry in reader.Mapping(targets.Value, "targets").Children)
                {
                    var id = reader.Text(entry.Key, "A target market id").ToLowerInvariant();
                    if (markets != null && !markets.TryGetMarket(id, out _))
                        throw reader.Error(entry.Key, "Market '" + id + "' is not defined by the rules (Get-Market lists them).");
                    if (rules.TargetOrNull(id) != null)
                        throw reader.Error(entry.Key, "Target '" + id + "' is listed twice.");
                    if (entry.Value is YamlScalarNode sv && string.IsNullOrEmpty(sv.Value))
                    {
                        rules.SetTarget(id, new TargetRules());
                        continue;
                    }
                    var tmap = reader.Mapping(entry.Value, "Target " + id);
                    var tfields = reader.Keys(tmap, "target " + id, "offerCondition", "fulfillment", "excludeSkus", "pricing");
                    rules.SetTarget(id, ReadScope(reader, tfields, "target " + id));
                }
            }
            return rules;
        }

        private static TargetRules ReadScope(YamlNodeReader reader, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> fields, string what)
        {
            var r = new TargetRules();
            if (fields.TryGetValue("offerCondition", out var c)) r.OfferCondition = reader.Enum<ConnectionOfferCondition>(c.Value, "offerCondition of " + what);
            if (fields.TryGetValue("fulfillment", out var f)) r.Fulfillment = reader.Enum<FulfillmentFilter>(f.Value, "fulfillment of " + what);
            if (fields.TryGetValue("excludeSkus", out var x))
            {
                if (x.Value is YamlScalarNode one && !string.IsNullOrEmpty(one.Value)) r.ExcludeSkus = new[] { one.Value!.Trim() };
                else if (!(x.Value is YamlScalarNode none && string.IsNullOrEmpty(none.Value))) r.ExcludeSkus = reader.Strings(x.Value, "excludeSkus of " + what);
            }
            if (fields.TryGetValue("pricing", out var p)) ReadPricing(reader, p.Value, r, what);
            return r;
        }

        private static void ReadPricing(YamlNodeReader reader, YamlNode node, TargetRules r, string what)
        {
            if (node is YamlScalarNode)
            {
                r.Pricing = ReadRule(reader, node, "pricing of " + what);
                return;
            }
            var map = reader.Mapping(node, "pricing of " + what);
            var keys = reader.Keys(map, "the pricing of " + what, "rule", "adjustment", "FBA", "Merchant");
            if (keys.ContainsKey("rule")) r.Pricing = ReadRule(reader, map, "pricing of " + what, keys);
            else if (keys.TryGetValue("adjustment", out var adj))
                throw reader.Error(adj.Key, "An adjustment needs a rule (AmountAbove, PercentAbove, PercentBelow) in the pricing of " + what + ".");
            if (keys.TryGetValue("FBA", out var fba)) r.FbaPricing = ReadRule(reader, fba.Value, "FBA pricing of " + what);
            if (keys.TryGetValue("Merchant", out var m)) r.MerchantPricing = ReadRule(reader, m.Value, "Merchant pricing of " + what);
        }

        /// <summary>A rule written as its name (SameAsSource) or as { rule, adjustment }.</summary>
        private static PricingRule ReadRule(YamlNodeReader reader, YamlNode node, string what,
            Dictionary<string, (YamlScalarNode Key, YamlNode Value)>? keys = null)
        {
            YamlNode ruleNode;
            YamlNode? adjustmentNode = null;
            if (keys == null && node is YamlScalarNode)
            {
                ruleNode = node;
            }
            else
            {
                var map = reader.Mapping(node, what);
                keys ??= reader.Keys(map, what, "rule", "adjustment");
                ruleNode = reader.Required(keys, map, "rule", what[0].ToString().ToUpperInvariant() + what.Substring(1));
                if (keys.TryGetValue("adjustment", out var a)) adjustmentNode = a.Value;
            }
            var kind = reader.Enum<PricingRuleKind>(ruleNode, "rule of the " + what);
            decimal? adjustment = adjustmentNode == null ? (decimal?)null : reader.Decimal(adjustmentNode, "adjustment of the " + what, positive: false);
            try
            {
                return PricingRule.Create(kind, adjustment);
            }
            catch (ListingPsException ex)
            {
                throw reader.Error(adjustmentNode ?? ruleNode, ex.Message);
            }
        }
    }
}
