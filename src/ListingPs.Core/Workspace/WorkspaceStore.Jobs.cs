using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ListingPs.Core.Workspace
{
    public sealed partial class WorkspaceStore
    {
        /// <summary>
        /// Takes the workspace-wide lock of one job (a connection's sync, say) for as long as the returned handle lives; null
        /// when another worker holds it now. Two workers that start the same job at once: one runs it, the other is told.
        /// Held by the process, not by a transaction, and let go when the handle is disposed or the process ends (a killed worker
        /// leaves no stale lock): on PostgreSQL a session advisory lock on the workspace's connection, on SQLite an exclusive
        /// lock on a file beside the workspace (&lt;file&gt;-job-&lt;hash&gt;.lock, kept, like SQLite's -wal and -shm).
        /// </summary>
        public IDisposable? TryTakeJob(string job)
        {
            ThrowIfDisposed();
            var handle = IsPostgres ? TryTakePostgresJob(job) : TryTakeFileJob(job);
            if (handle != null) lock (_jobs) _jobs.Add(handle);
            return handle;
        }

        private readonly System.Collections.Generic.List<JobHandle> _jobs = new System.Collections.Generic.List<JobHandle>();

        /// <summary>Lets go of the jobs still held when the workspace closes.</summary>
        private void ReleaseJobs()
        {
            JobHandle[] held;
            lock (_jobs) { held = _jobs.ToArray(); _jobs.Clear(); }
            foreach (var j in held)
            {
                try { j.Dispose(); }
                catch (Exception) { /* closing: the connection's or the file's end lets the lock go anyway */ }
            }
        }

        /// <summary>The advisory lock class of jobs (the write and schema locks use the workspace's own class).</summary>
        private const int JobLockClass = 1280332632;

        private JobHandle? TryTakePostgresJob(string job)
        {
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = _transaction;
            cmd.CommandText = "SELECT pg_try_advisory_lock(" + JobLockClass.ToString(CultureInfo.InvariantCulture) + ", hashtext(@job))";
            cmd.Parameters.AddWithValue("@job", job);
            if (!(cmd.ExecuteScalar() is bool taken) || !taken) return null;
            return new JobHandle(this, () =>
            {
                if (_disposed) return; // the connection's end let the lock go
                using var unlock = _connection.CreateCommand();
                unlock.CommandText = "SELECT pg_advisory_unlock(" + JobLockClass.ToString(CultureInfo.InvariantCulture) + ", hashtext(@job))";
                unlock.Parameters.AddWithValue("@job", job);
                unlock.ExecuteScalar();
            });
        }

        private JobHandle? TryTakeFileJob(string job)
        {
            string name;
            using (var sha = SHA256.Create())
                name = BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(job)), 0, 12).Replace("-", "").ToLowerInvariant();
            try
            {
                // FileShare.None is an exclusive lock that another process (or another open here) cannot take while this one is open.
                var f = new FileStream(Path + "-job-" + name + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                try
                {
                    f.SetLength(0);
                    var text = Encoding.UTF8.GetBytes(job + "\n" + Environment.MachineName + " " + System.Diagnostics.Process.GetCurrentProcess().Id + "\n");
                    f.Write(text, 0, text.Length);
                    f.Flush();
                }
                catch (IOException) { /* the lock is what counts, not the note in it */ }
                return new JobHandle(this, f.Dispose);
            }
            catch (IOException)
            {
                return null;
            }
        }

        private sealed class JobHandle : IDisposable
        {
            private readonly WorkspaceStore _owner;
            private Action? _release;
            public JobHandle(WorkspaceStore owner, Action release) { _owner = owner; _release = release; }
            public void Dispose()
            {
                var r = System.Threading.Interlocked.Exchange(ref _release, null);
                if (r == null) return;
                lock (_owner._jobs) _owner._jobs.Remove(this);
                r();
            }
        }
    }
}
