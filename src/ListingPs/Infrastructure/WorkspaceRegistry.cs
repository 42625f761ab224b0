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

        public static WorkspaceStore Get(string path, System.Net.NetworkCredential? credential = null)
        {
            var runspace = Runspace.DefaultRunspace;
            var id = runspace?.InstanceId ?? Guid.Empty;
            var key = (id, OperatingSystemPath(path));
            if (Open.TryGetValue(key, out var ws)) return ws;
            ws = WorkspaceStore.Open(path, credential);
            if (!Open.TryAdd(key, ws))
            {
                ws.Dispose();
                return Open[key];
            }
            if (runspace != null && Watched.TryAdd(id, true))
                runspace.StateChanged += OnRunspaceStateChanged;
            return ws;
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
                    try { ws.Dispose(); }
                    catch (Exception) { /* closing on shutdown: nothing left to report to */ }
                }
            }
        }
    }
}
