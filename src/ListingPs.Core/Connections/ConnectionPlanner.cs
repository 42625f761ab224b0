using System;
using System.Collections.Generic;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Workspace;

namespace ListingPs.Core.Connections
{
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
    /// Plans connections: checks a new connection, or targets added to one, against every rule (one source per target,
    /// never a source as a target, a second source only in another, linked region, targets on the source's platform, a rate
    /// to every target's currency) and throws the first broken one, naming it. Writes nothing; the processing runs check
    /// again under the write lock.
    /// </summary>
    internal sealed class ConnectionPlanner
    {
        private readonly WorkspaceStore _ws;
        private readonly RuleSet _rules;
        private readonly MarketPricer _pricer;

        public ConnectionPlanner(WorkspaceStore workspace, RuleSet rules, MarketPricer pricer)
        {
            _ws = workspace; _rules = rules; _pricer = pricer;
        }

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

            var existing = _ws.Connections.Query();
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
                var profile = _ws.SellerProfile.Get();
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
            var connection = _ws.Connections.Get(connectionId) ?? throw ConnectionReader.NotFound(connectionId);
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
            var existing = _ws.Connections.Query();
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

        /// <summary>
        /// The targets fit the source's platform: an Allegro source is a base market and its targets share from it; any other
        /// source's targets are on its platform and take no shared offers.
        /// </summary>
        internal void CheckPlatform(MarketRule source, IReadOnlyList<MarketRule> targets)
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

        /// <summary>No target is a source, or a target of another connection than <paramref name="except"/>.</summary>
        internal static void CheckTargetsFree(IReadOnlyList<MarketRule> targets, List<MarketConnection> existing, string? except)
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

        /// <summary>Every currency is defined and every target's currency has a rate from the source's.</summary>
        internal void CheckRates(MarketRule source, IReadOnlyList<MarketRule> targets)
        {
            _rules.GetCurrency(source.Currency);
            foreach (var t in targets)
            {
                _rules.GetCurrency(t.Currency);
                _pricer.ResolveRate(source.Currency, t.Currency);
            }
        }
    }
}
