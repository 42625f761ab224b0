using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;
using ListingPs.Core.Workspace;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ListingPs.Core.Connections
{
    /// <summary>How a processing run reports progress and learns that it must stop.</summary>
    public sealed class ProcessingOptions
    {
        /// <summary>Polled before every offer; true stops the run, which then rolls back everything it wrote.</summary>
        public Func<bool>? Stopping { get; set; }
        /// <summary>(source offer x target pairs done, pairs in all, current SKU).</summary>
        public Action<long, long, string?>? Progress { get; set; }
    }

    /// <summary>A checked request to create a connection or add targets to one: nothing is written until it is processed.</summary>
    public sealed class ConnectionPlan
    {
        internal ConnectionPlan(MarketRule source, IReadOnlyList<MarketRule> targets, ConnectionRules rules, MarketConnection? existing)
        {
            Source = source; Targets = targets; Rules = rules; Existing = existing;
        }

        internal MarketRule Source { get; }
        internal IReadOnlyList<MarketRule> Targets { get; }
        internal MarketConnection? Existing { get; }
        public ConnectionRules Rules { get; }
        public string SourceMarket => Source.Id;
        /// <summary>The targets the plan adds (all of them for a new connection).</summary>
        public IReadOnlyList<string> TargetMarkets => Targets.Select(t => t.Id).ToList();
        /// <summary>The connection targets are added to; null for a new connection.</summary>
        public string? ConnectionId => Existing?.ConnectionId;

        /// <summary>"amazon-us -> amazon-ca, amazon-mx".</summary>
        public override string ToString() => Source.Id + " -> " + string.Join(", ", TargetMarkets);
    }

    /// <summary>
    /// Market connections (SPEC A, Amazon's Build International Listings, and Allegro's markets through the same rules): a
    /// source market whose eligible offers are listed and priced on target markets, kept in sync, and reported on per offer
    /// and target. Every request is checked before anything is written, and each processing run is one workspace transaction
    /// that is rolled back when stopped, so a connection is never half made.
    /// </summary>
    public sealed class ConnectionService
    {
        internal const int PageSize = 1000;
        /// <summary>Exchange-rate moves below this fraction do not re-price a target offer.</summary>
        public const decimal RateMoveThreshold = 0.01m;

        private readonly ShareService _shares;
        private readonly WorkspaceStore _ws;
        private readonly RuleSet _rules;
        private readonly ILogger _log;
        private readonly Func<DateTimeOffset> _clock;

        public ConnectionService(ShareService shares, ILogger? logger = null, Func<DateTimeOffset>? clock = null)
        {
            _shares = shares ?? throw new ArgumentNullException(nameof(shares));
            _ws = shares.Workspace;
            _rules = shares.Rules;
            _log = logger ?? NullLogger.Instance;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        public RuleSet Rules => _rules;
        public WorkspaceStore Workspace => _ws;

        /// <summary>The share service's pricer: the rates conversions use now (the workspace's newest, else the rules').</summary>
        public MarketPricer Pricer => _shares.Pricer;

        // ---- seller profile -------------------------------------------------------------------------------------------

        public SellerProfile GetSellerProfile() => _ws.GetSellerProfile();

        /// <summary>Updates the profile: a null argument keeps the stored value. Regions must be ones the rules name.</summary>
        public SellerProfile SetSellerProfile(string? sellerName, IReadOnlyList<string>? linkedRegions)
        {
            var profile = _ws.GetSellerProfile();
            if (sellerName != null) profile.SellerName = sellerName.Trim().Length == 0 ? null : sellerName.Trim();
            if (linkedRegions != null)
            {
                var known = KnownRegions();
                var list = new List<string>();
                foreach (var r in linkedRegions)
                {
                    if (string.IsNullOrWhiteSpace(r)) continue;
                    var match = known.FirstOrDefault(k => string.Equals(k, r.Trim(), StringComparison.OrdinalIgnoreCase));
                    if (match == null)
                        throw new ListingPsException(ErrorIds.UnknownRegion,
                            "Region '" + r + "' is not a region of the rules' markets. Known regions: " + string.Join(", ", known) + ".", ErrorKind.InvalidArgument);
                    if (!list.Contains(match, StringComparer.OrdinalIgnoreCase)) list.Add(match);
                }
                profile.LinkedRegions = list;
            }
            profile.UpdatedAt = _clock();
            _ws.SaveSellerProfile(profile);
            return profile;
        }

        /// <summary>The regions the rules' markets are in, in the order they first appear.</summary>
        public IReadOnlyList<string> KnownRegions()
        {
            var list = new List<string>();
            foreach (var m in _rules.Markets)
                if (!string.IsNullOrEmpty(m.Region) && !list.Contains(m.Region, StringComparer.OrdinalIgnoreCase)) list.Add(m.Region);
            return list;
        }

        // ---- reading connections --------------------------------------------------------------------------------------

        /// <summary>Connections in creation order, filtered by id (wildcards), source and target; each with its current state.</summary>
        public IEnumerable<MarketConnection> GetConnections(IReadOnlyList<string>? ids = null, string? sourceMarket = null, string? targetMarket = null) =>
            GetConnections(ids, sourceMarket, targetMarket, null);

        /// <summary>
        /// Connections as the filters select them; after them, <paramref name="notFound"/> gets a ConnectionNotFound error for
        /// each id without wildcards that names no connection of the workspace (one the source or target filter leaves out
        /// is there, and gets none).
        /// </summary>
        public IEnumerable<MarketConnection> GetConnections(IReadOnlyList<string>? ids, string? sourceMarket, string? targetMarket,
            Action<string, ListingPsException>? notFound)
        {
            var found = _ws.QueryConnections(ids);
            foreach (var c in found)
            {
                if (sourceMarket != null && !string.Equals(c.SourceMarket, sourceMarket, StringComparison.OrdinalIgnoreCase)) continue;
                if (targetMarket != null && !c.TargetMarkets.Contains(targetMarket, StringComparer.OrdinalIgnoreCase)) continue;
                Complete(c);
                yield return c;
            }
            if (notFound == null || ids == null) yield break;
            foreach (var id in ids)
            {
                if (id.IndexOf('*') >= 0 || id.IndexOf('?') >= 0) continue;
                // the workspace compares ids as stored (BINARY), so does this
                if (!found.Exists(c => string.Equals(c.ConnectionId, id, StringComparison.Ordinal))) notFound(id, NotFound(id));
            }
        }

        /// <exception cref="ListingPsException">ConnectionNotFound.</exception>
        public MarketConnection GetConnection(string connectionId)
        {
            var c = _ws.GetConnection(connectionId) ?? throw NotFound(connectionId);
            Complete(c);
            return c;
        }

        private void Complete(MarketConnection c)
        {
            // One pass over the rows gives the totals and the first target's live rows that SyncDue compares with the source.
            var tally = _ws.TallyConnectionRows(c.ConnectionId, c.TargetMarkets.Count > 0 ? c.TargetMarkets[0] : null, out long live);
            c.State = _ws.IsSyncDue(c, live) ? ConnectionState.SyncDue : ConnectionState.Active;
            FillTotals(c.Summary, tally);
        }

        /// <summary>The connection whose target <paramref name="market"/> is, or null.</summary>
        public string? ConnectionOfTarget(string market) => _ws.ConnectionOfTarget(market);

        // ---- planning: every rule is checked before anything is written -----------------------------------------------

        /// <summary>Checks a new connection against every rule; throws the first broken one, naming it. Writes nothing.</summary>
        public ConnectionPlan PlanConnection(string sourceMarket, IReadOnlyList<string> targetMarkets, ConnectionRules rules)
        {
            var source = _rules.GetMarket(sourceMarket);
            var targets = Targets(targetMarkets);
            foreach (var t in targets)
                if (string.Equals(t.Id, source.Id, StringComparison.OrdinalIgnoreCase))
                    throw new ListingPsException(ErrorIds.SourceIsTarget,
                        source.Id + " cannot be both the source and a target of a connection: a source market is never a target market.", ErrorKind.InvalidArgument);
            CheckPlatform(source, targets);

            var existing = _ws.QueryConnections();
            var same = existing.FirstOrDefault(c => string.Equals(c.SourceMarket, source.Id, StringComparison.OrdinalIgnoreCase));
            if (same != null)
                throw new ListingPsException(ErrorIds.SourceAlreadyConnected,
                    source.Id + " is already the source of connection " + same.ConnectionId + "; add targets to it: Add-MarketConnectionTarget -ConnectionId " + same.ConnectionId + " -TargetMarket " + string.Join(",", targets.Select(t => t.Id)) + ".",
                    ErrorKind.InvalidOperation);
            var asTarget = existing.FirstOrDefault(c => c.TargetMarkets.Contains(source.Id, StringComparer.OrdinalIgnoreCase));
            if (asTarget != null)
                throw new ListingPsException(ErrorIds.SourceIsTarget,
                    source.Id + " is a target of connection " + asTarget.ConnectionId + " (source " + asTarget.SourceMarket + "); a source market is never a target market, in this connection or any other.",
                    ErrorKind.InvalidOperation);
            CheckTargetsFree(targets, existing, null);

            // A second source (within the platform): another region than every other source's, and only when that region is linked.
            var otherSources = existing.Where(c => string.Equals(c.Platform, source.Platform, StringComparison.OrdinalIgnoreCase)).ToList();
            if (otherSources.Count > 0)
            {
                var sameRegion = otherSources.FirstOrDefault(c => string.Equals(c.Region, source.Region, StringComparison.OrdinalIgnoreCase));
                if (sameRegion != null)
                    throw new ListingPsException(ErrorIds.SecondSourceSameRegion,
                        source.Id + " is in region " + source.Region + ", like " + sameRegion.SourceMarket + ", the source of connection " + sameRegion.ConnectionId +
                        "; a second source market must be in another region. Add " + string.Join(", ", targets.Select(t => t.Id)) + " to " + sameRegion.ConnectionId + " instead (Add-MarketConnectionTarget).",
                        ErrorKind.InvalidOperation);
                var profile = _ws.GetSellerProfile();
                if (!profile.IsLinked(source.Region))
                    throw new ListingPsException(ErrorIds.RegionNotLinked,
                        source.Id + " would be a second source (" + otherSources[0].SourceMarket + " is the source of " + otherSources[0].ConnectionId + "); a second source is only possible when the account of its region, " +
                        source.Region + ", is linked. Link it first: Set-SellerProfile -LinkedRegion " + string.Join(",", profile.LinkedRegions.Concat(new[] { source.Region })) + ".",
                        ErrorKind.InvalidOperation);
            }
            CheckRates(source, targets);
            return new ConnectionPlan(source, targets, rules, null);
        }

        /// <summary>Checks adding targets to an existing connection; throws the first broken rule. Writes nothing.</summary>
        public ConnectionPlan PlanAddTargets(string connectionId, IReadOnlyList<string> targetMarkets, ConnectionRules? fileRules, TargetRules? overrides)
        {
            var connection = _ws.GetConnection(connectionId) ?? throw NotFound(connectionId);
            var source = _rules.GetMarket(connection.SourceMarket);
            var targets = Targets(targetMarkets);
            foreach (var t in targets)
            {
                if (string.Equals(t.Id, source.Id, StringComparison.OrdinalIgnoreCase))
                    throw new ListingPsException(ErrorIds.SourceIsTarget,
                        source.Id + " is the source of " + connection.ConnectionId + " and cannot be its target: a source market is never a target market.", ErrorKind.InvalidArgument);
                if (connection.TargetMarkets.Contains(t.Id, StringComparer.OrdinalIgnoreCase))
                    throw new ListingPsException(ErrorIds.TargetHasSource,
                        t.Id + " is already a target of " + connection.ConnectionId + "; Sync-MarketConnection -ConnectionId " + connection.ConnectionId + " evaluates it again.", ErrorKind.InvalidArgument);
            }
            CheckPlatform(source, targets);
            var existing = _ws.QueryConnections();
            CheckTargetsFree(targets, existing, connection.ConnectionId);
            CheckRates(source, targets);
            var rules = connection.Rules.WithTargets(targets.Select(t => t.Id), fileRules, overrides);
            return new ConnectionPlan(source, targets, rules, connection);
        }

        /// <summary>Without the seller's acknowledgement of the obligations on every target, nothing is created.</summary>
        public static void CheckObligations(ConnectionPlan plan, bool accepted)
        {
            if (accepted) return;
            throw new ListingPsException(ErrorIds.ObligationsNotAccepted,
                "Nothing was created: listing on " + string.Join(", ", plan.TargetMarkets) + " obliges you, as the seller there, to comply with each marketplace's laws, " +
                "product safety and labelling rules, taxes (VAT/sales tax), returns and customer service in the local language, and to review shipping settings " +
                "(self-fulfilled offers) or send inventory to its fulfilment centres (FBA offers). Review these obligations and run the command again with -AcceptObligations.",
                ErrorKind.InvalidOperation);
        }

        private List<MarketRule> Targets(IReadOnlyList<string> ids)
        {
            var list = new List<MarketRule>();
            foreach (var id in ids)
            {
                if (string.IsNullOrWhiteSpace(id)) continue;
                var m = _rules.GetMarket(id.Trim());
                if (!list.Any(x => string.Equals(x.Id, m.Id, StringComparison.OrdinalIgnoreCase))) list.Add(m);
            }
            if (list.Count == 0)
                throw new ListingPsException(ErrorIds.InvalidConnectionMarket, "A connection needs at least one target market.", ErrorKind.InvalidArgument);
            return list;
        }

        private void CheckPlatform(MarketRule source, IReadOnlyList<MarketRule> targets)
        {
            if (source.IsAllegro)
            {
                if (!source.IsBase)
                    throw new ListingPsException(ErrorIds.InvalidConnectionMarket,
                        source.Id + " cannot be the source of an Allegro connection: Allegro offers are listed on the base market (" + string.Join(", ", _rules.Markets.Where(m => m.IsBase).Select(m => m.Id)) + ") and shared from there.",
                        ErrorKind.InvalidArgument);
                foreach (var t in targets)
                    if (!string.Equals(t.ShareFrom, source.Id, StringComparison.OrdinalIgnoreCase))
                        throw new ListingPsException(ErrorIds.InvalidConnectionMarket,
                            t.Id + " cannot be a target of " + source.Id + ": " + (string.Equals(t.Platform, source.Platform, StringComparison.OrdinalIgnoreCase)
                                ? "it takes no offers shared from " + source.Id + "."
                                : "connections stay within a platform (" + source.Platform + " -> " + t.Platform + ")."),
                            ErrorKind.InvalidArgument);
                return;
            }
            foreach (var t in targets)
                if (!string.Equals(t.Platform, source.Platform, StringComparison.OrdinalIgnoreCase) || t.IsBase || !string.IsNullOrEmpty(t.ShareFrom))
                    throw new ListingPsException(ErrorIds.InvalidConnectionMarket,
                        t.Id + " cannot be a target of " + source.Id + ": connections stay within a platform (" + source.Platform + " -> " + t.Platform + ").",
                        ErrorKind.InvalidArgument);
        }

        private static void CheckTargetsFree(IReadOnlyList<MarketRule> targets, List<MarketConnection> existing, string? except)
        {
            foreach (var t in targets)
            {
                foreach (var c in existing)
                {
                    if (except != null && c.ConnectionId == except) continue;
                    if (string.Equals(c.SourceMarket, t.Id, StringComparison.OrdinalIgnoreCase))
                        throw new ListingPsException(ErrorIds.SourceIsTarget,
                            t.Id + " is the source of connection " + c.ConnectionId + "; a source market is never a target market, in this connection or any other.",
                            ErrorKind.InvalidOperation);
                    if (c.TargetMarkets.Contains(t.Id, StringComparer.OrdinalIgnoreCase))
                        throw new ListingPsException(ErrorIds.TargetHasSource,
                            t.Id + " already takes its offers from " + c.SourceMarket + " (connection " + c.ConnectionId + "); a target market has one source.",
                            ErrorKind.InvalidOperation);
                }
            }
        }

        private void CheckRates(MarketRule source, IReadOnlyList<MarketRule> targets)
        {
            _rules.GetCurrency(source.Currency);
            foreach (var t in targets)
            {
                _rules.GetCurrency(t.Currency);
                _shares.Pricer.ResolveRate(source.Currency, t.Currency);
            }
        }

        // ---- processing -----------------------------------------------------------------------------------------------

        /// <summary>Creates the connection and processes every offer of the source for every target, in one transaction.</summary>
        public MarketConnection Create(ConnectionPlan plan, bool obligationsAccepted, ProcessingOptions? options = null)
        {
            if (plan.Existing != null) throw new ArgumentException("The plan adds targets; use AddTargets.", nameof(plan));
            CheckObligations(plan, obligationsAccepted);
            MarketConnection? result = null;
            InTransaction(() =>
            {
                // Checked again under the write lock: another process may have connected the source or a target since the plan.
                PlanConnection(plan.Source.Id, plan.TargetMarkets, plan.Rules);
                var now = _clock();
                long number = _ws.NextConnectionNumber();
                var c = new MarketConnection
                {
                    ConnectionId = "C" + number.ToString("D3", CultureInfo.InvariantCulture),
                    SourceMarket = plan.Source.Id,
                    TargetMarkets = plan.TargetMarkets,
                    Platform = plan.Source.Platform,
                    Region = plan.Source.Region,
                    Rules = plan.Rules,
                    CreatedAt = now,
                    ObligationsAcceptedAt = now,
                };
                _ws.InsertConnection(c, number);
                for (int i = 0; i < plan.Targets.Count; i++) _ws.AddConnectionTarget(c.ConnectionId, plan.Targets[i].Id, i, now);
                c.Summary = ProcessTargets(c, plan.Source, plan.Targets, options);
                c.SyncedAt = _clock();
                _ws.UpdateConnection(c);
                FillTotals(c.ConnectionId, c.Summary);
                result = c;
            });
            LogRun("Created", result!);
            return result!;
        }

        /// <summary>Adds the plan's targets to its connection and processes the source's offers for them, in one transaction.</summary>
        public MarketConnection AddTargets(ConnectionPlan plan, bool obligationsAccepted, ProcessingOptions? options = null)
        {
            var c = plan.Existing ?? throw new ArgumentException("The plan creates a connection; use Create.", nameof(plan));
            CheckObligations(plan, obligationsAccepted);
            InTransaction(() =>
            {
                // Under the write lock: the connection as stored now (another process may have added targets or removed it).
                c = _ws.GetConnection(c.ConnectionId) ?? throw NotFound(c.ConnectionId);
                foreach (var t in plan.Targets)
                    if (c.TargetMarkets.Contains(t.Id, StringComparer.OrdinalIgnoreCase))
                        throw new ListingPsException(ErrorIds.TargetHasSource,
                            t.Id + " is already a target of " + c.ConnectionId + "; Sync-MarketConnection -ConnectionId " + c.ConnectionId + " evaluates it again.", ErrorKind.InvalidArgument);
                CheckTargetsFree(plan.Targets, _ws.QueryConnections(), c.ConnectionId);
                var now = _clock();
                int position = c.TargetMarkets.Count;
                foreach (var t in plan.Targets) _ws.AddConnectionTarget(c.ConnectionId, t.Id, position++, now);
                c.TargetMarkets = c.TargetMarkets.Concat(plan.TargetMarkets).ToList();
                c.Rules = plan.Rules;
                c.ObligationsAcceptedAt = now;
                c.Summary = ProcessTargets(c, plan.Source, plan.Targets, options);
                c.SyncedAt = _clock();
                _ws.UpdateConnection(c);
                FillTotals(c.ConnectionId, c.Summary);
            });
            LogRun("Added " + string.Join(", ", plan.TargetMarkets) + " to", c);
            return c;
        }

        /// <summary>
        /// Evaluates every source offer for every target again: new and changed offers, new prices, exchange rates (moves under
        /// 1% are skipped), catalogues and FBA inventory; hand-set prices are kept; target offers whose source offer left the
        /// assortment are removed. One transaction, rolled back when stopped.
        /// </summary>
        public MarketConnection Sync(string connectionId, ProcessingOptions? options = null)
        {
            var c = _ws.GetConnection(connectionId) ?? throw NotFound(connectionId);
            var source = _rules.GetMarket(c.SourceMarket);
            var targets = c.TargetMarkets.Select(t => _rules.GetMarket(t)).ToList();
            CheckRates(source, targets);
            InTransaction(() =>
            {
                // Under the write lock: the connection as stored now (another process may have added a target or removed it).
                c = _ws.GetConnection(connectionId) ?? throw NotFound(connectionId);
                targets = c.TargetMarkets.Select(t => _rules.GetMarket(t)).ToList();
                // The rules may have changed since the connection was made: its markets must still fit (an Allegro target
                // shares from the source, any other has no shareFrom), as each target is processed by its platform.
                CheckPlatform(source, targets);
                c.Summary = ProcessTargets(c, source, targets, options);
                c.SyncedAt = _clock();
                _ws.UpdateConnection(c);
                FillTotals(c.ConnectionId, c.Summary);
            });
            c.State = ConnectionState.Active;
            LogRun("Synchronized", c);
            return c;
        }

        /// <summary>
        /// Removes the connection: its Amazon target offers and its report rows go with it; on Allegro targets the offers it
        /// shared are withdrawn (their price is kept for a later Submit-Offer). One transaction.
        /// </summary>
        public MarketConnection Remove(string connectionId)
        {
            var c = GetConnection(connectionId);
            InTransaction(() =>
            {
                c = _ws.GetConnection(connectionId) ?? throw NotFound(connectionId);
                if (Platforms.IsAllegro(c.Platform))
                {
                    foreach (var row in Report(new ConnectionReportQuery { ConnectionIds = new[] { c.ConnectionId } }).ToList())
                    {
                        if (row.TargetOfferState != TargetOfferState.Active) continue;
                        var share = _ws.GetShare(row.TargetMarket, row.Sku, _shares.DeliveryNames);
                        if (share != null && share.State != ShareState.Withdrawn) _shares.Withdraw(row.Sku, row.TargetMarket);
                    }
                }
                _ws.DeleteConnection(c.ConnectionId);
            });
            _log.LogInformation("Removed connection {Id} ({Source} -> {Targets}).", c.ConnectionId, c.SourceMarket, string.Join(", ", c.TargetMarkets));
            return c;
        }

        /// <summary>Runs <paramref name="body"/> as the only content of one transaction: earlier pending writes are committed first, and anything thrown (a stop included) rolls it all back.</summary>
        /// <remarks>The transaction starts with the write lock (BEGIN IMMEDIATE, waiting out other writers), so that what the body
        /// reads is what it writes over: another process cannot change it in between.</remarks>
        private void InTransaction(Action body)
        {
            _ws.Commit();
            try
            {
                _ws.BeginWrite();
                body();
                _ws.RecordWritten();
                _ws.Commit();
            }
            catch
            {
                _ws.Rollback();
                throw;
            }
        }

        private void LogRun(string what, MarketConnection c) =>
            _log.LogInformation("{What} connection {Id} ({Source} -> {Targets}): {Summary}.", what, c.ConnectionId, c.SourceMarket, string.Join(", ", c.TargetMarkets), c.Summary);

        /// <summary>What one target needs while its offers are processed.</summary>
        private sealed class TargetContext
        {
            public TargetContext(MarketRule market, EffectiveTargetRules rules, CurrencyRule currency, RateInfo rate, bool hasCatalog, bool isAllegro)
            {
                Market = market; Rules = rules; Currency = currency; Rate = rate; HasCatalog = hasCatalog; IsAllegro = isAllegro;
            }
            public MarketRule Market { get; }
            public EffectiveTargetRules Rules { get; }
            public CurrencyRule Currency { get; }
            public RateInfo Rate { get; }
            public bool HasCatalog { get; }
            public bool IsAllegro { get; }
            public IReadOnlyCollection<string> Restricted => Market.Policy?.RestrictedProducts ?? (IReadOnlyCollection<string>)Array.Empty<string>();

            /// <summary>Reason parameters that depend only on the target and one offer value: made once per value, not per row.</summary>
            public IReadOnlyDictionary<string, string>? Cached(string key) => _reasonParameters.TryGetValue(key, out var p) ? p : null;

            public IReadOnlyDictionary<string, string> Remember(string key, IReadOnlyDictionary<string, string> p) => _reasonParameters[key] = p;
            private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _reasonParameters = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        }

        /// <summary>What one page of source offers has on one target: its report rows, its shares (Allegro) and FBA units (Amazon), each read once per page.</summary>
        private sealed class PageData
        {
            public PageData(DateTimeOffset now, Dictionary<string, ShareRecord>? shares, Dictionary<string, int>? fba)
            {
                Now = now; Shares = shares; Fba = fba;
            }
            public DateTimeOffset Now { get; }
            public Dictionary<string, ShareRecord>? Shares { get; }
            public Dictionary<string, int>? Fba { get; }
        }

        private TargetContext Context(MarketConnection c, MarketRule source, MarketRule target) =>
            new TargetContext(target, c.Rules.Resolve(target.Id), _rules.GetCurrency(target.Currency),
                _shares.Pricer.ResolveRate(source.Currency, target.Currency), _ws.HasCatalog(target.Id),
                target.IsAllegro);

        private ConnectionSummary ProcessTargets(MarketConnection c, MarketRule source, IReadOnlyList<MarketRule> targets, ProcessingOptions? options)
        {
            var summary = new ConnectionSummary();
            var contexts = targets.Select(t => Context(c, source, t)).ToList();
            long total = _ws.CountOffers(source.Id) * contexts.Count, done = 0;
            var stopping = options?.Stopping;
            var progress = options?.Progress;
            string? after = null;
            while (true)
            {
                var page = _ws.QueryOffers(new OfferQuery { Markets = new[] { source.Id }, AfterOfferId = after, Limit = PageSize });
                if (page.Count == 0) break;
                var last = page[page.Count - 1].OfferId;
                bool anyFba = false;
                foreach (var offer in page) if (offer.Fulfillment == FulfillmentMethod.FBA) { anyFba = true; break; }
                foreach (var t in contexts)
                {
                    var first = page[0].OfferId;
                    var existing = _ws.GetConnectionRows(t.Market.Id, first, last, source.Id);
                    var data = new PageData(_clock(),
                        t.IsAllegro ? _ws.GetSharesInRange(t.Market.Id, first, last, _shares.DeliveryNames) : null,
                        !t.IsAllegro && anyFba ? _ws.GetFbaQuantities(t.Market.Id, first, last) : null);
                    foreach (var offer in page)
                    {
                        if (stopping != null && stopping()) throw Stopped(c);
                        existing.TryGetValue(offer.OfferId, out var old);
                        var row = t.IsAllegro ? EvaluateAllegro(c, source, t, offer, old, summary, data) : EvaluateAmazon(c, source, t, offer, old, summary, data);
                        _ws.UpsertConnectionRow(row);
                        Count(summary, old, row);
                        done++;
                        progress?.Invoke(done, total, offer.OfferId);
                    }
                }
                after = last;
                if (page.Count < PageSize) break;
            }
            foreach (var t in contexts) RemoveOrphans(c, source, t, summary, stopping);
            return summary;
        }

        /// <summary>Rows whose source offer left the source's assortment: their target offers are removed (Disconnected, SourceRemoved); rows that never had one are dropped.</summary>
        private void RemoveOrphans(MarketConnection c, MarketRule source, TargetContext t, ConnectionSummary summary, Func<bool>? stopping)
        {
            string? after = null;
            while (true)
            {
                var orphans = _ws.RowsWithoutSource(c.ConnectionId, t.Market.Id, source.Id, after, PageSize);
                if (orphans.Count == 0) break;
                var now = _clock();
                foreach (var row in orphans)
                {
                    if (stopping != null && stopping()) throw Stopped(c);
                    if (row.TargetOfferState == TargetOfferState.None)
                    {
                        _ws.DeleteConnectionRow(row.TargetMarket, row.Sku);
                        continue;
                    }
                    if (t.IsAllegro)
                    {
                        var share = _ws.GetShare(t.Market.Id, row.Sku, _shares.DeliveryNames);
                        if (share != null && share.State != ShareState.Withdrawn) _shares.Withdraw(row.Sku, t.Market.Id);
                    }
                    row.Status = SyncStatus.Disconnected;
                    row.Reason = ConnectionReasons.SourceRemoved;
                    row.ReasonParameters = TextMap.Empty;
                    row.TargetOfferState = TargetOfferState.Removed;
                    row.Price = null;
                    row.PriceSource = TargetPriceSource.None;
                    row.SyncDate = now;
                    _ws.UpsertConnectionRow(row);
                    summary.Removed++;
                }
                after = orphans[orphans.Count - 1].Sku;
                if (orphans.Count < PageSize) break;
            }
        }

        private static bool HasOffer(ConnectionReportRow? row) =>
            row != null && (row.TargetOfferState == TargetOfferState.Active || row.TargetOfferState == TargetOfferState.Inactive);

        private static void Count(ConnectionSummary s, ConnectionReportRow? old, ConnectionReportRow row)
        {
            s.Evaluated++;
            bool had = HasOffer(old), has = HasOffer(row);
            if (!had && has) s.Created++;
            else if (had && (old!.Price != row.Price || old.TargetOfferState != row.TargetOfferState || old.Status != row.Status || old.Reason != row.Reason)) s.Updated++;
            else if (has) s.Unchanged++;
        }

        private static ConnectionReportRow NewRow(MarketConnection c, MarketRule source, TargetContext t, Offer offer, DateTimeOffset now) => new ConnectionReportRow
        {
            ConnectionId = c.ConnectionId,
            Sku = offer.OfferId,
            ProductId = offer.ProductId,
            SourceMarket = source.Id,
            TargetMarket = t.Market.Id,
            TargetPlatform = t.Market.Platform,
            Currency = t.Market.Currency,
            SourcePrice = offer.Price,
            SourceCurrency = source.Currency,
            Fulfillment = offer.Fulfillment,
            SyncDate = now,
        };

        /// <summary>Why the offer is not listed on the target, or null when it is eligible. Deliberate settings first, then the offer, then the target.</summary>
        private (string Code, IReadOnlyDictionary<string, string>? Parameters)? Ineligible(Offer offer, TargetContext t)
        {
            var r = t.Rules;
            if (r.IsExcluded(offer.OfferId)) return (ConnectionReasons.SkuExcluded, null);
            if (!r.AcceptsCondition(offer.Condition))
            {
                var key = ConditionKeys[(int)offer.Condition];
                return (ConnectionReasons.FilteredOut, t.Cached(key) ?? t.Remember(key,
                    Params(("setting", "condition"), ("value", offer.Condition.ToString()), ("filter", r.OfferCondition.ToString()),
                        ("parameter", "OfferCondition"), ("suggestion", nameof(ConnectionOfferCondition.NewAndUsed)))));
            }
            if (!r.AcceptsFulfillment(offer.Fulfillment))
            {
                var key = offer.Fulfillment == FulfillmentMethod.FBA ? "fulfillment FBA" : "fulfillment Merchant";
                return (ConnectionReasons.FilteredOut, t.Cached(key) ?? t.Remember(key,
                    Params(("setting", "fulfillment"), ("value", offer.Fulfillment.ToString()), ("filter", r.Fulfillment.ToString()),
                        ("parameter", "Fulfillment"), ("suggestion", nameof(FulfillmentFilter.All)))));
            }
            if (offer.Status != OfferStatus.Active)
                return (ConnectionReasons.SourceOfferInactive, InactiveParameters(t, offer.Status));
            if (!offer.Price.HasValue || offer.Price.Value <= 0) return (ConnectionReasons.NoSourcePrice, null);
            if (string.IsNullOrEmpty(offer.ProductId) || (t.HasCatalog && !_ws.CatalogContains(t.Market.Id, offer.ProductId!)))
                return (ConnectionReasons.NoDetailPage, null);
            if (t.Restricted.Count > 0 && Contains(t.Restricted, offer.ProductId!)) return (ConnectionReasons.RestrictedProduct, null);
            return null;
        }

        private static readonly string[] ConditionKeys = Enum.GetNames(typeof(OfferCondition)).Select(n => "condition " + n).ToArray();

        private static IReadOnlyDictionary<string, string> InactiveParameters(TargetContext t, OfferStatus status)
        {
            var key = StatusKeys[(int)status];
            return t.Cached(key) ?? t.Remember(key, Params(("offerStatus", status.ToString().ToLowerInvariant())));
        }

        private static readonly string[] StatusKeys = Enum.GetNames(typeof(OfferStatus)).Select(n => "status " + n).ToArray();

        private static bool Contains(IReadOnlyCollection<string> set, string value)
        {
            if (set is HashSet<string> h) return h.Contains(value);
            foreach (var s in set) if (string.Equals(s, value, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        private static IReadOnlyDictionary<string, string> Params(params (string Key, string Value)[] p)
        {
            var d = new Dictionary<string, string>(p.Length, StringComparer.Ordinal);
            foreach (var (k, v) in p) d[k] = v;
            return new TextMap(d);
        }

        /// <summary>The rate to price with: the one the target offer was priced with while the current rate is less than 1% away from it, else the current one.</summary>
        private static (decimal Rate, string? Source, bool Skipped) ChooseRate(ConnectionReportRow? old, TargetContext t)
        {
            var current = t.Rate;
            if (old != null && HasOffer(old) && old.PriceSource == TargetPriceSource.Rule && old.ExchangeRate.HasValue && old.ExchangeRate.Value > 0)
            {
                var kept = old.ExchangeRate.Value;
                if (Math.Abs(current.Rate - kept) / kept < RateMoveThreshold)
                    return (kept, old.RateSource, current.Rate != kept);
            }
            return (current.Rate, current.Source, false);
        }

        /// <summary>A target price by the connection's pricing rule: the rule for the offer's fulfilment, the rate it was converted with.</summary>
        private readonly struct RulePrice
        {
            public RulePrice(PricingRule rule, decimal price, decimal rate, string? rateSource)
            {
                Rule = rule; Price = price; Rate = rate; RateSource = rateSource;
            }
            public PricingRule Rule { get; }
            public decimal Price { get; }
            public decimal Rate { get; }
            public string? RateSource { get; }

            /// <summary>The row priced by the rule at <paramref name="price"/> (on Allegro the price the shared-offers flow kept).</summary>
            public void SetOn(ConnectionReportRow row, decimal? price)
            {
                row.Price = price;
                row.PriceSource = TargetPriceSource.Rule;
                row.PricingRule = Rule.ToString();
                row.ExchangeRate = Rate;
                row.RateSource = RateSource;
            }
        }

        /// <summary>
        /// The offer's target price by the connection's pricing rule at the chosen rate (the kept one while the current rate
        /// moved less than 1%, counted as a skipped move); null when the rule gives zero or less (NoSourcePrice). One for every
        /// platform: Amazon targets take the price as it is, Allegro targets submit it to the shared-offers flow.
        /// </summary>
        private static RulePrice? PriceByRule(Offer offer, ConnectionReportRow? old, TargetContext t, ConnectionSummary summary)
        {
            var rule = t.Rules.PricingFor(offer.Fulfillment);
            var (rate, rateSource, skipped) = ChooseRate(old, t);
            var price = rule.Price(offer.Price!.Value, rate, t.Currency);
            if (price <= 0) return null;
            if (skipped) summary.RateMovesSkipped++;
            return new RulePrice(rule, price, rate, rateSource);
        }

        private static void NotSynchronized(ConnectionReportRow row, ConnectionReportRow? old, (string Code, IReadOnlyDictionary<string, string>? Parameters) reason)
        {
            row.Status = SyncStatus.NotSynchronized;
            row.Reason = reason.Code;
            row.ReasonParameters = reason.Parameters ?? TextMap.Empty;
            if (HasOffer(old))
            {
                // The target offer stays, but no longer sells.
                row.TargetOfferState = TargetOfferState.Inactive;
                row.Price = old!.Price;
                row.PriceSource = old.PriceSource;
                row.PricingRule = old.PricingRule;
                row.ExchangeRate = old.ExchangeRate;
                row.RateSource = old.RateSource;
            }
        }

        private ConnectionReportRow EvaluateAmazon(MarketConnection c, MarketRule source, TargetContext t, Offer offer, ConnectionReportRow? old, ConnectionSummary summary, PageData? data)
        {
            var row = NewRow(c, source, t, offer, data?.Now ?? _clock());
            var reason = Ineligible(offer, t);
            if (reason != null)
            {
                NotSynchronized(row, old, reason.Value);
                return row;
            }
            if (HasOffer(old) && old!.PriceSource == TargetPriceSource.Manual && old.Price.HasValue)
            {
                row.Price = old.Price;
                row.PriceSource = TargetPriceSource.Manual;
                row.ExchangeRate = old.ExchangeRate;
                row.RateSource = old.RateSource;
                row.Reason = ConnectionReasons.ManualPrice;
                summary.ManualPricesKept++;
            }
            else
            {
                var priced = PriceByRule(offer, old, t, summary);
                if (priced == null)
                {
                    NotSynchronized(row, old, (ConnectionReasons.NoSourcePrice, null));
                    return row;
                }
                priced.Value.SetOn(row, priced.Value.Price);
            }
            row.Status = SyncStatus.Synchronized;
            row.TargetOfferState = TargetOfferState.Active;
            if (offer.Fulfillment == FulfillmentMethod.FBA && FbaQuantity(t, offer.OfferId, data) <= 0)
            {
                row.TargetOfferState = TargetOfferState.Inactive;
                row.Reason = ConnectionReasons.AwaitingFbaInventory;
            }
            return row;
        }

        private int FbaQuantity(TargetContext t, string sku, PageData? data)
        {
            if (data?.Fba == null) return _ws.GetFbaQuantity(t.Market.Id, sku);
            return data.Fba.TryGetValue(sku, out var n) ? n : 0;
        }

        private ConnectionReportRow EvaluateAllegro(MarketConnection c, MarketRule source, TargetContext t, Offer offer, ConnectionReportRow? old, ConnectionSummary summary, PageData data)
        {
            var row = NewRow(c, source, t, offer, data.Now);
            data.Shares!.TryGetValue(offer.OfferId, out var share);
            var reason = Ineligible(offer, t);
            if (reason != null)
            {
                NotSynchronized(row, old, reason.Value);
                // A share the connection made and keeps live is withdrawn (its price is kept).
                if (old != null && old.TargetOfferState == TargetOfferState.Active && share != null && share.State != ShareState.Withdrawn)
                    _shares.Withdraw(offer.OfferId, t.Market.Id);
                return row;
            }
            if (share != null && share.State == ShareState.Withdrawn && !(old != null && old.TargetOfferState == TargetOfferState.Inactive))
            {
                // Withdrawn by the seller (the connection withdraws only what it deactivates): no longer connected.
                row.Status = SyncStatus.Disconnected;
                row.Reason = ConnectionReasons.WithdrawnOnTarget;
                row.TargetOfferState = TargetOfferState.Inactive;
                row.Price = share.Price;
                row.PriceSource = share.PriceSource == PriceSource.None ? TargetPriceSource.None : TargetPriceSource.Manual;
                row.ExchangeRate = share.ExchangeRate;
                row.RateSource = share.RateSource;
                return row;
            }
            var expected = t.Market.KeepsBasePrice ? PriceSource.Converter : PriceSource.Manual;
            if (share != null && share.State != ShareState.Withdrawn && share.Price.HasValue)
            {
                bool handSet;
                if (!HasOffer(old)) handSet = share.PriceSource == PriceSource.Manual && !t.Market.KeepsBasePrice; // an own price from before the connection
                else if (old!.PriceSource == TargetPriceSource.Manual) handSet = true;
                else handSet = share.PriceSource != expected || (expected == PriceSource.Manual && share.Price != old.Price);
                if (handSet)
                {
                    row.Price = share.Price;
                    row.PriceSource = TargetPriceSource.Manual;
                    row.ExchangeRate = share.ExchangeRate;
                    row.RateSource = share.RateSource;
                    row.TargetOfferState = TargetOfferState.Active;
                    summary.ManualPricesKept++;
                    FromShare(row, share, ConnectionReasons.ManualPrice);
                    return row;
                }
            }
            var rulePrice = PriceByRule(offer, old, t, summary);
            if (rulePrice == null)
            {
                NotSynchronized(row, old, (ConnectionReasons.NoSourcePrice, null));
                return row;
            }
            var price = rulePrice.Value.Price;
            ShareRecord record;
            if (share != null && share.State != ShareState.Withdrawn && share.PriceSource == expected
                && (expected == PriceSource.Converter || share.Price == price) && share.BasePrice == offer.Price)
                record = share; // already shared at this price: the shared-offers flow keeps its verification current
            else
                // The offer and its share were read with the page, and the offer is unchanged: neither is read or written again.
                record = _shares.Submit(PreparedOffer.AsStored(_ws, offer, t.Market.Id, share), t.Market.Id, new SubmitOptions
                {
                    Price = t.Market.KeepsBasePrice ? (decimal?)null : price,
                });
            rulePrice.Value.SetOn(row, record.Price);
            row.TargetOfferState = TargetOfferState.Active;
            FromShare(row, record, "");
            return row;
        }

        /// <summary>The row's status from the shared-offers verification: approved is synchronized; refused is not, with the verification's first reason.</summary>
        private static void FromShare(ConnectionReportRow row, ShareRecord share, string noteWhenApproved)
        {
            switch (share.State)
            {
                case ShareState.Approved:
                    row.Status = SyncStatus.Synchronized;
                    row.Reason = noteWhenApproved;
                    break;
                case ShareState.Refused:
                    row.Status = SyncStatus.NotSynchronized;
                    row.Reason = share.Reasons.Count > 0 ? share.Reasons[0].Code : "";
                    row.ReasonParameters = share.Reasons.Count > 0 ? share.Reasons[0].Parameters : TextMap.Empty;
                    break;
                default:
                    row.Status = SyncStatus.NotSynchronized;
                    row.Reason = ConnectionReasons.SourceOfferInactive;
                    row.ReasonParameters = Params(("offerStatus", share.OfferStatus.ToString().ToLowerInvariant()));
                    break;
            }
        }

        /// <summary>Totals over the whole connection's rows: by status, and not-synchronized rows by reason.</summary>
        private void FillTotals(string connectionId, ConnectionSummary s) => FillTotals(s, _ws.CountConnectionRows(connectionId));

        private static void FillTotals(ConnectionSummary s, List<(SyncStatus Status, string Reason, long Count)> rows)
        {
            s.Synchronized = s.NotSynchronized = s.Disconnected = 0;
            var byReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (status, reason, count) in rows)
            {
                switch (status)
                {
                    case SyncStatus.Synchronized: s.Synchronized += count; break;
                    case SyncStatus.NotSynchronized:
                        s.NotSynchronized += count;
                        if (reason.Length > 0) byReason[reason] = (byReason.TryGetValue(reason, out var n) ? n : 0) + count;
                        break;
                    default: s.Disconnected += count; break;
                }
            }
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in byReason.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
                map[kv.Key] = kv.Value.ToString(CultureInfo.InvariantCulture);
            s.ByReason = map;
        }

        private static OperationCanceledException Stopped(MarketConnection c) =>
            new OperationCanceledException("Processing of connection " + c.ConnectionId + " was stopped; nothing it wrote was kept.");

        private static ListingPsException NotFound(string id) =>
            new ListingPsException(ErrorIds.ConnectionNotFound, "There is no connection '" + id + "' in the workspace (Get-MarketConnection lists them).", ErrorKind.ObjectNotFound);

        // ---- status report --------------------------------------------------------------------------------------------

        /// <summary>The status report: one row per source offer and target, streamed page by page in target and SKU order.</summary>
        public IEnumerable<ConnectionReportRow> Report(ConnectionReportQuery query)
        {
            var connections = new Dictionary<string, MarketConnection?>(StringComparer.Ordinal);
            MarketConnection? ConnectionOf(string id)
            {
                if (!connections.TryGetValue(id, out var c)) connections[id] = c = _ws.GetConnection(id);
                return c;
            }
            string SourceOf(string id) => ConnectionOf(id)?.SourceMarket ?? "";
            var q = new ConnectionReportQuery
            {
                ConnectionIds = query.ConnectionIds, TargetMarkets = query.TargetMarkets, Statuses = query.Statuses, Reasons = query.Reasons,
                Skus = query.Skus, After = query.After, Limit = PageSize,
            };
            long left = query.Limit ?? long.MaxValue;
            while (left > 0)
            {
                var page = _ws.QueryConnectionRows(q, SourceOf);
                foreach (var row in page)
                {
                    if (left-- <= 0) yield break;
                    row.TargetPlatform = TargetPlatform(row.TargetMarket, ConnectionOf(row.ConnectionId));
                    yield return row;
                }
                if (page.Count < PageSize) break;
                q.After = (page[page.Count - 1].TargetMarket, page[page.Count - 1].Sku);
            }
        }

        /// <summary>
        /// A target's platform: its market rule's; for a market these rules do not define, the platform the connection was made
        /// on (targets are on their connection's platform: <see cref="CheckPlatform"/>).
        /// </summary>
        private string TargetPlatform(string targetMarket, MarketConnection? connection) =>
            _rules.TryGetMarket(targetMarket, out var m) ? m.Platform : connection?.Platform ?? "";

        // ---- prices set by hand on targets ----------------------------------------------------------------------------

        /// <summary>
        /// Sets a target offer's price by hand (Sync never overwrites it and the report says so), or, with a null price, returns
        /// it to the connection's pricing rule. For connection targets that are not shared-offer markets (Amazon).
        /// </summary>
        public ConnectionReportRow SetTargetPrice(string market, string sku, decimal? price)
        {
            var m = _rules.GetMarket(market);
            var connectionId = _ws.ConnectionOfTarget(m.Id)
                ?? throw new ListingPsException(ErrorIds.OfferNotConnected,
                    m.Id + " is not a target of any market connection, so it has no target offers to price (Get-MarketConnection lists the connections).", ErrorKind.ObjectNotFound);
            var row = _ws.GetConnectionRow(m.Id, sku);
            if (row != null) row.TargetPlatform = m.Platform;
            if (row == null || !HasOffer(row))
                throw new ListingPsException(ErrorIds.OfferNotConnected,
                    "SKU '" + sku + "' has no target offer on " + m.Id + (row != null ? " (" + row.Status + (row.Reason.Length > 0 ? ": " + row.Reason : "") + ")" : "") +
                    "; Get-ConnectionReport -ConnectionId " + connectionId + " -Sku " + sku + " says why.", ErrorKind.ObjectNotFound);
            var currency = _rules.GetCurrency(m.Currency);
            if (price.HasValue)
            {
                if (price.Value <= 0)
                    throw new ListingPsException(ErrorIds.InvalidPrice,
                        string.Format(CultureInfo.InvariantCulture, "SKU '{0}': the {1} price must be greater than zero (got {2}).", sku, m.Currency, price.Value), ErrorKind.InvalidArgument);
                if (!MoneyRounding.IsOnStep(price.Value, currency))
                    throw new ListingPsException(ErrorIds.InvalidPricePrecision,
                        string.Format(CultureInfo.InvariantCulture, "SKU '{0}': {1} {2} is not a valid {2} price on {3}; {2} prices are whole multiples of {4}.", sku, price.Value, m.Currency, m.Id, currency.Step),
                        ErrorKind.InvalidArgument);
                row.Price = MoneyRounding.Normalize(price.Value, currency.Step);
                row.PriceSource = TargetPriceSource.Manual;
                row.PricingRule = "";
                if (row.Status == SyncStatus.Synchronized && row.Reason.Length == 0) row.Reason = ConnectionReasons.ManualPrice;
            }
            else
            {
                var c = _ws.GetConnection(connectionId)!;
                var source = _rules.GetMarket(c.SourceMarket);
                var offer = _ws.GetOffer(sku);
                if (offer == null || !string.Equals(offer.Market, source.Id, StringComparison.OrdinalIgnoreCase))
                    throw new ListingPsException(ErrorIds.OfferNotFound, "SKU '" + sku + "' is no longer an offer of " + source.Id + "; Sync-MarketConnection removes its target offer.", ErrorKind.ObjectNotFound);
                var ruled = new ConnectionReportRow
                {
                    ConnectionId = row.ConnectionId, Sku = row.Sku, TargetMarket = row.TargetMarket, Status = row.Status, TargetOfferState = row.TargetOfferState,
                    Price = row.Price, PriceSource = TargetPriceSource.Rule, ExchangeRate = null,
                };
                row = EvaluateAmazon(c, source, Context(c, source, m), offer, ruled, new ConnectionSummary(), null);
            }
            row.SyncDate = _clock();
            _ws.UpsertConnectionRow(row);
            _ws.RecordWritten();
            return row;
        }

        // ---- FBA inventory --------------------------------------------------------------------------------------------

        /// <summary>
        /// Records the units of a SKU in the market's fulfilment centres. An FBA target offer is inactive until its target has
        /// inventory: a quantity above zero activates it at once, zero deactivates it.
        /// </summary>
        public FbaInventoryRecord SetFbaInventory(string market, string sku, int quantity)
        {
            var m = _rules.GetMarket(market);
            if (!m.IsAmazon)
                throw new ListingPsException(ErrorIds.InvalidConnectionMarket, "FBA inventory is recorded for Amazon marketplaces; " + m.Id + " is on " + m.Platform + ".", ErrorKind.InvalidArgument);
            if (string.IsNullOrWhiteSpace(sku))
                throw new ListingPsException(ErrorIds.MissingOfferId, "A SKU is required to record FBA inventory.", ErrorKind.InvalidArgument);
            if (quantity < 0)
                throw new ListingPsException(ErrorIds.InvalidOfferField, "SKU '" + sku + "': the FBA quantity must be zero or more (got " + quantity.ToString(CultureInfo.InvariantCulture) + ").", ErrorKind.InvalidArgument);
            var now = _clock();
            sku = sku.Trim();
            _ws.SetFbaQuantity(m.Id, sku, quantity, now);
            var row = _ws.GetConnectionRow(m.Id, sku);
            if (row != null && row.Status == SyncStatus.Synchronized && row.Fulfillment == FulfillmentMethod.FBA && HasOffer(row))
            {
                if (quantity > 0 && row.TargetOfferState == TargetOfferState.Inactive)
                {
                    row.TargetOfferState = TargetOfferState.Active;
                    row.Reason = row.PriceSource == TargetPriceSource.Manual ? ConnectionReasons.ManualPrice : "";
                    row.SyncDate = now;
                    _ws.UpsertConnectionRow(row);
                }
                else if (quantity == 0 && row.TargetOfferState == TargetOfferState.Active)
                {
                    row.TargetOfferState = TargetOfferState.Inactive;
                    row.Reason = ConnectionReasons.AwaitingFbaInventory;
                    row.SyncDate = now;
                    _ws.UpsertConnectionRow(row);
                }
            }
            _ws.RecordWritten();
            return new FbaInventoryRecord { Market = m.Id, Sku = sku, Quantity = quantity, UpdatedAt = now, TargetOfferState = row?.TargetOfferState ?? TargetOfferState.None };
        }

        // ---- catalogues -----------------------------------------------------------------------------------------------

        /// <summary>Starts a catalogue import for the market (which from now on has a catalogue); <paramref name="replace"/> drops the products it held.</summary>
        public MarketRule BeginCatalog(string market, bool replace)
        {
            var m = _rules.GetMarket(market);
            _ws.BeginCatalog(m.Id, replace, _clock());
            return m;
        }

        /// <summary>Adds a product with a detail page in the market; false for a blank id.</summary>
        public bool AddCatalogProduct(string market, string? productId)
        {
            var id = productId?.Trim();
            if (string.IsNullOrEmpty(id)) return false;
            _ws.AddCatalogProduct(market, id!);
            _ws.RecordWritten();
            return true;
        }

        public long CountCatalog(string market) => _ws.CountCatalog(market);
    }
}
