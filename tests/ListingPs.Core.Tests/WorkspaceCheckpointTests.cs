using ListingPs.Core.Workspace;
using System;
using System.IO;
using ListingPs.Core.Input;
using ListingPs.Core.Sharing;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// WAL checkpoints on a worker after each commit (issue 13): the WAL stays small while batches are written, every committed
    /// record is in the file for another connection, and closing the workspace stops the worker and removes the WAL.
    /// </summary>
    [Trait("Category", "SqliteFile")]
    public sealed class WorkspaceCheckpointTests : IDisposable
    {
        private readonly ScratchDir _dir = new ScratchDir();

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            _dir.Dispose();
        }

        private static OfferFields Row(int i) => new OfferFields
        {
            OfferId = "CP-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), Title = "Telefon " + i,
            Category = TestRules.PlainCategory, Price = "100", Market = TestRules.Pl, SellingFormat = "BuyNow", AccountType = "Company",
            ProductId = "PRD-" + i, Status = "Active", DeliveryMethods = new[] { TestRules.DhlCz }, Translations = new[] { "cs-CZ" },
        };

        private static long Count(string path)
        {
            using var c = new SqliteConnection("Data Source=" + path + ";Pooling=False;Mode=ReadOnly");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM shares";
            return (long)cmd.ExecuteScalar()!;
        }

        [Fact]
        public void Batches_are_checkpointed_by_the_worker_and_the_wal_stays_small()
        {
            var path = _dir.File("cp.db");
            using (var ws = WorkspaceStore.Open(path))
            {
                ws.BatchSize = 500;
                var svc = new ShareService(ws, TestRules.Build(), clock: TestRules.Clock);
                for (int i = 0; i < 6000; i++)
                {
                    svc.BeginWrite();
                    svc.Submit(svc.Prepare(Row(i), TestRules.Cz), TestRules.Cz, new SubmitOptions());
                    ws.CommitIfDue();
                }
                ws.Commit();
                ws.WaitForCheckpoint();
                Assert.True(ws.BackgroundCheckpointRuns > 0);
                // Without checkpoints 6,000 offers and shares fill several MB of WAL; the worker keeps it near one batch.
                Assert.True(new FileInfo(path + "-wal").Length < 4L * 1024 * 1024, "WAL " + new FileInfo(path + "-wal").Length + " bytes");
                Assert.Equal(6000L, Count(path)); // another connection sees every committed record
            }
            Assert.False(File.Exists(path + "-wal")); // the last connection closed: checkpointed and removed
            Assert.Equal(6000L, Count(path));
        }

        [Fact]
        public void Without_the_worker_commits_checkpoint_as_before()
        {
            var path = _dir.File("fg.db");
            WorkspaceStore.BackgroundCheckpoints = false;
            try
            {
                using var ws = WorkspaceStore.Open(path);
                var svc = new ShareService(ws, TestRules.Build(), clock: TestRules.Clock);
                for (int i = 0; i < 1000; i++)
                {
                    svc.BeginWrite();
                    svc.Submit(svc.Prepare(Row(i), TestRules.Cz), TestRules.Cz, new SubmitOptions());
                    ws.CommitIfDue();
                }
                ws.Commit();
                Assert.Equal(0, ws.BackgroundCheckpointRuns);
                Assert.Equal(1000L, Count(path));
            }
            finally { WorkspaceStore.BackgroundCheckpoints = true; }
        }
    }
}
