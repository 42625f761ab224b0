using ListingPs.Core.Workspace;
using System;
using System.Threading.Tasks;
using ListingPs.Core.Model;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Two workspaces (two pipelines, or two processes) on one file: writers wait for each other, nobody sees "database is locked".</summary>
    [Trait("Category", "SqliteFile")]
    public sealed class WorkspaceConcurrencyTests : IDisposable
    {
        private readonly ScratchDir _dir = new ScratchDir();
        private readonly string _path;

        public WorkspaceConcurrencyTests()
        {
            _path = _dir.File("ws.db");
            WorkspaceStore.Open(_path).Dispose();
        }

        public void Dispose() => _dir.Dispose();

        private static Offer NewOffer(string id) => new Offer(id) { Title = "T " + id, Price = 45m, Market = "allegro-pl", UpdatedAt = DateTimeOffset.UtcNow };

        [Fact]
        public async Task A_second_writer_waits_for_the_first_to_commit_and_then_writes()
        {
            using var first = WorkspaceStore.Open(_path);
            using var second = WorkspaceStore.Open(_path);
            first.Offers.Upsert(NewOffer("A"));                     // holds the write lock: its transaction is open
            var waiting = Task.Run(() => { second.Offers.Upsert(NewOffer("B")); second.Commit(); });
            Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(500)));   // waits (busy timeout) instead of failing
            first.Commit();
            Assert.Same(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(20))));
            await waiting;                                        // rethrows what the second writer met, if anything
            Assert.NotNull(first.Offers.Get("A"));
            Assert.NotNull(first.Offers.Get("B"));
        }

        [Fact]
        public void A_writing_workspace_holds_the_write_lock_until_it_commits()
        {
            using var ws = WorkspaceStore.Open(_path);
            ws.Offers.Upsert(NewOffer("A"));
            using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 1 }.ToString());
            other.Open();
            using var cmd = other.CreateCommand();
            cmd.CommandText = "PRAGMA busy_timeout=0;";
            cmd.ExecuteNonQuery();
            cmd.CommandText = "INSERT INTO meta(key, value) VALUES('probe', 'x');";
            var ex = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
            Assert.True(WorkspaceStore.IsBusy(ex));
            ws.Commit();
            cmd.ExecuteNonQuery();                                // free again once committed
        }

        [Fact]
        public async Task A_writer_without_a_busy_timeout_still_gets_the_lock_by_retrying()
        {
            using var first = WorkspaceStore.Open(_path);
            using var second = WorkspaceStore.Open(_path);
            using (var c = second.NewCommand("PRAGMA busy_timeout=0;")) c.ExecuteNonQuery();
            first.Offers.Upsert(NewOffer("A"));
            var waiting = Task.Run(() => { second.Offers.Upsert(NewOffer("B")); second.Commit(); });
            await Task.Delay(700);
            first.Commit();
            Assert.Same(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(60))));
            await waiting;
            Assert.NotNull(second.Offers.Get("A"));
        }
    }
}
