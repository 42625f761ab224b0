using System;
using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using ListingPs.Core.Workspace;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// One open workspace per runspace and file. The cmdlets of one pipeline share it (and its open transaction), so a
    /// pipeline can read what an earlier command in it wrote; another runspace has its own connection and sees what was
    /// committed. Workspaces close when their runspace closes or the module is removed.
    /// </summary>
    internal static class WorkspaceRegistry
    {
        private static readonly ConcurrentDictionary<(Guid, string), WorkspaceStore> Open = new ConcurrentDictionary<(Guid, string), WorkspaceStore>();
        private static readonly ConcurrentDictionary<Guid, bool> Watched = new ConcurrentDictionary<Guid, bool>();
        /// <summary>Cmdlets using each open workspace now, and when it was last taken.</summary>
        private static readonly ConcurrentDictionary<WorkspaceStore, (int Users, long LastUsed)> Use = new ConcurrentDictionary<WorkspaceStore, (int, long)>();
        private static long _clock;

        /// <summary>
        /// Idle PostgreSQL workspaces a runspace keeps connected. A file costs a handle; a database costs a server connection
        /// (a server process), and a session that touches many databases (a test run, an admin going through teams' schemas)
        /// would otherwise hold one per database until the runspace closes. Beyond these, the least recently used idle ones are
        /// committed and closed; one in use by a running cmdlet is never closed.
        /// </summary>
        internal const int IdlePostgresKept = 4;

        /// <summary>The runspace's workspace at <paramref name="path"/>, opened when needed. <paramref name="use"/>: a cmdlet takes it
        /// (and gives it back with <see cref="Release"/>); completers only look.</summary>
        public static WorkspaceStore Get(string path, System.Net.NetworkCredential? credential = null, bool use = true)
        {
            var runspace = Runspace.DefaultRunspace;
            var id = runspace?.InstanceId ?? Guid.Empty;
            var key = (id, OperatingSystemPath(path));
            if (!Open.TryGetValue(key, out var ws))
            {
                ws = WorkspaceStore.Open(path, credential);
                if (!Open.TryAdd(key, ws))
                {
                    ws.Dispose();
                    ws = Open[key];
                }
                else if (runspace != null && Watched.TryAdd(id, true))
                    runspace.StateChanged += OnRunspaceStateChanged;
            }
            long now = System.Threading.Interlocked.Increment(ref _clock);
            Use.AddOrUpdate(ws, _ => (use ? 1 : 0, now), (_, u) => (u.Users + (use ? 1 : 0), now));
            if (ws.IsPostgres) CloseIdlePostgres(id, ws);
            return ws;
        }

        /// <summary>A cmdlet is done with the workspace (its records are committed).</summary>
        public static void Release(WorkspaceStore ws) =>
            Use.AddOrUpdate(ws, _ => (0, 0), (_, u) => (Math.Max(0, u.Users - 1), u.LastUsed));

        private static void CloseIdlePostgres(Guid runspaceId, WorkspaceStore current)
        {
            var idle = new System.Collections.Generic.List<(long LastUsed, (Guid, string) Key, WorkspaceStore Store)>();
            foreach (var kv in Open)
            {
                if (kv.Key.Item1 != runspaceId || !kv.Value.IsPostgres || ReferenceEquals(kv.Value, current)) continue;
                if (Use.TryGetValue(kv.Value, out var u) && u.Users == 0 && kv.Value.PendingWrites == 0) idle.Add((u.LastUsed, kv.Key, kv.Value));
            }
            if (idle.Count <= IdlePostgresKept) return;
            idle.Sort((a, b) => a.LastUsed.CompareTo(b.LastUsed));
            for (int i = 0; i < idle.Count - IdlePostgresKept; i++)
            {
                if (!Open.TryRemove(idle[i].Key, out var ws)) continue;
                Use.TryRemove(ws, out _);
                try { ws.Dispose(); }
                catch (Exception) { /* an idle workspace has nothing uncommitted; a broken connection is dropped */ }
            }
        }

        private static string OperatingSystemPath(string path) =>
            Environment.OSVersion.Platform == PlatformID.Win32NT ? path.ToUpperInvariant() : path;

        private static void OnRunspaceStateChanged(object? sender, RunspaceStateEventArgs e)
        {
            if (!(sender is Runspace runspace)) return;
            var state = e.RunspaceStateInfo.State;
            if (state != RunspaceState.Closed && state != RunspaceState.Broken) return;
            CloseAll(runspace.InstanceId);
            Watched.TryRemove(runspace.InstanceId, out _);
            runspace.StateChanged -= OnRunspaceStateChanged;
        }

        /// <summary>Commits and closes every workspace of a runspace (all of them when <paramref name="runspaceId"/> is null).</summary>
        public static void CloseAll(Guid? runspaceId = null)
        {
            foreach (var kv in Open)
            {
                if (runspaceId.HasValue && kv.Key.Item1 != runspaceId.Value) continue;
                if (Open.TryRemove(kv.Key, out var ws))
                {
                    Use.TryRemove(ws, out _);
                    try { ws.Dispose(); }
                    catch (Exception) { /* closing on shutdown: nothing left to report to */ }
                }
            }
        }
    }
}
