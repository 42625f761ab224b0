using ListingPs.Core.Workspace;
using System;
using System.IO;
using System.Linq;
using ListingPs.Core.Model;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// The workspace as a file: damaged, foreign and newer files are refused and left byte for byte as they were; earlier
    /// layouts open and are brought up to date in one transaction; a full or read-only file ends the writes with a stable id,
    /// the count of records not stored and the last committed state intact. The static test hooks apply to one path only.
    /// </summary>
    [Trait("Category", "SqliteFile")]
    public sealed class WorkspaceFileTests : IDisposable
    {
        private readonly ScratchDir _dir = new ScratchDir();

        public void Dispose()
        {
            WorkspaceStore.MigrationStep = null;
            WorkspaceStore.TestLimitPath = null;
            WorkspaceStore.TestMaxPageCount = null;
            WorkspaceStore.TestQueryOnly = false;
            SqliteConnection.ClearAllPools();
            _dir.Dispose();
        }

        private static string FixtureSql(string name) =>
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "workspaces", name));

        /// <summary>Runs SQL on a new file through a plain connection (as another program, or an earlier ListingPs, would).</summary>
        private string Build(string name, string sql)
        {
            var path = _dir.File(name);
            using (var c = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                cmd.ExecuteNonQuery();
            }
            return path;
        }

        private static object? Scalar(string path, string sql)
        {
            using var c = new SqliteConnection("Data Source=" + path + ";Pooling=False;Mode=ReadOnly");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return cmd.ExecuteScalar();
        }

        private static ListingPsException Refused(string path, string errorId)
        {
            var before = File.ReadAllBytes(path);
            var ex = Assert.Throws<ListingPsException>(() => WorkspaceStore.Open(path));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Contains("'" + path + "'", ex.Message);
            Assert.Contains("Nothing was changed", ex.Message);
            Assert.Equal(before, File.ReadAllBytes(path));
            return ex;
        }

        private string WorkspaceWithOffers(string name, int count)
        {
            var path = _dir.File(name);
            using var ws = WorkspaceStore.Open(path);
            for (int i = 0; i < count; i++)
            {
                ws.Offers.Upsert(Offer("O-" + i));
                ws.RecordWritten();
            }
            ws.Commit();
            return path;
        }

        private static Offer Offer(string id) => new Offer(id)
        {
            Title = "Title of " + id + " " + new string('x', 200), Category = "Elektronika/Telefony", Price = 45m, Market = "allegro-pl",
            ProductId = "P-" + id, DeliveryMethods = new[] { "allegro-dhl-cz" }, Translations = new[] { "cs-CZ" },
            UpdatedAt = new DateTimeOffset(2024, 5, 15, 12, 0, 0, TimeSpan.Zero),
        };

        // ---- damaged, foreign, newer -----------------------------------------------------------------------------------

        [Fact]
        public void A_truncated_workspace_is_refused_as_damaged_and_left_as_it_was()
        {
            var path = WorkspaceWithOffers("cut.db", 2000);
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 200_000);
            File.WriteAllBytes(path, bytes.Take(bytes.Length / 2 / 4096 * 4096).ToArray());
            var ex = Refused(path, ErrorIds.WorkspaceDamaged);
            Assert.Equal(ErrorKind.InvalidData, ex.Kind);
            Assert.True(ex.Message.Contains("cut off") || ex.Message.Contains("malformed"), ex.Message);
            Assert.Contains("Restore the file from a backup", ex.Message);
        }

        [Fact]
        public void A_workspace_cut_off_mid_page_is_refused_as_damaged()
        {
            var path = WorkspaceWithOffers("mid.db", 200);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes.Take(bytes.Length - 1000).ToArray());
            Assert.Contains("not a whole number", Refused(path, ErrorIds.WorkspaceDamaged).Message);
        }

        [Fact]
        public void Random_bytes_are_refused_as_damaged_and_left_as_they_were()
        {
            var path = _dir.File("random.db");
            var bytes = new byte[64 * 1024];
            new Random(42).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            Assert.Contains("not a SQLite database", Refused(path, ErrorIds.WorkspaceDamaged).Message);
        }

        [Fact]
        public void A_text_file_is_refused_as_damaged()
        {
            var path = _dir.File("offers.csv");
            File.WriteAllText(path, "OfferId,Title\nA-1,Title A\n" + new string('.', 5000));
            Refused(path, ErrorIds.WorkspaceDamaged);
        }

        [Fact]
        public void A_workspace_whose_pages_after_the_first_are_overwritten_is_refused_as_damaged()
        {
            var path = WorkspaceWithOffers("garbled.db", 300);
            var bytes = File.ReadAllBytes(path);
            var rnd = new Random(7);
            for (int i = 4096; i < bytes.Length; i++) bytes[i] = (byte)rnd.Next(256);
            File.WriteAllBytes(path, bytes);
            Refused(path, ErrorIds.WorkspaceDamaged);
        }

        [Fact]
        public void An_empty_file_becomes_a_new_workspace()
        {
            // SQLite's own rule: a 0-byte file is an empty database (another process may have just created it), nothing is lost.
            var path = _dir.File("empty.db");
            File.WriteAllBytes(path, Array.Empty<byte>());
            using var ws = WorkspaceStore.Open(path);
            Assert.Equal(0, ws.Offers.Count());
        }

        [Fact]
        public void Another_programs_SQLite_database_is_refused_as_foreign_and_left_as_it_was()
        {
            var path = Build("photos.db", "PRAGMA journal_mode=DELETE; CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT); " +
                "CREATE TABLE albums(id INTEGER PRIMARY KEY); INSERT INTO photos(name) VALUES('a.jpg');");
            var ex = Refused(path, ErrorIds.WorkspaceForeign);
            Assert.Contains("another program", ex.Message);
            Assert.Contains("albums, photos", ex.Message);
            Assert.Equal("delete", Scalar(path, "PRAGMA journal_mode")); // not switched to WAL
        }

        [Fact]
        public void A_database_with_a_meta_table_but_no_schema_or_another_application_id_is_foreign()
        {
            var meta = Build("meta.db", "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); CREATE TABLE offers(x); CREATE TABLE shares(y);");
            Refused(meta, ErrorIds.WorkspaceForeign);
            var app = Build("app.db", "PRAGMA application_id=1234; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL); " +
                "CREATE TABLE offers(x); CREATE TABLE shares(y); INSERT INTO meta VALUES('schema','1');");
            Assert.Contains("application id 0x000004D2", Refused(app, ErrorIds.WorkspaceForeign).Message);
        }

        [Fact]
        public void A_workspace_of_a_newer_ListingPs_is_refused_and_left_as_it_was()
        {
            var path = WorkspaceWithOffers("newer.db", 10);
            using (var c = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "UPDATE meta SET value = '7' WHERE key = 'schema'; PRAGMA wal_checkpoint(TRUNCATE);";
                cmd.ExecuteNonQuery();
            }
            var ex = Refused(path, ErrorIds.WorkspaceTooNew);
            Assert.Contains("newer ListingPs (schema 7; this module reads schema 2 and older)", ex.Message);
            Assert.Contains("Update the ListingPs module", ex.Message);
        }

        // ---- earlier layouts ---------------------------------------------------------------------------------------------

        [Theory]
        [InlineData("schema1-f8fab08.sql")]
        [InlineData("schema1-6d81222.sql")]
        public void A_workspace_of_each_earlier_layout_opens_and_is_brought_up_to_date(string fixture)
        {
            var path = Build("old.db", FixtureSql(fixture));
            Assert.Equal(0L, Scalar(path, "PRAGMA application_id"));
            using (var ws = WorkspaceStore.Open(path))
            {
                Assert.Equal(2, ws.Offers.Count());
                Assert.Equal("Title A", ws.Offers.Get("A-1")!.Title);
                Assert.Null(ws.Offers.Get("A-1")!.ShippingRate);                  // the column came with the layout's update, empty
                Assert.Equal(ShareState.Approved, ws.Shares.Get("allegro-cz", "A-1")!.State);
                var fromAllegro = Offer("NEW");
                fromAllegro.ShippingRate = "PL + Czechy (DHL)";
                ws.Offers.Upsert(fromAllegro);
                ws.RecordWritten();
                ws.Commit();
            }
            Assert.Equal((long)WorkspaceStore.ApplicationId, Scalar(path, "PRAGMA application_id"));
            Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'connection_offers'"));
            Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('connection_offers_conn', 'connection_offers_status')"));
            Assert.Equal(3L, Scalar(path, "SELECT count(*) FROM offers"));
            Assert.Equal("PL + Czechy (DHL)", Scalar(path, "SELECT shipping_rate FROM offers WHERE offer_id = 'NEW'"));
            Assert.Equal("ok", Scalar(path, "PRAGMA integrity_check"));
            Assert.Equal("2", Scalar(path, "SELECT value FROM meta WHERE key = 'schema'"));
        }

        [Fact]
        public void A_new_file_gets_each_version_in_turn_and_a_current_one_opens_without_a_migration()
        {
            var path = _dir.File("versions.db");
            var applied = new System.Collections.Concurrent.ConcurrentQueue<int>();
            void Record(string p, int version) { if (p == path) applied.Enqueue(version); }
            WorkspaceStore.MigrationApplied += Record;
            try
            {
                WorkspaceStore.Open(path).Dispose();
                Assert.Equal(new[] { 1, 2 }, applied.ToArray());
                WorkspaceStore.MigrationStep = (p, step) => { if (p == path) throw new IOException("no step may run on a current workspace: " + step); };
                using (var ws = WorkspaceStore.Open(path)) ws.Offers.Upsert(Offer("A-1"));
                Assert.Equal(new[] { 1, 2 }, applied.ToArray());
            }
            finally { WorkspaceStore.MigrationApplied -= Record; }
        }

        [Fact]
        public void Workers_opening_an_earlier_layout_at_once_bring_it_up_once()
        {
            var path = Build("old.db", FixtureSql("schema1-6d81222.sql"));
            var applied = new System.Collections.Concurrent.ConcurrentQueue<int>();
            void Record(string p, int version) { if (p == path) applied.Enqueue(version); }
            WorkspaceStore.MigrationApplied += Record;
            try
            {
                Assert.Empty(Workers.AtOnce(4, () =>
                {
                    using var ws = WorkspaceStore.Open(path);
                    Assert.Equal(2, ws.Offers.Count());
                }));
                Assert.Equal(new[] { 2 }, applied.ToArray());
                Assert.Equal("2", Scalar(path, "SELECT value FROM meta WHERE key = 'schema'"));
            }
            finally { WorkspaceStore.MigrationApplied -= Record; }
        }

        [Theory]
        [InlineData("schema1-f8fab08.sql", "schema 2")]
        [InlineData("schema1-f8fab08.sql", "tables")]
        [InlineData("schema1-6d81222.sql", "drop connection_offers_conn")]
        [InlineData("schema1-f8fab08.sql", "offers.shipping_rate")]
        [InlineData("schema1-6d81222.sql", "application_id")]
        public void A_failure_while_a_layout_is_brought_up_to_date_leaves_the_file_as_it_was(string fixture, string failAt)
        {
            var path = Build("old.db", FixtureSql(fixture));
            var before = File.ReadAllBytes(path);
            var steps = new System.Collections.Generic.List<string>();
            WorkspaceStore.MigrationStep = (p, step) =>
            {
                if (p != path) return;
                steps.Add(step);
                if (step == failAt) throw new IOException("simulated failure at " + step);
            };
            Assert.Throws<ListingPsException>(() => WorkspaceStore.Open(path)); // IOException -> WorkspaceUnavailable
            Assert.Equal(failAt, steps.Last());
            Assert.Equal(before, File.ReadAllBytes(path));
            WorkspaceStore.MigrationStep = null;
            using var ws = WorkspaceStore.Open(path);
            Assert.Equal(2, ws.Offers.Count());
        }

        // ---- full and read-only ----------------------------------------------------------------------------------------

        [Fact]
        public void A_full_workspace_ends_the_writes_with_WorkspaceFull_the_count_not_stored_and_the_commits_intact()
        {
            var path = _dir.File("full.db");
            WorkspaceStore.TestLimitPath = path;
            WorkspaceStore.TestMaxPageCount = 60;
            int written = 0;
            ListingPsException? failure = null;
            using (var ws = WorkspaceStore.Open(path))
            {
                ws.BatchSize = 25;
                for (int i = 0; i < 10_000 && failure == null; i++)
                {
                    try
                    {
                        ws.Offers.Upsert(Offer("O-" + i));
                        ws.RecordWritten();
                        written++;
                        ws.CommitIfDue();
                    }
                    catch (SqliteException ex)
                    {
                        failure = ws.WriteFailed(ex, recordUnderWay: true);
                    }
                }
                Assert.NotNull(failure);
                Assert.Equal(0, ws.PendingWrites);
            }
            Assert.Equal(ErrorIds.WorkspaceFull, failure!.ErrorId);
            Assert.Equal(ErrorKind.WriteError, failure.Kind);
            Assert.Contains("'" + path + "' is full", failure.Message);
            int committed = written / 25 * 25;
            int notStored = written - committed + 1;
            Assert.Contains(notStored.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " records written since the last commit were not stored", failure.Message);
            Assert.Contains("run the command again for the records not stored", failure.Message);
            WorkspaceStore.TestLimitPath = null;
            Assert.Equal((long)committed, Scalar(path, "SELECT count(*) FROM offers"));
            Assert.Equal("ok", Scalar(path, "PRAGMA integrity_check"));
        }

        [Fact]
        public void A_read_only_workspace_ends_the_writes_with_WorkspaceReadOnly_and_nothing_changes()
        {
            var path = WorkspaceWithOffers("ro.db", 3);
            WorkspaceStore.TestLimitPath = path;
            WorkspaceStore.TestQueryOnly = true;
            using var ws = WorkspaceStore.Open(path);
            Assert.Equal(3, ws.Offers.Count()); // reading works
            var ex = Assert.ThrowsAny<SqliteException>(() => ws.Offers.Upsert(Offer("X")));
            var failure = ws.WriteFailed(ex, recordUnderWay: true);
            Assert.NotNull(failure);
            Assert.Equal(ErrorIds.WorkspaceReadOnly, failure!.ErrorId);
            Assert.Equal(ErrorKind.PermissionDenied, failure.Kind);
            Assert.Contains("'" + path + "' is read-only", failure.Message);
            Assert.Contains("1 record written since the last commit was not stored", failure.Message);
            Assert.Equal(3, ws.Offers.Count());
        }

        [Fact]
        public void Errors_that_are_not_the_file_refusing_a_write_are_not_mapped_and_roll_nothing_back()
        {
            var path = _dir.File("other.db");
            using var ws = WorkspaceStore.Open(path);
            ws.Offers.Upsert(Offer("A"));
            ws.RecordWritten();
            Assert.Null(ws.WriteFailed(new InvalidOperationException("x"), true));
            Assert.Null(ws.WriteFailed(new SqliteException("constraint", 19), true));
            Assert.Equal(1, ws.PendingWrites);
        }

        [Fact]
        public void A_commit_on_a_really_full_disk_is_WorkspaceFull_when_a_tmpfs_can_be_mounted()
        {
            // Needs root (CI may not have it): the commit path on a real 1 MiB tmpfs. Without a mount the test has nothing to do.
            var mnt = _dir.File("tmpfs");
            Directory.CreateDirectory(mnt);
            if (!OperatingSystem.IsLinux() || Run("mount", "-t tmpfs -o size=1m tmpfs " + mnt) != 0) return;
            try
            {
                var path = Path.Combine(mnt, "ws.db");
                int committed = 0;
                ListingPsException? failure = null;
                using (var ws = WorkspaceStore.Open(path))
                {
                    ws.BatchSize = 500;
                    for (int i = 0; i < 20_000 && failure == null; i++)
                    {
                        try
                        {
                            ws.Offers.Upsert(Offer("O-" + i));
                            ws.RecordWritten();
                            if (ws.CommitIfDue()) committed = i + 1;
                        }
                        catch (SqliteException ex) { failure = ws.WriteFailed(ex, true); }
                        catch (ListingPsException ex) { failure = ex; } // the commit itself failed
                    }
                }
                Assert.NotNull(failure);
                Assert.Equal(ErrorIds.WorkspaceFull, failure!.ErrorId);
                Assert.Equal((long)committed, Scalar(path, "SELECT count(*) FROM offers"));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Run("umount", mnt);
            }
        }

        private static int Run(string file, string args)
        {
            try
            {
                using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, args)
                { RedirectStandardError = true, RedirectStandardOutput = true })!;
                p.WaitForExit();
                return p.ExitCode;
            }
            catch (System.ComponentModel.Win32Exception) { return -1; }
        }
    }
}
