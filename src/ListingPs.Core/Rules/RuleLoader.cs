using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ListingPs.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ListingPs.Core.Rules
{
    /// <summary>
    /// Loads the YAML rule files into one <see cref="RuleSet"/>. A path is a file or a folder (every *.yaml / *.yml directly in
    /// it, in ordinal name order). Every file is read and checked before anything is returned, so a malformed or
    /// inconsistent file is refused with its name, line and column and nothing is half-loaded.
    ///
    /// A user's rule path (-RulePath, $env:LISTINGPS_RULES) REPLACES the module's rules: users start from a copy of the
    /// module's rules folder.
    ///
    /// Top-level keys of a file (all optional): version (1), currencies, exchangeRates, markets.
    /// </summary>
    public static class RuleLoader
    {
        /// <summary>Environment variable naming rule files or folders (several separated by the OS path separator).</summary>
        public static string EnvironmentVariable => "LISTINGPS_RULES";

        /// <summary>The explicit path(s) if given (separated by the OS path separator), else LISTINGPS_RULES, else the default folder.</summary>
        public static IReadOnlyList<string> ResolvePaths(string? explicitPath, string defaultRulesDirectory)
        {
            var raw = !string.IsNullOrWhiteSpace(explicitPath) ? explicitPath : Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(raw)) return new[] { Path.GetFullPath(defaultRulesDirectory) };
            return raw!.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => Path.GetFullPath(p.Trim())).ToArray();
        }

        /// <summary>The rule files a set of paths stands for, in load order.</summary>
        public static IReadOnlyList<string> ExpandFiles(IEnumerable<string> paths)
        {
            var files = new List<string>();
            foreach (var p in paths)
            {
                if (Directory.Exists(p))
                {
                    var inDir = Directory.GetFiles(p, "*.*", SearchOption.TopDirectoryOnly)
                        .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                        .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
                    if (inDir.Count == 0)
                        throw new ListingPsException(ErrorIds.RulePathNotFound, "The rule folder '" + p + "' holds no *.yaml files.", ErrorKind.ObjectNotFound);
                    files.AddRange(inDir);
                }
                else if (File.Exists(p)) files.Add(p);
                else throw new ListingPsException(ErrorIds.RulePathNotFound, "The rule path '" + p + "' does not exist.", ErrorKind.ObjectNotFound);
            }
            return files;
        }

        public static RuleSet Load(IEnumerable<string> paths)
        {
            var files = ExpandFiles(paths);
            var state = new LoadState();
            foreach (var file in files) LoadFile(file, state);
            state.Validate();
            return new RuleSet(state.Markets.Select(m => m.Market), state.Currencies.Values.Select(c => c.Rule),
                state.Rates.Values.Select(r => r.Rule), files);
        }

        private sealed class LoadState
        {
            public readonly Dictionary<string, (CurrencyRule Rule, string Where, YamlNodeReader Reader, YamlNode Node)> Currencies =
                new Dictionary<string, (CurrencyRule, string, YamlNodeReader, YamlNode)>(StringComparer.OrdinalIgnoreCase);
            public readonly Dictionary<(string, string), (ExchangeRateRule Rule, string Where)> Rates = new Dictionary<(string, string), (ExchangeRateRule, string)>();
            public readonly List<(MarketRule Market, YamlNodeReader Reader, YamlMappingNode Node, Dictionary<string, YamlNode> Fields)> Markets =
                new List<(MarketRule, YamlNodeReader, YamlMappingNode, Dictionary<string, YamlNode>)>();
            public readonly Dictionary<string, string> MarketWhere = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            /// <summary>Checks across files, once everything is read.</summary>
            public void Validate()
            {
                var byId = Markets.ToDictionary(m => m.Market.Id, m => m.Market, StringComparer.OrdinalIgnoreCase);
                foreach (var (market, reader, node, fields) in Markets)
                {
                    if (!Currencies.TryGetValue(market.Currency, out var currency))
                        throw reader.Error(fields["currency"], "Market '" + market.Id + "' uses currency " + market.Currency + ", which has no entry under 'currencies:'.");
                    if (market.ShareFrom != null)
                    {
                        if (!byId.TryGetValue(market.ShareFrom, out var from))
                            throw reader.Error(fields["shareFrom"], "Market '" + market.Id + "' shares from '" + market.ShareFrom + "', which no rule file defines.");
                        if (!from.IsBase)
                            throw reader.Error(fields["shareFrom"], "Market '" + market.Id + "' shares from '" + market.ShareFrom + "', which is not a base market (base: true).");
                        if (!Currencies.ContainsKey(from.Currency))
                            throw reader.Error(fields["shareFrom"], "Base market '" + from.Id + "' has a currency without precision.");
                    }
                    if (market.Policy != null)
                    {
                        foreach (var d in market.Policy.DeliveryMethods.Values)
                            if (d.Price.HasValue && decimal.Remainder(d.Price.Value, currency.Rule.Step) != 0)
                                throw reader.Error(fields["policy"], "Delivery method '" + d.Id + "' of " + market.Id + " costs " + d.Price.Value + " " + market.Currency + ", not a multiple of the currency's step " + currency.Rule.Step + ".");
                    }
                }
            }
        }

        private static void LoadFile(string file, LoadState state)
        {
            var reader = new YamlNodeReader(file);
            var stream = new YamlStream();
            try
            {
                using var text = new StreamReader(file, detectEncodingFromByteOrderMarks: true);
                stream.Load(text);
            }
            catch (YamlException ex)
            {
                throw new RuleFileException(file, ex.Start.Line, ex.Start.Column, "YAML syntax error: " + ex.Message);
            }
            catch (IOException ex)
            {
                throw new ListingPsException(ErrorIds.RulePathNotFound, "The rule file '" + file + "' cannot be read: " + ex.Message, ErrorKind.ResourceUnavailable, ex);
            }
            foreach (var doc in stream.Documents)
            {
                if (doc.RootNode is YamlScalarNode s && string.IsNullOrEmpty(s.Value)) continue;
                var root = reader.Map(doc.RootNode, "A rule file");
                var keys = reader.Keys(root, "a rule file", "version", "currencies", "exchangeRates", "markets");
                if (keys.TryGetValue("version", out var v) && reader.Dec(v.Value, "version") != 1m)
                    throw reader.Error(v.Value, "Only rule format version 1 is known.");
                if (keys.TryGetValue("currencies", out var c)) LoadCurrencies(reader, reader.Map(c.Value, "currencies"), state);
                if (keys.TryGetValue("exchangeRates", out var r)) LoadRates(reader, reader.Seq(r.Value, "exchangeRates"), state);
                if (keys.TryGetValue("markets", out var m)) LoadMarkets(reader, reader.Seq(m.Value, "markets"), state);
            }
        }

        private static void LoadCurrencies(YamlNodeReader reader, YamlMappingNode map, LoadState state)
        {
            foreach (var entry in map.Children)
            {
                var code = reader.Str(entry.Key, "A currency code").ToUpperInvariant();
                if (code.Length != 3 || !code.All(char.IsLetter)) throw reader.Error(entry.Key, "'" + code + "' is not a three-letter currency code.");
                if (state.Currencies.TryGetValue(code, out var earlier))
                    throw reader.Error(entry.Key, "Currency " + code + " is defined twice (first at " + earlier.Where + ").");
                var body = reader.Map(entry.Value, "Currency " + code);
                var keys = reader.Keys(body, "currency " + code, "step", "rounding");
                var step = reader.Dec(reader.Required(keys, body, "step", "Currency " + code), "step of " + code);
                var rounding = keys.TryGetValue("rounding", out var rn) ? reader.Enum<RoundingMode>(rn.Value, "rounding of " + code) : RoundingMode.HalfUp;
                state.Currencies[code] = (new CurrencyRule(code, step, rounding), reader.Where(entry.Key), reader, entry.Key);
            }
        }

        private static void LoadRates(YamlNodeReader reader, YamlSequenceNode list, LoadState state)
        {
            foreach (var item in list)
            {
                var map = reader.Map(item, "An exchange rate");
                var keys = reader.Keys(map, "an exchange rate", "from", "to", "rate", "source", "date");
                var from = reader.Str(reader.Required(keys, map, "from", "An exchange rate"), "from").ToUpperInvariant();
                var to = reader.Str(reader.Required(keys, map, "to", "An exchange rate"), "to").ToUpperInvariant();
                if (from == to) throw reader.Error(map, "An exchange rate from " + from + " to itself is not needed.");
                var rate = reader.Dec(reader.Required(keys, map, "rate", "An exchange rate"), "rate");
                var source = keys.TryGetValue("source", out var s) ? reader.Str(s.Value, "source") : "rules";
                DateTime? date = keys.TryGetValue("date", out var d) ? reader.Date(d.Value, "date") : (DateTime?)null;
                if (state.Rates.TryGetValue((from, to), out var earlier))
                    throw reader.Error(map, "The rate " + from + "->" + to + " is defined twice (first at " + earlier.Where + ").");
                state.Rates[(from, to)] = (new ExchangeRateRule(from, to, rate, source, date), reader.Where(map));
            }
        }

        private static readonly string[] MarketKeys =
            { "id", "name", "platform", "region", "country", "currency", "language", "base", "shareFrom", "keepsBasePrice", "launched", "policy" };

        private static void LoadMarkets(YamlNodeReader reader, YamlSequenceNode list, LoadState state)
        {
            foreach (var item in list)
            {
                var map = reader.Map(item, "A market");
                var keys = reader.Keys(map, "a market", MarketKeys);
                var idNode = reader.Required(keys, map, "id", "A market");
                var id = reader.Str(idNode, "id").ToLowerInvariant();
                if (state.MarketWhere.TryGetValue(id, out var earlier))
                    throw reader.Error(idNode, "Market '" + id + "' is defined twice (first at " + earlier + ").");
                var what = "market " + id;
                var market = new MarketRule
                {
                    Id = id,
                    Name = keys.TryGetValue("name", out var n) ? reader.Str(n.Value, "name") : id,
                    Platform = reader.Str(reader.Required(keys, map, "platform", "Market " + id), "platform").ToLowerInvariant(),
                    Region = reader.Str(reader.Required(keys, map, "region", "Market " + id), "region"),
                    Country = reader.Str(reader.Required(keys, map, "country", "Market " + id), "country").ToUpperInvariant(),
                    Currency = reader.Str(reader.Required(keys, map, "currency", "Market " + id), "currency").ToUpperInvariant(),
                    Language = keys.TryGetValue("language", out var l) ? reader.Str(l.Value, "language") : "",
                    IsBase = keys.TryGetValue("base", out var b) && reader.Bool(b.Value, "base"),
                    ShareFrom = keys.TryGetValue("shareFrom", out var sf) ? reader.Str(sf.Value, "shareFrom").ToLowerInvariant() : null,
                    KeepsBasePrice = keys.TryGetValue("keepsBasePrice", out var k) && reader.Bool(k.Value, "keepsBasePrice"),
                    Launched = keys.TryGetValue("launched", out var la) ? reader.Date(la.Value, "launched") : (DateTime?)null,
                    DefinedAt = reader.Where(idNode),
                };
                if (market.IsBase && market.ShareFrom != null)
                    throw reader.Error(keys["shareFrom"].Value, "Market '" + id + "' is a base market; a base market shares from no other market.");
                if (keys.TryGetValue("policy", out var p))
                {
                    if (market.IsBase) throw reader.Error(p.Key, "Market '" + id + "' is a base market; policies are for the markets offers are shared or connected to.");
                    market.Policy = LoadPolicy(reader, reader.Map(p.Value, "policy of " + id), what);
                }
                state.MarketWhere[id] = reader.Where(idNode);
                state.Markets.Add((market, reader, map, keys.ToDictionary(kv => kv.Key, kv => kv.Value.Value)));
            }
        }

        private static readonly string[] PolicyKeys =
        {
            "requireCompanyAccount", "rejectB2BOnly", "rejectCharity", "sellingFormats", "requireCatalogueProduct", "productsNotAllowed",
            "categoriesNotAllowed", "unavailableCategories", "requireTranslation", "translationExemptCategories", "deliveryMethods",
            "maxPriceDeviationPercent", "warnPriceDeviationPercent", "converterByDefault", "promotionsAvailable", "restrictedProducts",
        };

        private static SharePolicy LoadPolicy(YamlNodeReader reader, YamlMappingNode map, string what)
        {
            var keys = reader.Keys(map, "the policy of " + what, PolicyKeys);
            var policy = new SharePolicy();
            bool Flag(string key, bool dflt) => keys.TryGetValue(key, out var e) ? reader.Bool(e.Value, key) : dflt;
            List<string> List(string key) => keys.TryGetValue(key, out var e) ? reader.Strings(e.Value, key) : new List<string>();
            policy.RequireCompanyAccount = Flag("requireCompanyAccount", true);
            policy.RejectB2BOnly = Flag("rejectB2BOnly", true);
            policy.RejectCharity = Flag("rejectCharity", true);
            policy.RequireCatalogueProduct = Flag("requireCatalogueProduct", true);
            policy.RequireTranslation = Flag("requireTranslation", true);
            policy.ConverterByDefault = Flag("converterByDefault", true);
            policy.PromotionsAvailable = Flag("promotionsAvailable", false);
            if (keys.TryGetValue("sellingFormats", out var sfNode))
            {
                var formats = new List<SellingFormat>();
                foreach (var f in reader.Seq(sfNode.Value, "sellingFormats")) formats.Add(reader.Enum<SellingFormat>(f, "sellingFormats entry"));
                policy.SellingFormats = formats;
            }
            policy.ProductsNotAllowed = new HashSet<string>(List("productsNotAllowed"), StringComparer.OrdinalIgnoreCase);
            policy.RestrictedProducts = new HashSet<string>(List("restrictedProducts"), StringComparer.OrdinalIgnoreCase);
            policy.CategoriesNotAllowed = new CategoryList(List("categoriesNotAllowed"));
            policy.UnavailableCategories = new CategoryList(List("unavailableCategories"));
            policy.TranslationExemptCategories = new CategoryList(List("translationExemptCategories"));
            if (keys.TryGetValue("maxPriceDeviationPercent", out var max)) policy.MaxPriceDeviationPercent = reader.Dec(max.Value, "maxPriceDeviationPercent", allowZero: true);
            if (keys.TryGetValue("warnPriceDeviationPercent", out var warn)) policy.WarnPriceDeviationPercent = reader.Dec(warn.Value, "warnPriceDeviationPercent", allowZero: true);
            if (policy.WarnPriceDeviationPercent > policy.MaxPriceDeviationPercent)
                throw reader.Error(warn.Value ?? map, "warnPriceDeviationPercent (" + policy.WarnPriceDeviationPercent + ") is above maxPriceDeviationPercent (" + policy.MaxPriceDeviationPercent + ").");
            if (keys.TryGetValue("deliveryMethods", out var dm))
            {
                var methods = new Dictionary<string, DeliveryMethodRule>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in reader.Map(dm.Value, "deliveryMethods").Children)
                {
                    var id = reader.Str(entry.Key, "A delivery method id");
                    if (methods.ContainsKey(id)) throw reader.Error(entry.Key, "Delivery method '" + id + "' is listed twice.");
                    var body = reader.Map(entry.Value, "Delivery method " + id);
                    var k = reader.Keys(body, "delivery method " + id, "name", "price", "basePrice");
                    bool hasPrice = k.TryGetValue("price", out var price), hasBase = k.TryGetValue("basePrice", out var basePrice);
                    if (hasPrice == hasBase)
                        throw reader.Error(body, "Delivery method '" + id + "' needs either 'price' (in the market currency) or 'basePrice' (in the base currency, converted), not " + (hasPrice ? "both" : "neither") + ".");
                    methods[id] = new DeliveryMethodRule(id, k.TryGetValue("name", out var nm) ? reader.Str(nm.Value, "name") : id,
                        hasPrice ? reader.Dec(price.Value, "price of " + id, allowZero: true) : (decimal?)null,
                        hasBase ? reader.Dec(basePrice.Value, "basePrice of " + id, allowZero: true) : (decimal?)null);
                }
                policy.DeliveryMethods = methods;
            }
            return policy;
        }
    }
}
