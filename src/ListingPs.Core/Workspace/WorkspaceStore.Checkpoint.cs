using System.Data.Common;
using System;
using System.Threading;
using System.Threading.Tasks;
using SQLitePCL;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// WAL checkpoints off the committing thread (issue 13). A commit appends the batch to the -wal file; copying those pages
    /// into the database file (the checkpoint, with its fsyncs) was done by the commit itself whenever the WAL had passed 1,000
    /// pages, which is every batch of Submit-Offer: about a tenth of its time per offer on the pipeline thread. Now each commit
    /// hands the checkpoint to a worker on the thread pool with a connection of its own, which runs it PASSIVE (it copies the
    /// committed pages while the pipeline goes on writing the next batch, and never waits for or blocks a writer or a reader).
    /// Nothing changes in what is stored or when: a record is committed (durable in the WAL) before it reaches the pipeline,
    /// a killed process leaves a WAL that the next open replays, and a checkpoint that fails (busy, full disk) only leaves the
    /// pages in the WAL for the next one. Should the worker fall behind, the committing connection checkpoints itself once the
    /// WAL passes <see cref="ForegroundCheckpointPages"/>, as before (SQLite's wal_autocheckpoint).
    /// </summary>
    public sealed partial class WorkspaceStore
    {
        /// <summary>WAL pages after which a commit checkpoints on its own thread (the worker normally keeps the WAL far below).</summary>
        internal const int ForegroundCheckpointPages = 8192;

        /// <summary>Bench and test switch: false makes every commit checkpoint on its own thread as SQLite does by default
        /// (wal_autocheckpoint=1000), for before/after measurements in one process. Read when a workspace is opened.</summary>
        internal static bool BackgroundCheckpoints = true;

        private readonly object _checkpointGate = new object();
        private Task? _checkpointTask;
        private bool _checkpointAgain;
        private bool _checkpointClosed;
        private sqlite3? _checkpointDb;
        private bool _backgroundCheckpoints;

        /// <summary>Background checkpoints run since the workspace was opened (tests).</summary>
        internal int BackgroundCheckpointRuns;

        private void InitializeCheckpoints()
        {
            _backgroundCheckpoints = BackgroundCheckpoints;
            Exec("PRAGMA wal_autocheckpoint=" + (_backgroundCheckpoints ? ForegroundCheckpointPages : 1000).ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
        }

        /// <summary>After a commit: a checkpoint on the worker (one at a time; a commit during one asks for another after it).</summary>
        private void ScheduleCheckpoint()
        {
            if (!_backgroundCheckpoints) return;
            lock (_checkpointGate)
            {
                if (_checkpointClosed) return;
                if (_checkpointTask != null && !_checkpointTask.IsCompleted) { _checkpointAgain = true; return; }
                _checkpointTask = Task.Run(RunCheckpoints);
            }
        }

        private void RunCheckpoints()
        {
            while (true)
            {
                lock (_checkpointGate)
                {
                    if (_checkpointClosed) return;
                    _checkpointAgain = false;
                }
                try
                {
                    if (_checkpointDb == null)
                    {
                        if (raw.sqlite3_open_v2(Path, out var db, raw.SQLITE_OPEN_READWRITE, null) != raw.SQLITE_OK)
                        {
                            db?.Dispose();
                            return; // read-only or gone: the committing connection's own checkpoints remain
                        }
                        raw.sqlite3_exec(db, "PRAGMA synchronous=NORMAL;", out _);
                        raw.sqlite3_exec(db, "PRAGMA cache_size=-1024;", out _);
                        _checkpointDb = db;
                    }
                    // PASSIVE: copies what is committed without waiting for the writer or readers; busy or an I/O error leaves
                    // the pages in the WAL for the next checkpoint.
                    raw.sqlite3_wal_checkpoint_v2(_checkpointDb, null, raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
                    Interlocked.Increment(ref BackgroundCheckpointRuns);
                }
                catch (Exception)
                {
                    return; // never let the worker fail the process; the foreground checkpoints remain
                }
                lock (_checkpointGate)
                {
                    if (!_checkpointAgain || _checkpointClosed) return;
                }
            }
        }

        /// <summary>Stops the worker (waiting for a checkpoint under way) and closes its connection; before the workspace's own
        /// connection closes, so that closing the last connection still checkpoints the WAL and removes it.</summary>
        private void CloseCheckpoints()
        {
            Task? running;
            lock (_checkpointGate)
            {
                _checkpointClosed = true;
                running = _checkpointTask;
            }
            try { running?.Wait(); }
            catch (AggregateException) { /* RunCheckpoints catches everything; nothing to report */ }
            _checkpointDb?.Dispose();
            _checkpointDb = null;
        }

        /// <summary>Waits for the background checkpoint under way, if any (tests and benches).</summary>
        internal void WaitForCheckpoint()
        {
            Task? running;
            lock (_checkpointGate) running = _checkpointTask;
            running?.Wait();
        }
    }
}
