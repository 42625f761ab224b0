using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ListingPs.Core.Model;
using ListingPs.Core.Workspace;
using Npgsql;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// What only the PostgreSQL workspace does: databases and schemas made when missing, the server's refusals as the workspace's
    /// errors (never with the password), and writers of many workers serialised by the write lock. They need the test server
    /// (LISTINGPS_TEST_POSTGRES, set by build.ps1 Test's PostgreSQL pass) and run only there.
    /// </summary>
    [Trait("Category", "Postgres")]
    public sealed class PostgresWorkspaceTests
    {
        private static string Server => TestWorkspaces.Postgres ?? throw new InvalidOperationException("LISTINGPS_TEST_POSTGRES is not set: run these in build.ps1 Test's PostgreSQL pass.");

        private static string NewSchema() => Server + ";Search Path=lps_" + Guid.NewGuid().ToString("N");

        private static Offer NewOffer(string id, string title) => new Offer(id) { Title = title, Price = 45m, Market = "allegro-pl", UpdatedAt = DateTimeOffset.UtcNow };

        private static object? Scalar(string location, string sql)
        {
            using var c = TestWorkspaces.ConnectionFromOutside(location);
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return cmd.ExecuteScalar();
        }

        [Fact]
        public void A_database_that_does_not_exist_is_created_with_the_schema()
        {
            var name = "lps_db_" + Guid.NewGuid().ToString("N");
            var location = string.Join(";", Server.Split(';').Where(p => !p.TrimStart().StartsWith("Database", StringComparison.OrdinalIgnoreCase))) + ";Database=" + name;
            try
            {
                using (var ws = WorkspaceStore.Open(location))
                {
                    Assert.True(ws.IsPostgres);
                    Assert.Equal("PostgreSQL", ws.EngineName);
                    Assert.EndsWith("/" + name, ws.Path);
                    ws.Offers.Upsert(NewOffer("A", "first"));
                }
                using (var again = WorkspaceStore.Open(location)) Assert.Equal("first", again.Offers.Get("A")!.Title);
                Assert.Equal("2", Scalar(location, "SELECT value FROM meta WHERE key = 'schema'"));
            }
            finally
            {
                Scalar(Server, "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
        }

        [Fact]
        public void A_wrong_password_is_refused_by_name_and_the_password_is_never_shown()
        {
            var b = new NpgsqlConnectionStringBuilder(Server) { Password = "not-the-Password-42" };
            var ex = Assert.Throws<ListingPsException>(() => WorkspaceStore.Open(b.ConnectionString));
            Assert.Equal(ErrorIds.WorkspaceUnavailable, ex.ErrorId);
            Assert.Contains("postgres://" + b.Username + "@127.0.0.1", ex.Message);
            Assert.Contains("28P01", ex.Message); // the server's own code: invalid password
            Assert.DoesNotContain("not-the-Password-42", ex.Message);
            Assert.DoesNotContain("not-the-Password-42", ex.ToString());
        }

        [Fact]
        public void A_schema_of_another_program_is_refused_and_left_as_it_was()
        {
            var location = NewSchema();
            var schema = new NpgsqlConnectionStringBuilder(location).SearchPath!;
            Scalar(Server, "CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".invoices(id int)");
            var ex = Assert.Throws<ListingPsException>(() => WorkspaceStore.Open(location));
            Assert.Equal(ErrorIds.WorkspaceForeign, ex.ErrorId);
            Assert.Contains("invoices", ex.Message);
            Assert.Equal(1L, Convert.ToInt64(Scalar(Server, "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "'")));
        }

        [Fact]
        public void A_workspace_of_a_newer_schema_is_refused()
        {
            var location = NewSchema();
            WorkspaceStore.Open(location).Dispose();
            Scalar(location, "UPDATE meta SET value = '99' WHERE key = 'schema'");
            var ex = Assert.Throws<ListingPsException>(() => WorkspaceStore.Open(location));
            Assert.Equal(ErrorIds.WorkspaceTooNew, ex.ErrorId);
        }

        /// <summary>A workspace as schema 1 left it: no market verdicts, no offers.shipping_rate.</summary>
        private static string WorkspaceOfVersion1()
        {
            var location = NewSchema();
            using (var ws = WorkspaceStore.Open(location)) ws.Offers.Upsert(NewOffer("A", "kept"));
            Scalar(location, "DROP TABLE market_verdicts; ALTER TABLE offers DROP COLUMN shipping_rate; UPDATE meta SET value = '1' WHERE key = 'schema'");
            return location;
        }

        private static long Count(string location, string sql) => Convert.ToInt64(Scalar(location, sql));

        [Fact]
        public void A_workspace_of_version_1_is_brought_up_to_date_and_a_failure_half_way_leaves_it_at_1()
        {
            var location = WorkspaceOfVersion1();
            var display = WorkspaceLocation.Postgres(location, null).Display;
            const string verdicts = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'market_verdicts'";
            WorkspaceStore.MigrationStep = (p, step) => { if (p == display && step == "offers.shipping_rate") throw new InvalidOperationException("simulated failure at " + step); };
            try
            {
                Assert.ThrowsAny<Exception>(() => WorkspaceStore.Open(location));
            }
            finally { WorkspaceStore.MigrationStep = null; }
            Assert.Equal("1", Scalar(location, "SELECT value FROM meta WHERE key = 'schema'"));
            Assert.Equal(0L, Count(location, verdicts)); // the table made before the failure went with the transaction

            using (var ws = WorkspaceStore.Open(location))
            {
                Assert.Equal("kept", ws.Offers.Get("A")!.Title);
                var o = NewOffer("B", "new");
                o.ShippingRate = "PL + Czechy (DHL)";
                ws.Offers.Upsert(o);
                ws.Commit();
            }
            Assert.Equal("2", Scalar(location, "SELECT value FROM meta WHERE key = 'schema'"));
            Assert.Equal(1L, Count(location, verdicts));
            Assert.Equal("PL + Czechy (DHL)", Scalar(location, "SELECT shipping_rate FROM offers WHERE offer_id = 'B'"));
        }

        [Fact]
        public void Workers_opening_a_workspace_of_version_1_at_once_bring_it_up_once()
        {
            var location = WorkspaceOfVersion1();
            var display = WorkspaceLocation.Postgres(location, null).Display;
            var applied = new System.Collections.Concurrent.ConcurrentQueue<int>();
            void Record(string p, int version) { if (p == display) applied.Enqueue(version); }
            WorkspaceStore.MigrationApplied += Record;
            try
            {
                Assert.Empty(Workers.AtOnce(4, () =>
                {
                    using var ws = WorkspaceStore.Open(location);
                    Assert.Equal("kept", ws.Offers.Get("A")!.Title);
                }));
                Assert.Equal(new[] { 2 }, applied.ToArray());
            }
            finally { WorkspaceStore.MigrationApplied -= Record; }
        }

        [Fact]
        public async Task Opening_a_current_workspace_does_not_wait_for_a_worker_writing_to_it()
        {
            var location = NewSchema();
            using var writer = WorkspaceStore.Open(location);
            writer.Offers.Upsert(NewOffer("A", "open batch")); // holds the write lock and the tables' write locks until it commits
            var opening = Task.Run(() =>
            {
                using var other = WorkspaceStore.Open(location);
                return other.Offers.Count();
            });
            // Before schema versions, every open ran CREATE INDEX IF NOT EXISTS, which waits for the writer's commit.
            Assert.Same(opening, await Task.WhenAny(opening, Task.Delay(TimeSpan.FromSeconds(60))));
            Assert.Equal(0, await opening);
            writer.Commit();
        }

        [Fact]
        public async Task A_second_writer_waits_for_the_first_to_commit_and_readers_do_not_wait()
        {
            var location = NewSchema();
            using var first = WorkspaceStore.Open(location);
            using var second = WorkspaceStore.Open(location);
            using var reader = WorkspaceStore.Open(location);
            first.Offers.Upsert(NewOffer("A", "from first")); // the first's transaction holds the write lock
            var writing = Task.Run(() => { second.Offers.Upsert(NewOffer("A", "from second")); second.Commit(); });
            Assert.NotSame(writing, await Task.WhenAny(writing, Task.Delay(500)));
            Assert.Null(reader.Offers.Get("A")); // not committed yet, and the reader did not wait
            first.Commit();
            Assert.Same(writing, await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(30))));
            await writing;
            Assert.Equal("from second", reader.Offers.Get("A")!.Title);
        }

        [Fact]
        public void Eight_workers_writing_the_same_offers_lose_nothing_and_leave_whole_batches()
        {
            var location = NewSchema();
            WorkspaceStore.Open(location).Dispose();
            const int workers = 8, offers = 300, batch = 50;
            var errors = new List<Exception>();
            var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
            {
                try
                {
                    using var ws = WorkspaceStore.Open(location);
                    ws.BatchSize = batch;
                    for (int i = 0; i < offers; i++)
                    {
                        ws.Offers.Upsert(NewOffer("O" + i.ToString("D4"), "worker " + w + " batch " + (i / batch)));
                        ws.RecordWritten();
                        ws.CommitIfDue();
                    }
                    ws.Commit();
                }
                catch (Exception ex) { lock (errors) errors.Add(ex); }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Empty(errors);
            using var check = WorkspaceStore.Open(location);
            var stored = check.Offers.Query(new OfferQuery());
            Assert.Equal(offers, stored.Count);
            // Batches apply whole and one after another: within a batch every offer has the title of one and the same worker.
            foreach (var group in stored.GroupBy(o => int.Parse(o.OfferId.Substring(1)) / batch))
                Assert.Single(group.Select(o => o.Title).Distinct());
        }
    }
}
