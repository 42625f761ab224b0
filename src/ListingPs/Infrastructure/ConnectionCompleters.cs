using ListingPs.Core.Workspace;
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ListingPs.Core.Model;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>Connection ids of the workspace the command line would use, with "source -> targets" as tooltip.</summary>
    public sealed class ConnectionIdCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary fakeBoundParameters)
        {
            string? explicitPath = null;
            if (fakeBoundParameters != null && fakeBoundParameters.Contains("Workspace")) explicitPath = fakeBoundParameters["Workspace"]?.ToString();
            var path = WorkspaceStore.ResolvePath(explicitPath);
            // Completion never creates a workspace.
            if (!WorkspaceLocation.IsPostgresText(path) && !File.Exists(path)) return Array.Empty<(string, string)>();
            var ws = WorkspaceRegistry.Get(path, use: false);
            return ws.Connections.Query().Select(c => (c.ConnectionId, c.SourceMarket + " -> " + string.Join(", ", c.TargetMarkets))).ToList();
        }
    }

    /// <summary>Reasons of connection report rows, with their meaning.</summary>
    public sealed class ConnectionReasonCompleter : ListCompleter
    {
        protected override IEnumerable<(string, string)> Values(IDictionary fakeBoundParameters) =>
            ConnectionReasons.All.OrderBy(c => c, StringComparer.Ordinal).Select(c => (c, ConnectionReasons.Describe(c)));
    }
}
