using System;
using System.Collections.Generic;
using System.Linq;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;
using Xunit;
using static ListingPs.Core.Tests.ConnectionTestRules;

namespace ListingPs.Core.Tests
{
    /// <summary>Sync after price, rate and assortment changes; hand-set prices; stopping leaves nothing half made.</summary>
    public sealed class ConnectionSyncTests : IDisposable
    {
        private readonly ConnectionFixture _f = new ConnectionFixture();

        public void Dispose() => _f.Dispose();

        private MarketConnection Connect(params Offer[] offers)
        {
            _f.Add(offers);
            return _f.Connect(Us, new[] { Ca, Jp }, ConnectionFixture.RulesWith(PricingRuleKind.AmountAbove, 1m));
        }

        [Fact]
        public void A_source_price_change_reprices_the_target_offers()
        {
            Connect(Offer("P1", 10m), Offer("P2", 20m));
            Assert.Equal(12.39m, _f.Row(Ca, "P1").Price);
            _f.Now = _f.Now.AddHours(1);
            _f.Add(Offer("P1", 15m));
            Assert.Equal(ConnectionState.SyncDue, _f.Service.GetConnection("C001").State);
            var c = _f.Service.Sync("C001");
            Assert.Equal(18.02m, _f.Row(Ca, "P1").Price);      // 16 x 1.1262 = 18.0192
            Assert.Equal(2401m, _f.Row(Jp, "P1").Price);       // 16 x 150.05 = 2400.8
            Assert.Equal(_f.Now, _f.Row(Ca, "P1").SyncDate);
            Assert.Equal(2, c.Summary.Updated);
            Assert.Equal(2, c.Summary.Unchanged);
            Assert.Equal(0, c.Summary.Created);
            Assert.Equal(4, c.Summary.Synchronized);
        }

        [Fact]
        public void Rate_moves_under_one_percent_are_skipped_and_larger_ones_reprice()
        {
            Connect(Offer("R1", 10m));
            _f.SetRate("USD", "CAD", 1.1300m);                 // +0.34 %: skipped
            var small = _f.Service.Sync("C001");
            var r1 = _f.Row(Ca, "R1");
            Assert.Equal(12.39m, r1.Price);
            Assert.Equal(1.1262m, r1.ExchangeRate);
            Assert.Equal("ECB 2024-03-01", r1.RateSource);
            Assert.Equal(1, small.Summary.RateMovesSkipped);
            Assert.Equal(0, small.Summary.Updated);

            _f.SetRate("USD", "CAD", 1.1380m);                 // +1.05 % from the rate the offer was priced with
            var large = _f.Service.Sync("C001");
            r1 = _f.Row(Ca, "R1");
            Assert.Equal(12.52m, r1.Price);                    // 11 x 1.138 = 12.518
            Assert.Equal(1.1380m, r1.ExchangeRate);
            Assert.StartsWith("Manual ", r1.RateSource);
            Assert.Equal(1, large.Summary.Updated);
            Assert.Equal(0, large.Summary.RateMovesSkipped);

            // A price change within the same small band is priced with the offer's rate, not the new one.
            _f.SetRate("USD", "CAD", 1.1390m);
            _f.Add(Offer("R1", 20m));
            _f.Service.Sync("C001");
            Assert.Equal(23.90m, _f.Row(Ca, "R1").Price);     // 21 x 1.138 = 23.898
        }

        [Fact]
        public void A_rate_move_of_exactly_one_percent_reprices()
        {
            Connect(Offer("E1", 100m));
            _f.SetRate("USD", "CAD", 1.137462m);               // 1.1262 x 1.01
            _f.Service.Sync("C001");
            Assert.Equal(1.137462m, _f.Row(Ca, "E1").ExchangeRate);
            Assert.Equal(114.88m, _f.Row(Ca, "E1").Price);     // 101 x 1.137462 = 114.883662
        }

        [Fact]
        public void A_hand_set_price_is_never_overwritten_and_the_report_says_so()
        {
            Connect(Offer("H1", 10m), Offer("H2", 10m));
            var set = _f.Service.SetTargetPrice(Ca, "H1", 14.99m);
            Assert.Equal(TargetPriceSource.Manual, set.PriceSource);
            Assert.Equal(ConnectionReasons.ManualPrice, set.Reason);
            Assert.Contains("set by hand", set.Message);
            Assert.Contains("-UseConverter", set.NextStep);

            _f.Add(Offer("H1", 30m), Offer("H2", 30m));
            _f.SetRate("USD", "CAD", 1.3000m);
            var c = _f.Service.Sync("C001");
            var h1 = _f.Row(Ca, "H1");
            Assert.Equal(14.99m, h1.Price);
            Assert.Equal(TargetPriceSource.Manual, h1.PriceSource);
            Assert.Equal(SyncStatus.Synchronized, h1.Status);
            Assert.Equal(ConnectionReasons.ManualPrice, h1.Reason);
            Assert.Equal(40.30m, _f.Row(Ca, "H2").Price);      // 31 x 1.3
            Assert.Equal(4652m, _f.Row(Jp, "H1").Price);       // a hand-set price is per target: amazon-jp follows the rule, 31 x 150.05 = 4651.55
            Assert.Equal(1, c.Summary.ManualPricesKept);

            var back = _f.Service.SetTargetPrice(Ca, "H1", null);   // back to the connection's rule
            Assert.Equal(TargetPriceSource.Rule, back.PriceSource);
            Assert.Equal(40.30m, back.Price);
            Assert.Equal("", back.Reason);
        }

        [Fact]
        public void Hand_set_prices_must_fit_the_currency_and_need_a_target_offer()
        {
            Connect(Offer("V1", 10m), Offer("V2", 10m, status: OfferStatus.Inactive));
            Assert.Equal(ErrorIds.InvalidPricePrecision, Assert.Throws<ListingPsException>(() => _f.Service.SetTargetPrice(Jp, "V1", 1500.5m)).ErrorId);
            Assert.Equal(ErrorIds.InvalidPrice, Assert.Throws<ListingPsException>(() => _f.Service.SetTargetPrice(Ca, "V1", 0m)).ErrorId);
            var e = Assert.Throws<ListingPsException>(() => _f.Service.SetTargetPrice(Ca, "V2", 12m));
            Assert.Equal(ErrorIds.OfferNotConnected, e.ErrorId);
            Assert.Contains("SourceOfferInactive", e.Message);
            Assert.Equal(ErrorIds.OfferNotConnected, Assert.Throws<ListingPsException>(() => _f.Service.SetTargetPrice(Mx, "V1", 12m)).ErrorId);
            Assert.Equal(12.39m, _f.Row(Ca, "V1").Price);      // unchanged: 11 x 1.1262 = 12.3882
        }

        [Fact]
        public void Target_offers_whose_source_left_are_removed_and_come_back_with_it()
        {
            Connect(Offer("L1", 10m), Offer("L2", 10m), Offer("L3", 10m, status: OfferStatus.Inactive));
            Assert.True(_f.Workspace.Offers.Delete("L1"));
            Assert.True(_f.Workspace.Offers.Delete("L3"));
            _f.Workspace.Commit();
            Assert.Equal(ConnectionState.SyncDue, _f.Service.GetConnection("C001").State);
            var c = _f.Service.Sync("C001");
            var l1 = _f.Row(Ca, "L1");
            Assert.Equal(SyncStatus.Disconnected, l1.Status);
            Assert.Equal(ConnectionReasons.SourceRemoved, l1.Reason);
            Assert.Equal(TargetOfferState.Removed, l1.TargetOfferState);
            Assert.Null(l1.Price);
            Assert.Contains("left the amazon-us assortment", l1.Message);
            Assert.Equal(2, c.Summary.Removed);                // L1 on amazon-ca and amazon-jp
            Assert.Equal(2, c.Summary.Disconnected);
            // L3 never had a target offer: its rows are dropped with it.
            Assert.Empty(_f.Service.Report(new ConnectionReportQuery { Skus = new[] { "L3" } }));
            // A second sync removes nothing more.
            Assert.Equal(0, _f.Service.Sync("C001").Summary.Removed);

            _f.Add(Offer("L1", 10m));
            var back = _f.Service.Sync("C001");
            Assert.Equal(SyncStatus.Synchronized, _f.Row(Ca, "L1").Status);
            Assert.Equal(12.39m, _f.Row(Ca, "L1").Price);
            Assert.Equal(2, back.Summary.Created);
        }

        [Fact]
        public void New_source_offers_get_target_offers_on_sync_and_ineligible_ones_are_deactivated()
        {
            Connect(Offer("N1", 10m));
            _f.Add(Offer("N2", 10m), Offer("N1", 10m, status: OfferStatus.Inactive));
            var c = _f.Service.Sync("C001");
            Assert.Equal(2, c.Summary.Created);
            Assert.Equal(SyncStatus.Synchronized, _f.Row(Ca, "N2").Status);
            var n1 = _f.Row(Ca, "N1");
            Assert.Equal(SyncStatus.NotSynchronized, n1.Status);
            Assert.Equal(ConnectionReasons.SourceOfferInactive, n1.Reason);
            Assert.Equal(TargetOfferState.Inactive, n1.TargetOfferState);   // the target offer stays, unsold
            Assert.Equal(12.39m, n1.Price);
        }

        [Fact]
        public void Stopping_creation_leaves_no_connection_and_no_rows()
        {
            var offers = Enumerable.Range(1, 2500).Select(i => Offer("S" + i.ToString("D5"), 10m)).ToArray();
            _f.Add(offers);
            long seen = 0;
            var progress = new List<long>();
            var options = new ProcessingOptions
            {
                Stopping = () => ++seen > 3000,
                Progress = (done, total, sku) => { if (done == 1) progress.Add(total); },
            };
            Assert.Throws<OperationCanceledException>(() => _f.Connect(Us, new[] { Ca, Jp }, null, options));
            Assert.Equal(new long[] { 5000 }, progress);
            Assert.Empty(_f.Workspace.Connections.Query());
            Assert.Empty(_f.Rows());
            Assert.Equal(2500, _f.Workspace.Offers.Count(Us));   // the assortment is untouched
            // The next attempt starts from nothing.
            var c = _f.Connect(Us, new[] { Ca });
            Assert.Equal("C001", c.ConnectionId);
            Assert.Equal(2500, c.Summary.Created);
        }

        [Fact]
        public void Stopping_a_sync_keeps_the_connection_as_it_was()
        {
            Connect(Offer("T1", 10m), Offer("T2", 10m));
            _f.Add(Offer("T1", 50m), Offer("T2", 50m));
            int polls = 0;
            Assert.Throws<OperationCanceledException>(() => _f.Service.Sync("C001", new ProcessingOptions { Stopping = () => ++polls > 2 }));
            Assert.Equal(12.39m, _f.Row(Ca, "T1").Price);
            Assert.Equal(12.39m, _f.Row(Ca, "T2").Price);
            Assert.Equal(ConnectionTestRules.Now, _f.Service.GetConnection("C001").SyncedAt);
        }

        [Fact]
        public void Remove_deletes_the_connection_with_its_target_offers()
        {
            Connect(Offer("X1", 10m));
            var removed = _f.Service.Remove("C001");
            Assert.Equal(Us, removed.SourceMarket);
            Assert.Empty(_f.Workspace.Connections.Query());
            Assert.Empty(_f.Rows());
            Assert.Equal(ErrorIds.ConnectionNotFound, Assert.Throws<ListingPsException>(() => _f.Service.Remove("C001")).ErrorId);
            // The source and its targets are free again; connection ids are never reused.
            var again = _f.Connect(Us, new[] { Ca });
            Assert.Equal("C002", again.ConnectionId);
            Assert.Equal(1, again.Summary.Created);
        }

        [Fact]
        public void GetConnections_reports_each_id_not_in_the_workspace_and_still_gives_the_others()
        {
            Connect(Offer("G1", 10m));
            var missing = new List<(string Id, ListingPsException Error)>();
            var found = _f.Service.GetConnections(new[] { "C404", "C001", "X*", "C405" }, null, null, (id, ex) => missing.Add((id, ex))).ToList();
            Assert.Equal(new[] { "C001" }, found.Select(c => c.ConnectionId));
            Assert.Equal(new[] { "C404", "C405" }, missing.Select(m => m.Id));
            Assert.All(missing, m => Assert.Equal(ErrorIds.ConnectionNotFound, m.Error.ErrorId));
            Assert.All(missing, m => Assert.Equal(ErrorKind.ObjectNotFound, m.Error.Kind));
            Assert.Contains("'C404'", missing[0].Error.Message);
            // A connection the source filter leaves out is still in the workspace: nothing found, and no error.
            missing.Clear();
            Assert.Empty(_f.Service.GetConnections(new[] { "C001" }, Uk, null, (id, ex) => missing.Add((id, ex))));
            Assert.Empty(missing);
        }
    }
}
