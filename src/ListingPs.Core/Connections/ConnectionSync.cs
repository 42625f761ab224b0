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

    /// <summary>
    /// Processing runs: creating a connection, adding targets, synchronizing, removing. Each run is one workspace transaction
    /// (rolled back when stopped or refused) that checks the plan again under the write lock and evaluates every source offer
    /// for every target with the evaluator of the target's platform (<see cref="EvaluatorFor"/>).
    /// </summary>
    internal sealed class ConnectionSync
    {
        private readonly WorkspaceStore _ws;
        private readonly RuleSet _rules;
        private readonly MarketPricer _pricer;
        private readonly ConnectionPlanner _planner;
        private readonly ConnectionReader _reader;
        private readonly ILogger _log;
        private readonly Func<DateTimeOffset> _clock;
        private readonly AllegroTargetEvaluator _allegro;
        private readonly AmazonTargetEvaluator _amazon;

        public ConnectionSync(ShareService shares, ConnectionPlanner planner, ConnectionReader reader, ILogger log, Func<DateTimeOffset> clock)
        {
            _ws = shares.Workspace;
            _rules = shares.Rules;
            _pricer = shares.Pricer;
            _planner = planner;
            _reader = reader;
            _log = log;
            _clock = clock;
            _allegro = new AllegroTargetEvaluator(shares);
            _amazon = new AmazonTargetEvaluator(_ws);
        }

        /// <summary>
        /// The evaluator of a platform's targets (a market's platform, or the one a connection was made on): Allegro's for
        /// allegro, Amazon's for every other. The one place a run decides how a target is processed.
        /// </summary>
        internal TargetEvaluator EvaluatorFor(string platform) => Platforms.IsAllegro(platform) ? (TargetEvaluator)_allegro : _amazon;

        /// <summary>Creates the connection and processes every offer of the source for every target, in one transaction.</summary>
        public MarketConnection Create(ConnectionPlan plan, bool obligationsAccepted, ProcessingOptions? options = null)
        {
            if (plan.Existing != null) throw new ArgumentException("The plan adds targets; use AddTargets.", nameof(plan));
            ConnectionPlanner.CheckObligations(plan, obligationsAccepted);
            MarketConnection? result = null;
            InTransaction(() =>
            {
                // Checked again under the write lock: another process may have connected the source or a target since the plan.
                _planner.PlanConnection(plan.Source.Id, plan.TargetMarkets, plan.Rules);
                var now = _clock();
                long number = _ws.Connections.NextNumber();
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
                _ws.Connections.Insert(c, number);
                for (int i = 0; i < plan.Targets.Count; i++) _ws.Connections.AddTarget(c.ConnectionId, plan.Targets[i].Id, i, now);
                c.Summary = ProcessTargets(c, plan.Source, plan.Targets, options);
                c.SyncedAt = _clock();
                _ws.Connections.Update(c);
                _reader.FillTotals(c.ConnectionId, c.Summary);
                result = c;
            });
            LogRun("Created", result!);
            return result!;
        }

        /// <summary>Adds the plan's targets to its connection and processes the source's offers for them, in one transaction.</summary>
        public MarketConnection AddTargets(ConnectionPlan plan, bool obligationsAccepted, ProcessingOptions? options = null)
        {
            var c = plan.Existing ?? throw new ArgumentException("The plan creates a connection; use Create.", nameof(plan));
            ConnectionPlanner.CheckObligations(plan, obligationsAccepted);
            InTransaction(() =>
            {
                // Under the write lock: the connection as stored now (another process may have added targets or removed it).
                c = _ws.Connections.Get(c.ConnectionId) ?? throw ConnectionReader.NotFound(c.ConnectionId);
                foreach (var t in plan.Targets)
                    if (c.TargetMarkets.Contains(t.Id, StringComparer.OrdinalIgnoreCase))
                        throw new ListingPsException(ErrorIds.TargetHasSource,
                            t.Id + " is already a target of " + c.ConnectionId + "; Sync-MarketConnection -ConnectionId " + c.ConnectionId + " evaluates it again.", ErrorKind.InvalidArgument);
                ConnectionPlanner.CheckTargetsFree(plan.Targets, _ws.Connections.Query(), c.ConnectionId);
                var now = _clock();
                int position = c.TargetMarkets.Count;
                foreach (var t in plan.Targets) _ws.Connections.AddTarget(c.ConnectionId, t.Id, position++, now);
                c.TargetMarkets = c.TargetMarkets.Concat(plan.TargetMarkets).ToList();
                c.Rules = plan.Rules;
                c.ObligationsAcceptedAt = now;
                c.Summary = ProcessTargets(c, plan.Source, plan.Targets, options);
                c.SyncedAt = _clock();
                _ws.Connections.Update(c);
                _reader.FillTotals(c.ConnectionId, c.Summary);
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
            var c = _ws.Connections.Get(connectionId) ?? throw ConnectionReader.NotFound(connectionId);
            var source = _rules.GetMarket(c.SourceMarket);
            var targets = c.TargetMarkets.Select(t => _rules.GetMarket(t)).ToList();
            _planner.CheckRates(source, targets);
            InTransaction(() =>
            {
                // Under the write lock: the connection as stored now (another process may have added a target or removed it).
                c = _ws.Connections.Get(connectionId) ?? throw ConnectionReader.NotFound(connectionId);
                targets = c.TargetMarkets.Select(t => _rules.GetMarket(t)).ToList();
                // The rules may have changed since the connection was made: its markets must still fit (an Allegro target
                // shares from the source, any other has no shareFrom), as each target is processed by its platform.
                _planner.CheckPlatform(source, targets);
                c.Summary = ProcessTargets(c, source, targets, options);
                c.SyncedAt = _clock();
                _ws.Connections.Update(c);
                _reader.FillTotals(c.ConnectionId, c.Summary);
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
            var c = _reader.GetConnection(connectionId);
            InTransaction(() =>
            {
                c = _ws.Connections.Get(connectionId) ?? throw ConnectionReader.NotFound(connectionId);
                var evaluator = EvaluatorFor(c.Platform);
                if (evaluator.TargetOffersAreShares)
                {
                    foreach (var row in _reader.Report(new ConnectionReportQuery { ConnectionIds = new[] { c.ConnectionId } }).ToList())
                        if (row.TargetOfferState == TargetOfferState.Active) evaluator.Disconnect(row.TargetMarket, row.Sku);
                }
                _ws.Connections.Delete(c.ConnectionId);
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

        /// <summary>What the target needs while the connection's offers are processed for it, with the evaluator of its platform.</summary>
        internal TargetContext ContextOf(MarketConnection c, MarketRule source, MarketRule target) =>
            new TargetContext(target, c.Rules.Resolve(target.Id), _rules.GetCurrency(target.Currency),
                _pricer.ResolveRate(source.Currency, target.Currency), _ws.Catalogs.Has(target.Id),
                EvaluatorFor(target.Platform));

        private ConnectionSummary ProcessTargets(MarketConnection c, MarketRule source, IReadOnlyList<MarketRule> targets, ProcessingOptions? options)
        {
            var summary = new ConnectionSummary();
            var contexts = targets.Select(t => ContextOf(c, source, t)).ToList();
            long total = _ws.Offers.Count(source.Id) * contexts.Count, done = 0;
            var stopping = options?.Stopping;
            var progress = options?.Progress;
            string? after = null;
            while (true)
            {
                var page = _ws.Offers.Query(new OfferQuery { Markets = new[] { source.Id }, AfterOfferId = after, Limit = ConnectionService.PageSize });
                if (page.Count == 0) break;
                var last = page[page.Count - 1].OfferId;
                bool anyFba = false;
                foreach (var offer in page) if (offer.Fulfillment == FulfillmentMethod.FBA) { anyFba = true; break; }
                foreach (var t in contexts)
                {
                    var first = page[0].OfferId;
                    var existing = _ws.Connections.GetRows(t.Market.Id, first, last, source.Id);
                    var data = t.Evaluator.ReadPage(t, first, last, anyFba, _clock());
                    foreach (var offer in page)
                    {
                        if (stopping != null && stopping()) throw Stopped(c);
                        existing.TryGetValue(offer.OfferId, out var old);
                        var row = t.Evaluator.Evaluate(c, source, t, offer, old, summary, data);
                        _ws.Connections.UpsertRow(row);
                        Count(summary, old, row);
                        done++;
                        progress?.Invoke(done, total, offer.OfferId);
                    }
                }
                after = last;
                if (page.Count < ConnectionService.PageSize) break;
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
                var orphans = _ws.Connections.RowsWithoutSource(c.ConnectionId, t.Market.Id, source.Id, after, ConnectionService.PageSize);
                if (orphans.Count == 0) break;
                var now = _clock();
                foreach (var row in orphans)
                {
                    if (stopping != null && stopping()) throw Stopped(c);
                    if (row.TargetOfferState == TargetOfferState.None)
                    {
                        _ws.Connections.DeleteRow(row.TargetMarket, row.Sku);
                        continue;
                    }
                    t.Evaluator.Disconnect(t.Market.Id, row.Sku);
                    row.Status = SyncStatus.Disconnected;
                    row.Reason = ConnectionReasons.SourceRemoved;
                    row.ReasonParameters = TextMap.Empty;
                    row.TargetOfferState = TargetOfferState.Removed;
                    row.Price = null;
                    row.PriceSource = TargetPriceSource.None;
                    row.SyncDate = now;
                    _ws.Connections.UpsertRow(row);
                    summary.Removed++;
                }
                after = orphans[orphans.Count - 1].Sku;
                if (orphans.Count < ConnectionService.PageSize) break;
            }
        }

        private static void Count(ConnectionSummary s, ConnectionReportRow? old, ConnectionReportRow row)
        {
            s.Evaluated++;
            bool had = TargetEvaluator.HasOffer(old), has = TargetEvaluator.HasOffer(row);
            if (!had && has) s.Created++;
            else if (had && (old!.Price != row.Price || old.TargetOfferState != row.TargetOfferState || old.Status != row.Status || old.Reason != row.Reason)) s.Updated++;
            else if (has) s.Unchanged++;
        }

        private static OperationCanceledException Stopped(MarketConnection c) =>
            new OperationCanceledException("Processing of connection " + c.ConnectionId + " was stopped; nothing it wrote was kept.");
    }
}
