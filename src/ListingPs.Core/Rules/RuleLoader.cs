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
    /// Loads the YAML rule files into one <see cref="RuleSet"/>.
    /// <para>
    /// A path is a file or a folder (every *.yaml / *.yml directly in it, in ordinal name order). Every file is read and
    /// checked, and the files are checked against each other, before anything is returned: a malformed or inconsistent
    /// file is refused with a <see cref="RuleFileException"/> naming its file, line and column, and nothing is half-loaded.
    /// </para>
    /// <para>
    /// Where the rules come from (<see cref="ResolvePaths"/>): the cmdlets' -RulePath, else $env:LISTINGPS_RULES, else the
    /// module's own rules folder. A user's rule path REPLACES the module's rules rather than adding to them, so users start
    /// from a copy of the module's rules folder and edit that.
    /// </para>
    /// <para>
    /// The format (every key is case-sensitive camelCase; an unknown key is refused, so a typo never passes silently):
    /// <code>
    /// version: 1                          # optional; only 1 is known
    /// currencies:                         # CODE (three letters) -> precision; each code once across all files
    ///   CZK: { step: 1, rounding: HalfDown }   # step &gt; 0 required; rounding HalfDown|HalfUp|HalfEven|Up|Down (HalfUp)
    /// exchangeRates:                      # 1 from = rate to; each (from, to) pair once across all files
    ///   - { from: PLN, to: CZK, rate: 5.0942, source: NBP, date: 2023-03-21 }   # rate &gt; 0; source ("rules"), date optional
    /// markets:                            # each id once across all files
    ///   - id: allegro-cz                  # required, lower-cased
    ///     name: Allegro Česko             # (the id)
    ///     platform: allegro               # required, lower-cased
    ///     region: allegro                 # required
    ///     country: CZ                     # required, upper-cased
    ///     currency: CZK                   # required; needs a 'currencies' entry
    ///     language: cs-CZ                 # ("")
    ///     base: false                     # a base market: no shareFrom, no policy
    ///     shareFrom: allegro-pl           # a market with base: true
    ///     keepsBasePrice: false
    ///     launched: 2023-05-10
    ///     policy: { ... }                 # the SharePolicy properties in camelCase; see module/rules/allegro.yaml
    /// </code>
    /// </para>
    /// </summary>
    public static class RuleLoader
    {
        /// <summary>Environment variable naming rule files or folders (several separated by the OS path separator).</summary>
        public static string EnvironmentVariable => "LISTINGPS_RULES";

        /// <summary>
        /// The rule paths to load: <paramref name="explicitPath"/> if given, else $env:LISTINGPS_RULES, else
        /// <paramref name="defaultRulesDirectory"/>. The explicit path and the variable may each hold several paths separated
        /// by <see cref="Path.PathSeparator"/>. A user's path replaces the default rules; it never adds to them. Paths are
        /// returned as full paths.
        /// </summary>
        /// <param name="explicitPath">What the user passed (-RulePath), or null.</param>
        /// <param name="defaultRulesDirectory">The module's own rules folder.</param>
        public static IReadOnlyList<string> ResolvePaths(string? explicitPath, string defaultRulesDirectory) =>
            ResolvePaths(explicitPath, defaultRulesDirectory, Environment.GetEnvironmentVariable);

        /// <summary><see cref="ResolvePaths(string?, string)"/> with the environment read through <paramref name="getEnvironment"/>.</summary>
        internal static IReadOnlyList<string> ResolvePaths(string? explicitPath, string defaultRulesDirectory, Func<string, string?> getEnvironment)
        {
            var raw = !string.IsNullOrWhiteSpace(explicitPath) ? explicitPath : getEnvironment(EnvironmentVariable);
            var paths = string.IsNullOrWhiteSpace(raw)
                ? new List<string>()
                : raw!.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => p.Trim()).Where(p => p.Length > 0).Select(Path.GetFullPath).ToList();
            if (paths.Count == 0) paths.Add(Path.GetFullPath(defaultRulesDirectory));
            return paths;
        }

        /// <summary>
        /// The rule files a set of paths stands for, in load order: a file as given, a folder as every *.yaml / *.yml file
        /// directly in it in ordinal name order.
        /// </summary>
        /// <exception cref="ListingPsException">A path does not exist, or a folder holds no rule file (<see cref="ErrorIds.RulePathNotFound"/>).</exception>
        public static IReadOnlyList<string> ExpandFiles(IEnumerable<string> paths)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            var files = new List<string>();
            foreach (var p in paths)
            {
                if (string.IsNullOrWhiteSpace(p))
                    throw new ListingPsException(ErrorIds.RulePathNotFound, "A rule path is empty.", ErrorKind.ObjectNotFound);
                if (Directory.Exists(p))
                {
                    var inDir = Directory.GetFiles(p, "*", SearchOption.TopDirectoryOnly)
                        .Where(IsRuleFile)
                        .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
                    if (inDir.Count == 0)
                        throw new ListingPsException(ErrorIds.RulePathNotFound, "The rule folder '" + p + "' holds no *.yaml files (nor *.yml).", ErrorKind.ObjectNotFound);
                    files.AddRange(inDir);
                }
                else if (File.Exists(p)) files.Add(p);
                else throw new ListingPsException(ErrorIds.RulePathNotFound, "The rule path '" + p + "' does not exist.", ErrorKind.ObjectNotFound);
            }
            return files;
        }

        private static bool IsRuleFile(string file) =>
            file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Reads every rule file the paths stand for and merges them into one rule set. Either everything loads and is
        /// consistent, or this throws and nothing is returned.
        /// </summary>
        /// <param name="paths">Rule files and folders (see <see cref="ExpandFiles"/>).</param>
        /// <exception cref="ListingPsException">A path does not exist or cannot be read (<see cref="ErrorIds.RulePathNotFound"/>).</exception>
        /// <exception cref="RuleFileException">A file is not valid YAML, does not follow the format, or contradicts another file.</exception>
        public static RuleSet Load(IEnumerable<string> paths)
        {
            var files = ExpandFiles(paths);
            var state = new LoadState();
            foreach (var file in files) LoadFile(file, state);
            state.Validate();
            return new RuleSet(state.Markets.Select(m => m.Market), state.Currencies.Values.Select(c => c.Rule),
                state.Rates.Values.Select(r => r.Rule), files);
        }

        /// <summary>A market as read, with the nodes later checks point at.</summary>
        private sealed class MarketEntry
        {
            public MarketEntry(MarketRule market, YamlNodeReader reader, YamlNode currencyNode, YamlNode? shareFromNode)
            {
                Market = market; Reader = reader; CurrencyNode = currencyNode; ShareFromNode = shareFromNode;
            }
            public MarketRule Market { get; }
            public YamlNodeReader Reader { get; }
            public YamlNode CurrencyNode { get; }
            public YamlNode? ShareFromNode { get; }
            /// <summary>Each delivery method's price or basePrice node.</summary>
            public List<(DeliveryMethodRule Method, YamlNode PriceNode)> Deliveries { get; } = new List<(DeliveryMethodRule, YamlNode)>();
        }

        /// <summary>Everything read so far, across files.</summary>
        private sealed class LoadState
        {
            public readonly Dictionary<string, (CurrencyRule Rule, string Where)> Currencies =
                new Dictionary<string, (CurrencyRule, string)>(StringComparer.OrdinalIgnoreCase);
            public readonly Dictionary<(string, string), (ExchangeRateRule Rule, string Where)> Rates =
                new Dictionary<(string, string), (ExchangeRateRule, string)>();
            public readonly List<MarketEntry> Markets = new List<MarketEntry>();
            public readonly Dictionary<string, MarketEntry> MarketsById = new Dictionary<string, MarketEntry>(StringComparer.OrdinalIgnoreCase);

            /// <summary>Checks that need every file: currencies, shareFrom and preset prices. Reports the first problem in load order.</summary>
            public void Validate()
            {
                foreach (var m in Markets)
                {
                    if (!Currencies.ContainsKey(m.Market.Currency))
                        throw m.Reader.Error(m.CurrencyNode, "Market '" + m.Market.Id + "' uses currency " + m.Market.Currency + ", which has no entry under 'currencies:'.");
                }
                foreach (var m in Markets)
                {
                    var market = m.Market;
                    MarketRule? baseMarket = null;
                    if (market.ShareFrom != null)
                    {
                        if (!MarketsById.TryGetValue(market.ShareFrom, out var from))
                            throw m.Reader.Error(m.ShareFromNode!, "Market '" + market.Id + "' shares from '" + market.ShareFrom + "', which no rule file defines.");
                        if (!from.Market.IsBase)
                            throw m.Reader.Error(m.ShareFromNode!, "Market '" + market.Id + "' shares from '" + market.ShareFrom + "', which is not a base market (base: true) (defined at " + from.Market.DefinedAt + ").");
                        baseMarket = from.Market;
                    }
                    var step = Currencies[market.Currency].Rule.Step;
                    foreach (var (method, priceNode) in m.Deliveries)
                    {
                        if (method.Price.HasValue && decimal.Remainder(method.Price.Value, step) != 0)
                            throw m.Reader.Error(priceNode, "Delivery method '" + method.Id + "' of " + market.Id + " costs " + method.Price.Value + " " + market.Currency
                                + ", not a multiple of the currency's step " + step + ".");
                        if (method.BasePrice.HasValue && baseMarket != null)
                        {
                            var baseStep = Currencies[baseMarket.Currency].Rule.Step;
                            if (decimal.Remainder(method.BasePrice.Value, baseStep) != 0)
                                throw m.Reader.Error(priceNode, "Delivery method '" + method.Id + "' of " + market.Id + " costs " + method.BasePrice.Value + " " + baseMarket.Currency
                                    + " (the base currency), not a multiple of the currency's step " + baseStep + ".");
                        }
                    }
                }
            }
        }


        private static void LoadFile(string file, LoadState state)
        {
            var reader = new YamlNodeReader(file);
            YamlStream stream;
            try
            {
                stream = YamlDocumentLoader.LoadFile(file);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ListingPsException(ErrorIds.RulePathNotFound, "The rule file '" + file + "' cannot be read: " + ex.Message, ErrorKind.ResourceUnavailable, ex);
            }
            if (stream.Documents.All(d => d.RootNode is YamlScalarNode e && string.IsNullOrEmpty(e.Value)))
                throw new RuleFileException(file, 1, 1, "The rule file is empty; a rule file holds at least one of version, currencies, exchangeRates and markets.");
            foreach (var doc in stream.Documents)
            {
                if (doc.RootNode is YamlScalarNode s && string.IsNullOrEmpty(s.Value)) continue; // an empty document
                var root = reader.Mapping(doc.RootNode, "A rule file");
                var keys = reader.Keys(root, "a rule file", "version", "currencies", "exchangeRates", "markets");
                if (keys.TryGetValue("version", out var v) && reader.Decimal(v.Value, "version") != 1m)
                    throw reader.Error(v.Value, "Only rule format version 1 is known.");
                if (keys.TryGetValue("currencies", out var c)) LoadCurrencies(reader, reader.Mapping(c.Value, "currencies"), state);
                if (keys.TryGetValue("exchangeRates", out var r)) LoadRates(reader, reader.Sequence(r.Value, "exchangeRates"), state);
                if (keys.TryGetValue("markets", out var m)) LoadMarkets(reader, reader.Sequence(m.Value, "markets"), state);
            }
        }

        private static void LoadCurrencies(YamlNodeReader reader, YamlMappingNode map, LoadState state)
        {
            foreach (var entry in map.Children)
            {
                var code = reader.CurrencyCode(entry.Key, "A currency code");
                if (state.Currencies.TryGetValue(code, out var earlier))
                    throw reader.Error(entry.Key, "Currency " + code + " is defined twice (first at " + earlier.Where + ").");
                var body = reader.Mapping(entry.Value, "Currency " + code);
                var keys = reader.Keys(body, "currency " + code, "step", "rounding");
                var step = reader.Decimal(reader.Required(keys, body, "step", "Currency " + code), "step of " + code);
                var rounding = keys.TryGetValue("rounding", out var rn) ? reader.Enum<RoundingMode>(rn.Value, "rounding of " + code) : RoundingMode.HalfUp;
                state.Currencies[code] = (new CurrencyRule(code, step, rounding), reader.Where(entry.Key));
            }
        }

        private static void LoadRates(YamlNodeReader reader, YamlSequenceNode list, LoadState state)
        {
            foreach (var item in list)
            {
                var map = reader.Mapping(item, "An exchange rate");
                var keys = reader.Keys(map, "an exchange rate", "from", "to", "rate", "source", "date");
                var from = reader.CurrencyCode(reader.Required(keys, map, "from", "An exchange rate"), "from");
                var to = reader.CurrencyCode(reader.Required(keys, map, "to", "An exchange rate"), "to");
                if (from == to) throw reader.Error(keys["to"].Value, "An exchange rate from " + from + " to itself is not needed.");
                var rate = reader.Decimal(reader.Required(keys, map, "rate", "An exchange rate"), "rate");
                var source = keys.TryGetValue("source", out var s) ? reader.Text(s.Value, "source") : "rules";
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
                var map = reader.Mapping(item, "A market");
                var keys = reader.Keys(map, "a market", MarketKeys);
                var idNode = reader.Required(keys, map, "id", "A market");
                var id = reader.Text(idNode, "id").ToLowerInvariant();
                if (state.MarketsById.TryGetValue(id, out var earlier))
                    throw reader.Error(idNode, "Market '" + id + "' is defined twice (first at " + earlier.Market.DefinedAt + ").");
                var owner = "Market " + id;
                var currencyNode = reader.Required(keys, map, "currency", owner);
                var market = new MarketRule
                {
                    Id = id,
                    Name = keys.TryGetValue("name", out var n) ? reader.Text(n.Value, "name of " + id) : id,
                    Platform = reader.Text(reader.Required(keys, map, "platform", owner), "platform of " + id).ToLowerInvariant(),
                    Region = reader.Text(reader.Required(keys, map, "region", owner), "region of " + id),
                    Country = reader.Text(reader.Required(keys, map, "country", owner), "country of " + id).ToUpperInvariant(),
                    Currency = reader.Text(currencyNode, "currency of " + id).ToUpperInvariant(),
                    Language = keys.TryGetValue("language", out var l) ? reader.Text(l.Value, "language of " + id) : "",
                    IsBase = keys.TryGetValue("base", out var b) && reader.Bool(b.Value, "base"),
                    ShareFrom = keys.TryGetValue("shareFrom", out var sf) ? reader.Text(sf.Value, "shareFrom of " + id).ToLowerInvariant() : null,
                    KeepsBasePrice = keys.TryGetValue("keepsBasePrice", out var k) && reader.Bool(k.Value, "keepsBasePrice"),
                    Launched = keys.TryGetValue("launched", out var la) ? reader.Date(la.Value, "launched") : (DateTime?)null,
                    DefinedAt = reader.Where(idNode),
                };
                if (market.IsBase && market.ShareFrom != null)
                    throw reader.Error(sf.Key, "Market '" + id + "' is a base market; a base market (base: true) shares from no other market.");
                var entry = new MarketEntry(market, reader, currencyNode, market.ShareFrom != null ? sf.Value : null);
                if (keys.TryGetValue("policy", out var p))
                {
                    if (market.IsBase)
                        throw reader.Error(p.Key, "Market '" + id + "' is a base market; policies are for the markets offers are shared or connected to, not for a base market (base: true).");
                    market.Policy = LoadPolicy(reader, reader.Mapping(p.Value, "The policy of " + id), id, entry);
                }
                state.MarketsById[id] = entry;
                state.Markets.Add(entry);
            }
        }

        private static readonly string[] PolicyKeys =
        {
            "requireCompanyAccount", "rejectB2BOnly", "rejectCharity", "sellingFormats", "requireCatalogueProduct", "productsNotAllowed",
            "categoriesNotAllowed", "unavailableCategories", "requireTranslation", "translationExemptCategories", "deliveryMethods",
            "maxPriceDeviationPercent", "warnPriceDeviationPercent", "converterByDefault", "promotionsAvailable", "restrictedProducts",
        };

        /// <summary>The warning limit when a policy gives none: 10%, or the refusal limit when that is lower.</summary>
        private const decimal DefaultWarnPercent = 10m;

        private static SharePolicy LoadPolicy(YamlNodeReader reader, YamlMappingNode map, string marketId, MarketEntry entry)
        {
            var keys = reader.Keys(map, "the policy of " + marketId, PolicyKeys);
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
                foreach (var f in reader.Sequence(sfNode.Value, "sellingFormats"))
                {
                    var format = reader.Enum<SellingFormat>(f, "A sellingFormats entry");
                    if (!formats.Contains(format)) formats.Add(format);
                }
                policy.SellingFormats = formats;
            }
            policy.ProductsNotAllowed = new HashSet<string>(List("productsNotAllowed"), StringComparer.OrdinalIgnoreCase);
            policy.RestrictedProducts = new HashSet<string>(List("restrictedProducts"), StringComparer.OrdinalIgnoreCase);
            policy.CategoriesNotAllowed = new CategoryList(List("categoriesNotAllowed"));
            policy.UnavailableCategories = new CategoryList(List("unavailableCategories"));
            policy.TranslationExemptCategories = new CategoryList(List("translationExemptCategories"));

            var hasMax = keys.TryGetValue("maxPriceDeviationPercent", out var max);
            var hasWarn = keys.TryGetValue("warnPriceDeviationPercent", out var warn);
            if (hasMax) policy.MaxPriceDeviationPercent = reader.Decimal(max.Value, "maxPriceDeviationPercent", allowZero: true);
            policy.WarnPriceDeviationPercent = hasWarn
                ? reader.Decimal(warn.Value, "warnPriceDeviationPercent", allowZero: true)
                : Math.Min(DefaultWarnPercent, policy.MaxPriceDeviationPercent);
            if (policy.WarnPriceDeviationPercent > policy.MaxPriceDeviationPercent)
                throw reader.Error(warn.Value, "warnPriceDeviationPercent (" + policy.WarnPriceDeviationPercent
                    + ") is above maxPriceDeviationPercent (" + policy.MaxPriceDeviationPercent + "): the warning limit must not exceed the refusal limit.");

            if (keys.TryGetValue("deliveryMethods", out var dm))
            {
                var methods = new Dictionary<string, DeliveryMethodRule>(StringComparer.OrdinalIgnoreCase);
                foreach (var item in reader.Mapping(dm.Value, "deliveryMethods").Children)
                {
                    var id = reader.Text(item.Key, "A delivery method id");
                    if (methods.ContainsKey(id)) throw reader.Error(item.Key, "Delivery method '" + id + "' is listed twice in the policy of " + marketId + ".");
                    var body = reader.Mapping(item.Value, "Delivery method " + id);
                    var k = reader.Keys(body, "delivery method " + id, "name", "price", "basePrice");
                    bool hasPrice = k.TryGetValue("price", out var price), hasBase = k.TryGetValue("basePrice", out var basePrice);
                    if (hasPrice == hasBase)
                        throw reader.Error(body, "Delivery method '" + id + "' needs either 'price' (in the market currency) or 'basePrice' (in the base market's currency, converted), not "
                            + (hasPrice ? "both" : "neither") + ".");
                    var method = new DeliveryMethodRule(id, k.TryGetValue("name", out var nm) ? reader.Text(nm.Value, "name of " + id) : id,
                        hasPrice ? reader.Decimal(price.Value, "price of " + id, allowZero: true) : (decimal?)null,
                        hasBase ? reader.Decimal(basePrice.Value, "basePrice of " + id, allowZero: true) : (decimal?)null);
                    methods[id] = method;
                    entry.Deliveries.Add((method, hasPrice ? price.Value : basePrice.Value));
                }
                policy.DeliveryMethods = methods;
            }
            return policy;
        }
    }
}
