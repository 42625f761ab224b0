using System;
using System.Linq;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Sharing;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Allegro connections (allegro-pl -> allegro-cz...) share every eligible offer with the connection's pricing rules through the shared-offers verification.</summary>
    public sealed class ConnectionAllegroTests : IDisposable
    {
        private readonly ConnectionFixture _f = new ConnectionFixture();

        public void Dispose() => _f.Dispose();

        private MarketConnection Connect()
        {
            var untranslated = ConnectionTestRules.Shareable("B", 100m);
            untranslated.Translations = Array.Empty<string>();
            var used = ConnectionTestRules.Shareable("D", 100m);
            used.Condition = OfferCondition.Used;
            _f.Add(ConnectionTestRules.Shareable("A", 100m), untranslated, ConnectionTestRules.Shareable("C", 100m), used, ConnectionTestRules.Shareable("E", 100m));
            return _f.Connect(ConnectionTestRules.Pl, new[] { ConnectionTestRules.Cz }, ConnectionFixture.RulesWith(PricingRuleKind.PercentAbove, 5m, null, null, "C"));
        }

        [Fact]
        public void Eligible_offers_are_shared_at_the_rule_price_and_verified()
        {
            var c = Connect();
            Assert.Equal("allegro", c.Platform);
            var a = _f.Row(ConnectionTestRules.Cz, "A");
            Assert.Equal(SyncStatus.Synchronized, a.Status);
            Assert.Equal(535m, a.Price);                       // 105 x 5.0942 = 534.891 -> whole crowns
            Assert.Equal("CZK", a.Currency);
            Assert.Equal("PercentAbove 5", a.PricingRule);
            var share = _f.Shares.Workspace.Shares.Get(ConnectionTestRules.Cz, "A")!;
            Assert.Equal(ShareState.Approved, share.State);
            Assert.Equal(535m, share.Price);

            var b = _f.Row(ConnectionTestRules.Cz, "B");                  // refused by the shared-offers verification
            Assert.Equal(SyncStatus.NotSynchronized, b.Status);
            Assert.Equal("VQR002_LANGUAGE_NOT_AVAILABLE", b.Reason);
            Assert.Contains("cs-CZ", b.Message);
            Assert.Contains("-AutoTranslate", b.NextStep);
            Assert.Equal(ShareState.Refused, _f.Workspace.Shares.Get(ConnectionTestRules.Cz, "B")!.State);

            Assert.Equal(ConnectionReasons.SkuExcluded, _f.Row(ConnectionTestRules.Cz, "C").Reason);
            Assert.Null(_f.Workspace.Shares.Get(ConnectionTestRules.Cz, "C"));    // not shared at all
            Assert.Equal(ConnectionReasons.FilteredOut, _f.Row(ConnectionTestRules.Cz, "D").Reason);
            Assert.Null(_f.Workspace.Shares.Get(ConnectionTestRules.Cz, "D"));
        }

        [Fact]
        public void Sync_refuses_a_target_the_edited_rules_no_longer_let_share_from_the_source()
        {
            // Each target is processed by its market's platform; rules edited after the connection was made that leave an
            // Allegro target without shareFrom are refused by name, not synchronized as if the target were another platform's.
            Connect();
            _f.Workspace.Commit();
            var edited = ConnectionTestRules.Build();
            edited.GetMarket(ConnectionTestRules.Cz).ShareFrom = null;
            var service = new ConnectionService(new ShareService(_f.Workspace, edited, clock: () => _f.Now), clock: () => _f.Now);
            var e = Assert.Throws<ListingPsException>(() => service.Sync("C001"));
            Assert.Equal(ErrorIds.InvalidConnectionMarket, e.ErrorId);
            Assert.Contains(ConnectionTestRules.Cz, e.Message);
            var a = _f.Row(ConnectionTestRules.Cz, "A");       // nothing changed
            Assert.Equal(SyncStatus.Synchronized, a.Status);
            Assert.Equal(535m, a.Price);
            Assert.Equal(ShareState.Approved, _f.Workspace.Shares.Get(ConnectionTestRules.Cz, "A")!.State);
        }

        [Fact]
        public void Sync_reprices_keeps_hand_set_prices_and_honours_withdrawals()
        {
            Connect();
            _f.Shares.SetPrice("A", ConnectionTestRules.Cz, PriceRequest.Own(540m));   // by hand (Set-OfferCzkPrice)
            _f.Shares.Withdraw("E", ConnectionTestRules.Cz);                           // by hand (Unpublish-Offer)
            _f.Workspace.Commit();
            var c = _f.Service.Sync("C001");
            var a = _f.Row(ConnectionTestRules.Cz, "A");
            Assert.Equal(540m, a.Price);
            Assert.Equal(TargetPriceSource.Manual, a.PriceSource);
            Assert.Equal(ConnectionReasons.ManualPrice, a.Reason);
            Assert.Equal(540m, _f.Workspace.Shares.Get(ConnectionTestRules.Cz, "A")!.Price);
            Assert.Equal(1, c.Summary.ManualPricesKept);
            var e = _f.Row(ConnectionTestRules.Cz, "E");
            Assert.Equal(SyncStatus.Disconnected, e.Status);
            Assert.Equal(ConnectionReasons.WithdrawnOnTarget, e.Reason);
            Assert.Equal(ShareState.Withdrawn, _f.Workspace.Shares.Get(ConnectionTestRules.Cz, "E")!.State);   // not shared again
        }

        [Fact]
        public void A_rule_priced_share_follows_the_source_price()
        {
            Connect();
            _f.Add(ConnectionTestRules.Shareable("E", 200m));
            _f.Service.Sync("C001");
            Assert.Equal(1070m, _f.Row(ConnectionTestRules.Cz, "E").Price);           // 210 x 5.0942 = 1069.782
            var share = _f.Workspace.Shares.Get(ConnectionTestRules.Cz, "E")!;
            Assert.Equal(1070m, share.Price);
            Assert.Equal(ShareState.Approved, share.State);
            Assert.Equal(TargetPriceSource.Rule, _f.Row(ConnectionTestRules.Cz, "E").PriceSource);
        }

        [Fact]
        public void Offers_that_stop_being_eligible_are_withdrawn_and_shared_again_when_they_qualify()
        {
            Connect();
            var used = ConnectionTestRules.Shareable("A", 100m);
            used.Condition = OfferCondition.Used;
            _f.Add(used);
            _f.Service.Sync("C001");
            Assert.Equal(ConnectionReasons.FilteredOut, _f.Row(ConnectionTestRules.Cz, "A").Reason);
            Assert.Equal(ShareState.Withdrawn, _f.Workspace.Shares.Get(ConnectionTestRules.Cz, "A")!.State);
            _f.Add(ConnectionTestRules.Shareable("A", 100m));
            _f.Service.Sync("C001");
            Assert.Equal(SyncStatus.Synchronized, _f.Row(ConnectionTestRules.Cz, "A").Status);
            Assert.Equal(ShareState.Approved, _f.Workspace.Shares.Get(ConnectionTestRules.Cz, "A")!.State);

            Assert.True(_f.Workspace.Offers.Delete("A"));
            _f.Service.Sync("C001");
            Assert.Equal(ConnectionReasons.SourceRemoved, _f.Row(ConnectionTestRules.Cz, "A").Reason);
        }

        [Fact]
        public void A_price_set_by_hand_before_the_connection_is_kept()
        {
            _f.Add(ConnectionTestRules.Shareable("P", 100m));
            _f.Shares.Submit(_f.Workspace.Offers.Get("P")!, ConnectionTestRules.Cz, new SubmitOptions { Price = 499m });
            _f.Workspace.Commit();
            _f.Connect(ConnectionTestRules.Pl, new[] { ConnectionTestRules.Cz }, ConnectionFixture.RulesWith(PricingRuleKind.AmountAbove, 10m));
            var p = _f.Row(ConnectionTestRules.Cz, "P");
            Assert.Equal(499m, p.Price);
            Assert.Equal(TargetPriceSource.Manual, p.PriceSource);
        }

        [Fact]
        public void Removing_an_allegro_connection_withdraws_what_it_shared()
        {
            Connect();
            _f.Service.Remove("C001");
            Assert.Equal(ShareState.Withdrawn, _f.Workspace.Shares.Get(ConnectionTestRules.Cz, "A")!.State);
            Assert.Equal(535m, _f.Workspace.Shares.Get(ConnectionTestRules.Cz, "A")!.Price);   // the price is kept
            Assert.Empty(_f.Rows());
        }
    }
}
