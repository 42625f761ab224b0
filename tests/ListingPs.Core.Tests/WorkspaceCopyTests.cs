using System;
using System.Collections.Generic;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Sharing;
using ListingPs.Core.Workspace;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// Copy-Workspace's engine: a workspace copied into a new one (in the PostgreSQL pass into a database and back into a file)
    /// holds every row of every table, byte for byte; a stopped copy resumes; a target that is not new is refused.
    /// </summary>
    public sealed class WorkspaceCopyTests : IDisposable
    {
        private readonly ScratchDir _dir = new ScratchDir();
        private readonly string _source;

        public WorkspaceCopyTests()
        {
            _source = _dir.File("source.db");
            using var ws = WorkspaceStore.Open(_source);
            var svc = new ShareService(ws, TestRules.Build(), clock: TestRules.Clock);
            for (int i = 0; i < 1234; i++)
            {
                var offer = TestRules.Shareable("PL-" + i.ToString("D5"), price: 100m + i % 7);
                if (i % 5 == 0) offer.Translations = Array.Empty<string>(); // refused with a reason
                if (i % 11 == 0) offer.Title = "Łódź \"quoted\"; ✓ 😀 " + i;
                offer.ShippingRate = i % 3 == 0 ? "Standard PL" : null;
                ws.Offers.Upsert(offer);
                svc.Submit(ws.Offers.Get(offer.OfferId)!, TestRules.Cz, new SubmitOptions { Price = i % 4 == 0 ? 509m : (decimal?)null });
                ws.RecordWritten();
                ws.CommitIfDue();
            }
            ws.Rates.Set(new Rules.ExchangeRateRule("PLN", "CZK", 5.0942m, "NBP", new DateTime(2024, 3, 1)), TestRules.Now);
            ws.SellerProfile.Save(new SellerProfile { SellerName = "Sklep", LinkedRegions = new[] { "NA", "EU" }, UpdatedAt = TestRules.Now });
            ws.Catalogs.Begin("amazon-ca", replace: true, TestRules.Now);
            ws.Catalogs.AddProduct("amazon-ca", "B0ABC");
            ws.Catalogs.AddProduct("amazon-ca", "b0xyz");
            ws.Catalogs.SetFbaQuantity("amazon-ca", "SKU-1", 7, TestRules.Now);
            ws.MarketVerdicts.SetEventPosition("allegro-cz", "42");
            ws.Commit();
        }

        public void Dispose() => _dir.Dispose();

        /// <summary>Every row of every table, in key order, as text: two workspaces are equal when their dumps are.</summary>
        private static List<string> Dump(string location)
        {
            var lines = new List<string>();
            using var c = TestWorkspaces.ConnectionFromOutside(location);
            c.Open();
            foreach (var (table, columns, keys) in WorkspaceCopier.Tables)
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = "SELECT " + columns + " FROM " + table + (table == "meta" ? " WHERE key <> 'copy.from'" : "") + " ORDER BY " + keys;
                using var r = cmd.ExecuteReader();
                while (r.Read())
                    lines.Add(table + ": " + string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
            return lines;
        }

        private static List<WorkspaceCopyResult> Copy(string from, string to, int pageSize = 500, Func<bool>? stopping = null)
        {
            using var source = WorkspaceStore.Open(from);
            using var target = WorkspaceStore.Open(to);
            return new WorkspaceCopier { PageSize = pageSize, Stopping = stopping }.Copy(source, target);
        }

        [Fact]
        public void A_copy_and_its_copy_back_hold_every_row_of_the_source()
        {
            var middle = TestWorkspaces.Location(_dir.File("middle.db")); // PostgreSQL in the PostgreSQL pass
            var back = _dir.File("back.db");
            var there = Copy(_source, middle);
            Assert.Equal(1234, there.Single(r => r.Table == "offers").TargetRows);
            Assert.Equal(1234, there.Single(r => r.Table == "shares").Copied);
            Assert.All(there, r => Assert.Equal(r.SourceRows, r.TargetRows));
            Copy(middle, back, pageSize: 333);
            var expected = Dump(_source);
            Assert.Equal(expected, Dump(middle));
            Assert.Equal(expected, Dump(back));
            Assert.Contains(expected, l => l.StartsWith("share_reasons: ", StringComparison.Ordinal));
            // the copy is a workspace like any other
            using var ws = WorkspaceStore.Open(back);
            Assert.StartsWith("Łódź", ws.Offers.Get("PL-00011")!.Title);
            Assert.True(ws.Catalogs.Contains("amazon-ca", "B0XYZ"));
            Assert.Equal(7, ws.Catalogs.GetFbaQuantity("amazon-ca", "SKU-1"));
        }

        [Fact]
        public void A_stopped_copy_resumes_where_it_ended_and_copies_nothing_twice()
        {
            var target = TestWorkspaces.Location(_dir.File("target.db"));
            int pages = 0;
            Assert.Throws<OperationCanceledException>(() => Copy(_source, target, pageSize: 100, stopping: () => ++pages > 5));
            Assert.InRange(TestWorkspaces.ScalarFromOutside(target, "SELECT count(*) FROM offers"), 100, 500);
            var resumed = Copy(_source, target, pageSize: 100);
            var offers = resumed.Single(r => r.Table == "offers");
            Assert.True(offers.Copied < 1234, "the resumed run copied only what the first did not");
            Assert.Equal(1234, offers.TargetRows);
            Assert.Equal(Dump(_source), Dump(target));
            Assert.Equal(0, TestWorkspaces.ScalarFromOutside(target, "SELECT count(*) FROM meta WHERE key = 'copy.from'"));
        }

        [Fact]
        public void A_target_that_is_not_new_is_refused_and_left_as_it_was()
        {
            var target = TestWorkspaces.Location(_dir.File("used.db"));
            using (var ws = WorkspaceStore.Open(target)) { ws.Offers.Upsert(TestRules.Shareable("OWN")); ws.Commit(); }
            var ex = Assert.Throws<ListingPsException>(() => Copy(_source, target));
            Assert.Equal(ErrorIds.WorkspaceCopyRefused, ex.ErrorId);
            Assert.Contains("not empty", ex.Message);
            Assert.Equal(1, TestWorkspaces.ScalarFromOutside(target, "SELECT count(*) FROM offers"));
            Assert.Equal(ErrorIds.WorkspaceCopyRefused, Assert.Throws<ListingPsException>(() => Copy(_source, _source)).ErrorId);
        }
    }
}
