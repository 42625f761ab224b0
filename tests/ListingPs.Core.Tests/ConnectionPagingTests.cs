using System;
using System.Linq;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;
using Xunit;
using static ListingPs.Core.Tests.ConnectionTestRules;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// Processing reads what a page of source offers needs on a target (report rows, shares, FBA units) once per page: the
    /// values must land on the right offers on every page, not only the first, and the totals and SyncDue must agree with
    /// the rows over several pages.
    /// </summary>
    public sealed class ConnectionPagingTests : IDisposable
    {
        private readonly ConnectionFixture _f = new ConnectionFixture();

        public void Dispose() => _f.Dispose();

        private const int Offers = 2 * ConnectionService.PageSize + 345; // three pages

        private static string Sku(int i) => "P" + i.ToString("D5");

        [Fact]
        public void Fba_units_are_found_for_offers_on_every_page()
        {
            _f.Add(Enumerable.Range(0, Offers).Select(i => Offer(Sku(i), 10m, fulfillment: i % 2 == 0 ? FulfillmentMethod.FBA : FulfillmentMethod.Merchant)).ToArray());
            // Units on Ca for a few FBA offers spread over the pages, and for one merchant offer (which needs none).
            var stocked = new[] { 0, 998, 1000, 1998, 2000, 2344 };
            foreach (var i in stocked) _f.Service.SetFbaInventory(Ca, Sku(i), 3);
            _f.Service.SetFbaInventory(Ca, Sku(1001), 5);
            _f.Workspace.Commit();

            var c = _f.Connect(Us, new[] { Ca, Mx });
            Assert.Equal(2L * Offers, c.Summary.Evaluated);
            for (int i = 0; i < Offers; i += 1)
            {
                var row = _f.Row(Ca, Sku(i));
                var fba = i % 2 == 0;
                bool active = !fba || stocked.Contains(i);
                Assert.True(active == (row.TargetOfferState == TargetOfferState.Active), Sku(i) + " on " + Ca + ": " + row.TargetOfferState);
                Assert.Equal(active ? "" : ConnectionReasons.AwaitingFbaInventory, row.Reason);
                // No units on Mx at all: every FBA offer there waits for inventory.
                if (i % 250 == 0) Assert.Equal(fba ? TargetOfferState.Inactive : TargetOfferState.Active, _f.Row(Mx, Sku(i)).TargetOfferState);
            }
            Assert.Equal(2L * Offers, c.Summary.Synchronized);
            Assert.Equal(ConnectionState.Active, _f.Service.GetConnection(c.ConnectionId).State);
        }

        [Fact]
        public void Existing_shares_are_found_for_offers_on_every_page()
        {
            _f.Add(Enumerable.Range(0, Offers).Select(i => Shareable(Sku(i), 100m)).ToArray());
            // Priced by hand before the connection (kept), and withdrawn by hand (disconnected), on the first and the later pages.
            var handPriced = new[] { 1, 999, 1000, 2344 };
            var withdrawn = new[] { 2, 1500 };
            foreach (var i in handPriced.Concat(withdrawn)) _f.Shares.Submit(_f.Workspace.Offers.Get(Sku(i))!, Cz, new SubmitOptions { Price = 600m });
            foreach (var i in withdrawn) _f.Shares.Withdraw(Sku(i), Cz);
            _f.Workspace.Commit();

            var c = _f.Connect(Pl, new[] { Cz });
            for (int i = 0; i < Offers; i++)
            {
                var row = _f.Row(Cz, Sku(i));
                if (handPriced.Contains(i))
                {
                    Assert.Equal(600m, row.Price);
                    Assert.Equal(TargetPriceSource.Manual, row.PriceSource);
                    Assert.Equal(ConnectionReasons.ManualPrice, row.Reason);
                }
                else if (withdrawn.Contains(i))
                {
                    Assert.Equal(SyncStatus.Disconnected, row.Status);
                    Assert.Equal(ConnectionReasons.WithdrawnOnTarget, row.Reason);
                }
                else
                {
                    Assert.Equal(509m, row.Price); // 100 x 5.0942 = 509.42 -> whole crowns
                    Assert.Equal(TargetPriceSource.Rule, row.PriceSource);
                    Assert.Equal(SyncStatus.Synchronized, row.Status);
                }
            }
            Assert.Equal(handPriced.Length, c.Summary.ManualPricesKept);
            Assert.Equal(Offers - withdrawn.Length, c.Summary.Synchronized);
            Assert.Equal(withdrawn.Length, c.Summary.Disconnected);
        }

        [Fact]
        public void Totals_and_sync_due_agree_with_the_rows_over_several_pages()
        {
            _f.Add(Enumerable.Range(0, Offers).Select(i => Offer(Sku(i), i % 3 == 0 ? (decimal?)null : 10m, status: i % 7 == 0 ? OfferStatus.Inactive : OfferStatus.Active)).ToArray());
            var c = _f.Connect(Us, new[] { Ca, Jp });
            var rows = _f.Rows(c.ConnectionId);
            Assert.Equal(2 * Offers, rows.Count);
            var got = _f.Service.GetConnection(c.ConnectionId);
            Assert.Equal(ConnectionState.Active, got.State);
            Assert.Equal(rows.Count(r => r.Status == SyncStatus.Synchronized), got.Summary.Synchronized);
            Assert.Equal(rows.Count(r => r.Status == SyncStatus.NotSynchronized), got.Summary.NotSynchronized);
            foreach (var g in rows.Where(r => r.Status == SyncStatus.NotSynchronized).GroupBy(r => r.Reason))
                Assert.Equal(g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture), got.Summary.ByReason[g.Key]);
            // The inactive offers' reason parameters name their status on every page.
            Assert.Equal("inactive", _f.Row(Ca, Sku(2002)).ReasonParameters["offerStatus"]);

            // A source offer removed from the last page: the first target's live rows no longer match, so a sync is due.
            Assert.True(_f.Workspace.Offers.Delete(Sku(Offers - 1)));
            _f.Workspace.Commit();
            Assert.Equal(ConnectionState.SyncDue, _f.Service.GetConnection(c.ConnectionId).State);
            var synced = _f.Service.Sync(c.ConnectionId);
            Assert.Equal(2, synced.Summary.Removed);
            Assert.Equal(ConnectionState.Active, _f.Service.GetConnection(c.ConnectionId).State);
        }
    }
}
