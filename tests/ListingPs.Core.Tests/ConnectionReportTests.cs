using System;
using System.Linq;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;
using Xunit;
using static ListingPs.Core.Tests.ConnectionTestRules;

namespace ListingPs.Core.Tests
{
    /// <summary>Every report reason, with its message and next step, and the report's filters and totals.</summary>
    public sealed class ConnectionReportTests : IDisposable
    {
        private readonly ConnectionFixture _f = new ConnectionFixture();

        public void Dispose() => _f.Dispose();

        private MarketConnection Build()
        {
            _f.Add(
                Offer("OK1", 10m, asin: "B0OK1"),
                Offer("EXC1", 10m),
                Offer("USED1", 10m, condition: OfferCondition.Used),
                Offer("FBA1", 10m, fulfillment: FulfillmentMethod.FBA),
                Offer("INA1", 10m, status: OfferStatus.Inactive),
                Offer("END1", 10m, status: OfferStatus.Ended),
                Offer("NOP1", null),
                Offer("NOASIN", 10m, asin: null),
                Offer("RES1", 10m, asin: Restricted));
            // amazon-fr has a catalogue without B0NOCAT; amazon-de has none, so every product exists there.
            _f.Service.BeginCatalog(Fr, replace: false);
            foreach (var p in new[] { "B0OK1", "B0EXC1", "B0USED1", "B0FBA1", "B0INA1", "B0END1", "B0NOP1", Restricted }) _f.Service.AddCatalogProduct(Fr, p);
            _f.Workspace.Commit();
            var rules = ConnectionFixture.RulesWith(PricingRuleKind.SameAsSource, null, ConnectionOfferCondition.New, FulfillmentFilter.All, "EXC1");
            _f.Service.SetSellerProfile(null, null);
            return _f.Connect(Us, new[] { De, Fr }, rules);
        }

        [Fact]
        public void Every_reason_has_its_message_and_next_step()
        {
            var c = Build();
            ConnectionReportRow De_(string sku) => _f.Row(De, sku);

            var ok = De_("OK1");
            Assert.Equal(SyncStatus.Synchronized, ok.Status);
            Assert.Equal("", ok.Reason);
            Assert.Equal(TargetOfferState.Active, ok.TargetOfferState);
            Assert.Equal(9.23m, ok.Price);                       // 10 x 0.9234
            Assert.Equal("EUR", ok.Currency);
            Assert.Equal("B0OK1", ok.ProductId);
            Assert.Equal(Us, ok.SourceMarket);
            Assert.Equal(c.ConnectionId, ok.ConnectionId);
            Assert.Equal(ConnectionTestRules.Now, ok.SyncDate);
            Assert.Contains("Review the shipping settings", ok.NextStep);   // self-fulfilled offers

            void Not(string sku, string reason, string inMessage, string inNextStep)
            {
                var row = De_(sku);
                Assert.Equal(SyncStatus.NotSynchronized, row.Status);
                Assert.Equal(reason, row.Reason);
                Assert.Equal(TargetOfferState.None, row.TargetOfferState);
                Assert.Null(row.Price);
                Assert.Contains(inMessage, row.Message);
                Assert.Contains(inNextStep, row.NextStep);
            }
            Not("EXC1", ConnectionReasons.SkuExcluded, "SKU EXC1 is on the connection's exclusion list for amazon-de", "exclusion list");
            Not("USED1", ConnectionReasons.FilteredOut, "condition setting: the offer is Used, the setting lists New", "-OfferCondition NewAndUsed");
            Not("INA1", ConnectionReasons.SourceOfferInactive, "inactive on amazon-us", "Activate the offer on amazon-us");
            Not("END1", ConnectionReasons.SourceOfferInactive, "ended on amazon-us", "Sync-MarketConnection");
            Not("NOP1", ConnectionReasons.NoSourcePrice, "no price on amazon-us", "Import-Offer with Price");
            Not("NOASIN", ConnectionReasons.NoDetailPage, "no ProductId (ASIN)", "Give the offer its ASIN on amazon-us");
            Not("RES1", ConnectionReasons.RestrictedProduct, "Product B0RESTRICT1 is restricted on amazon-de", "approval");

            var fba = De_("FBA1");
            Assert.Equal(SyncStatus.Synchronized, fba.Status);
            Assert.Equal(ConnectionReasons.AwaitingFbaInventory, fba.Reason);
            Assert.Equal(TargetOfferState.Inactive, fba.TargetOfferState);
            Assert.Equal(9.23m, fba.Price);
            Assert.Contains("Set-FbaInventory -Market amazon-de -Sku FBA1", fba.NextStep);

            // amazon-fr has a catalogue: NOASIN and OK1's siblings are judged by it; RES1 is not restricted there.
            Assert.Equal(SyncStatus.Synchronized, _f.Row(Fr, "OK1").Status);
            Assert.Equal(SyncStatus.Synchronized, _f.Row(Fr, "RES1").Status);
            Assert.Equal(ConnectionReasons.NoDetailPage, _f.Row(Fr, "NOASIN").Reason);
        }

        [Fact]
        public void Products_missing_from_an_imported_catalogue_have_no_detail_page_until_imported()
        {
            _f.Add(Offer("A1", 10m), Offer("A2", 10m));
            _f.Service.BeginCatalog(Ca, replace: false);
            _f.Service.AddCatalogProduct(Ca, "b0a1");   // catalogue ids match case-insensitively
            _f.Workspace.Commit();
            _f.Connect(Us, new[] { Ca, Mx });
            Assert.Equal(SyncStatus.Synchronized, _f.Row(Ca, "A1").Status);
            var a2 = _f.Row(Ca, "A2");
            Assert.Equal(ConnectionReasons.NoDetailPage, a2.Reason);
            Assert.Contains("Product B0A2 has no detail page in the amazon-ca catalogue", a2.Message);
            Assert.Contains("Import-Catalog -Market amazon-ca", a2.NextStep);
            Assert.Equal(SyncStatus.Synchronized, _f.Row(Mx, "A2").Status);   // no catalogue for amazon-mx: the product exists there

            _f.Now = _f.Now.AddHours(1);
            _f.Service.BeginCatalog(Ca, replace: false);
            _f.Service.AddCatalogProduct(Ca, "B0A2");
            _f.Workspace.Commit();
            Assert.Equal(ConnectionState.SyncDue, _f.Service.GetConnection("C001").State);
            _f.Service.Sync("C001");
            Assert.Equal(SyncStatus.Synchronized, _f.Row(Ca, "A2").Status);
            Assert.Equal(ConnectionState.Active, _f.Service.GetConnection("C001").State);
        }

        [Fact]
        public void Fulfilment_setting_filters_and_fba_inventory_activates_target_offers()
        {
            _f.Add(Offer("F1", 10m, fulfillment: FulfillmentMethod.FBA), Offer("M1", 10m));
            var rules = ConnectionFixture.RulesWith(PricingRuleKind.SameAsSource, null, null, FulfillmentFilter.FBA);
            rules.SetTarget(Mx, new TargetRules { Fulfillment = FulfillmentFilter.Merchant });
            _f.Connect(Us, new[] { Ca, Mx }, rules);
            var m1 = _f.Row(Ca, "M1");
            Assert.Equal(ConnectionReasons.FilteredOut, m1.Reason);
            Assert.Contains("fulfillment setting: the offer is Merchant, the setting lists FBA", m1.Message);
            Assert.Contains("-Fulfillment All", m1.NextStep);
            Assert.Equal(ConnectionReasons.FilteredOut, _f.Row(Mx, "F1").Reason);
            Assert.Equal(SyncStatus.Synchronized, _f.Row(Mx, "M1").Status);

            Assert.Equal(TargetOfferState.Inactive, _f.Row(Ca, "F1").TargetOfferState);
            var rec = _f.Service.SetFbaInventory(Ca, "F1", 12);
            Assert.Equal(TargetOfferState.Active, rec.TargetOfferState);
            var f1 = _f.Row(Ca, "F1");
            Assert.Equal(TargetOfferState.Active, f1.TargetOfferState);
            Assert.Equal("", f1.Reason);
            // Inventory survives a sync; zero units deactivate the offer again.
            _f.Service.Sync("C001");
            Assert.Equal(TargetOfferState.Active, _f.Row(Ca, "F1").TargetOfferState);
            _f.Service.SetFbaInventory(Ca, "F1", 0);
            Assert.Equal(ConnectionReasons.AwaitingFbaInventory, _f.Row(Ca, "F1").Reason);
            Assert.Equal(ErrorIds.InvalidConnectionMarket, Assert.Throws<ListingPsException>(() => _f.Service.SetFbaInventory(ConnectionTestRules.Cz, "F1", 1)).ErrorId);
        }

        [Fact]
        public void Summary_counts_the_run_and_the_rows_by_status_and_reason()
        {
            var c = Build();
            var s = c.Summary;
            Assert.Equal(18, s.Evaluated);                       // 9 offers x 2 targets
            Assert.Equal(5, s.Created);                          // OK1, FBA1 on de; OK1, FBA1, RES1 on fr
            Assert.Equal(5, s.Synchronized);
            Assert.Equal(13, s.NotSynchronized);
            Assert.Equal(0, s.Disconnected);
            Assert.Equal("2", s.ByReason[ConnectionReasons.SkuExcluded]);
            Assert.Equal("4", s.ByReason[ConnectionReasons.SourceOfferInactive]);
            Assert.Equal("1", s.ByReason[ConnectionReasons.RestrictedProduct]);
            Assert.Equal(ConnectionReasons.SourceOfferInactive, s.ByReason.Keys.First());   // most frequent first
            Assert.Contains("not synchronized 13", s.ToString());
            var again = _f.Service.GetConnection(c.ConnectionId);
            Assert.Equal(5, again.Summary.Created);
            Assert.Equal(13, again.Summary.NotSynchronized);
            Assert.Equal(ConnectionState.Active, again.State);
        }

        [Fact]
        public void Report_filters_by_connection_target_status_reason_and_sku()
        {
            Build();
            string Skus(ConnectionReportQuery q) => string.Join(",", _f.Service.Report(q).Select(r => r.TargetMarket + ":" + r.Sku));
            Assert.Equal("amazon-de:EXC1,amazon-fr:EXC1", Skus(new ConnectionReportQuery { Reasons = new[] { ConnectionReasons.SkuExcluded } }));
            Assert.Equal("amazon-de:FBA1,amazon-de:OK1", Skus(new ConnectionReportQuery { TargetMarkets = new[] { De }, Statuses = new[] { SyncStatus.Synchronized } }));
            Assert.Equal("amazon-de:END1,amazon-de:EXC1", Skus(new ConnectionReportQuery { TargetMarkets = new[] { De }, Skus = new[] { "E*" } }));
            Assert.Equal("amazon-fr:OK1", Skus(new ConnectionReportQuery { ConnectionIds = new[] { "C0*" }, TargetMarkets = new[] { Fr }, Skus = new[] { "OK1" } }));
            Assert.Equal("", Skus(new ConnectionReportQuery { ConnectionIds = new[] { "C002" } }));
            Assert.Equal(3, _f.Service.Report(new ConnectionReportQuery { Limit = 3 }).Count());
            Assert.Equal(18, _f.Rows("C001").Count);
            // The report source for Export-ListingReport carries the same rows.
            var source = new ConnectionReportSource(_f.Service, "C001");
            Assert.Equal(18, source.CountRows());
            var rows = source.Rows().ToList();
            Assert.Equal(13, rows.Count(r => r.Kind == Reports.StatusKind.Problem));
            Assert.Contains(rows, r => r.Sku == "FBA1" && r.Warnings.Count == 1);
            Assert.Contains(source.CurrentRates(), r => r.From == "USD" && r.To == "EUR" && r.Rate == 0.9234m);
        }
    }
}
