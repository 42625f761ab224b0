using System;
using System.Collections.Generic;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;
using ListingPs.Core.Workspace;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ListingPs.Core.Connections
{
    /// <summary>
    /// Market connections (SPEC A, Amazon's Build International Listings, and Allegro's markets through the same rules): a
    /// source market whose eligible offers are listed and priced on target markets, kept in sync, and reported on per offer
    /// and target. Every request is checked before anything is written, and each processing run is one workspace transaction
    /// that is rolled back when stopped, so a connection is never half made.
    /// </summary>
    /// <remarks>
    /// What the cmdlets call; the work is done by <see cref="ConnectionPlanner"/> (checks), <see cref="ConnectionSync"/>
    /// (processing runs, with one <see cref="TargetEvaluator"/> per platform), <see cref="ConnectionReader"/> (connections
    /// and the status report), <see cref="TargetOfferUpdates"/> (hand-set prices, FBA inventory), <see cref="MarketCatalogs"/>
    /// and <see cref="SellerProfiles"/>.
    /// </remarks>
    public sealed class ConnectionService
    {
        internal const int PageSize = 1000;
        /// <summary>Exchange-rate moves below this fraction do not re-price a target offer.</summary>
        public const decimal RateMoveThreshold = 0.01m;

        private readonly ShareService _shares;
        private readonly ConnectionPlanner _planner;
        private readonly ConnectionReader _reader;
        private readonly ConnectionSync _sync;
        private readonly TargetOfferUpdates _targetOffers;
        private readonly MarketCatalogs _catalogs;
        private readonly SellerProfiles _profiles;

        public ConnectionService(ShareService shares, ILogger? logger = null, Func<DateTimeOffset>? clock = null)
        {
            _shares = shares ?? throw new ArgumentNullException(nameof(shares));
            var log = logger ?? NullLogger.Instance;
            var now = clock ?? (() => DateTimeOffset.UtcNow);
            var ws = shares.Workspace;
            var rules = shares.Rules;
            _planner = new ConnectionPlanner(ws, rules, shares.Pricer);
            _reader = new ConnectionReader(ws, rules);
            _sync = new ConnectionSync(shares, _planner, _reader, log, now);
            _targetOffers = new TargetOfferUpdates(ws, rules, _sync, now);
            _catalogs = new MarketCatalogs(ws, rules, now);
            _profiles = new SellerProfiles(ws.SellerProfile, rules, now);
        }

        public RuleSet Rules => _shares.Rules;
        public WorkspaceStore Workspace => _shares.Workspace;

        /// <summary>The share service's pricer: the rates conversions use now (the workspace's newest, else the rules').</summary>
        public MarketPricer Pricer => _shares.Pricer;

        // ---- seller profile -------------------------------------------------------------------------------------------

        public SellerProfile GetSellerProfile() => _profiles.GetSellerProfile();

        /// <summary>Updates the profile: a null argument keeps the stored value. Regions must be ones the rules name.</summary>
        public SellerProfile SetSellerProfile(string? sellerName, IReadOnlyList<string>? linkedRegions) => _profiles.SetSellerProfile(sellerName, linkedRegions);

        /// <summary>The regions the rules' markets are in, in the order they first appear.</summary>
        public IReadOnlyList<string> KnownRegions() => _profiles.KnownRegions();

        // ---- reading connections --------------------------------------------------------------------------------------

        /// <summary>Connections in creation order, filtered by id (wildcards), source and target; each with its current state.</summary>
        public IEnumerable<MarketConnection> GetConnections(IReadOnlyList<string>? ids = null, string? sourceMarket = null, string? targetMarket = null) =>
            _reader.GetConnections(ids, sourceMarket, targetMarket);

        /// <summary>
        /// Connections as the filters select them; after them, <paramref name="notFound"/> gets a ConnectionNotFound error for
        /// each id without wildcards that names no connection of the workspace.
        /// </summary>
        public IEnumerable<MarketConnection> GetConnections(IReadOnlyList<string>? ids, string? sourceMarket, string? targetMarket,
            Action<string, ListingPsException>? notFound) => _reader.GetConnections(ids, sourceMarket, targetMarket, notFound);

        /// <exception cref="ListingPsException">ConnectionNotFound.</exception>
        public MarketConnection GetConnection(string connectionId) => _reader.GetConnection(connectionId);

        /// <summary>The connection whose target <paramref name="market"/> is, or null.</summary>
        public string? ConnectionOfTarget(string market) => _reader.ConnectionOfTarget(market);

        /// <summary>The status report: one row per source offer and target, streamed page by page in target and SKU order.</summary>
        public IEnumerable<ConnectionReportRow> Report(ConnectionReportQuery query) => _reader.Report(query);

        // ---- planning: every rule is checked before anything is written -----------------------------------------------

        /// <summary>Checks a new connection against every rule; throws the first broken one, naming it. Writes nothing.</summary>
        public ConnectionPlan PlanConnection(string sourceMarket, IReadOnlyList<string> targetMarkets, ConnectionRules rules) =>
            _planner.PlanConnection(sourceMarket, targetMarkets, rules);

        /// <summary>Checks adding targets to an existing connection; throws the first broken rule. Writes nothing.</summary>
        public ConnectionPlan PlanAddTargets(string connectionId, IReadOnlyList<string> targetMarkets, ConnectionRules? fileRules, TargetRules? overrides) =>
            _planner.PlanAddTargets(connectionId, targetMarkets, fileRules, overrides);

        /// <summary>Without the seller's acknowledgement of the obligations on every target, nothing is created.</summary>
        public static void CheckObligations(ConnectionPlan plan, bool accepted) => ConnectionPlanner.CheckObligations(plan, accepted);

        // ---- processing -----------------------------------------------------------------------------------------------

        /// <summary>Creates the connection and processes every offer of the source for every target, in one transaction.</summary>
        public MarketConnection Create(ConnectionPlan plan, bool obligationsAccepted, ProcessingOptions? options = null) =>
            _sync.Create(plan, obligationsAccepted, options);

        /// <summary>Adds the plan's targets to its connection and processes the source's offers for them, in one transaction.</summary>
        public MarketConnection AddTargets(ConnectionPlan plan, bool obligationsAccepted, ProcessingOptions? options = null) =>
            _sync.AddTargets(plan, obligationsAccepted, options);

        /// <summary>
        /// Evaluates every source offer for every target again: new and changed offers, new prices, exchange rates (moves under
        /// 1% are skipped), catalogues and FBA inventory; hand-set prices are kept; target offers whose source offer left the
        /// assortment are removed. One transaction, rolled back when stopped.
        /// </summary>
        public MarketConnection Sync(string connectionId, ProcessingOptions? options = null) => _sync.Sync(connectionId, options);

        /// <summary>
        /// Removes the connection: its Amazon target offers and its report rows go with it; on Allegro targets the offers it
        /// shared are withdrawn (their price is kept for a later Submit-Offer). One transaction.
        /// </summary>
        public MarketConnection Remove(string connectionId) => _sync.Remove(connectionId);

        // ---- target offers changed by hand ----------------------------------------------------------------------------

        /// <summary>
        /// Sets a target offer's price by hand (Sync never overwrites it and the report says so), or, with a null price, returns
        /// it to the connection's pricing rule. For connection targets that are not shared-offer markets (Amazon).
        /// </summary>
        public ConnectionReportRow SetTargetPrice(string market, string sku, decimal? price) => _targetOffers.SetTargetPrice(market, sku, price);

        /// <summary>
        /// Records the units of a SKU in the market's fulfilment centres. An FBA target offer is inactive until its target has
        /// inventory: a quantity above zero activates it at once, zero deactivates it.
        /// </summary>
        public FbaInventoryRecord SetFbaInventory(string market, string sku, int quantity) => _targetOffers.SetFbaInventory(market, sku, quantity);

        // ---- catalogues -----------------------------------------------------------------------------------------------

        /// <summary>Starts a catalogue import for the market (which from now on has a catalogue); <paramref name="replace"/> drops the products it held.</summary>
        public MarketRule BeginCatalog(string market, bool replace) => _catalogs.BeginCatalog(market, replace);

        /// <summary>Adds a product with a detail page in the market; false for a blank id.</summary>
        public bool AddCatalogProduct(string market, string? productId) => _catalogs.AddCatalogProduct(market, productId);

        public long CountCatalog(string market) => _catalogs.CountCatalog(market);
    }
}
