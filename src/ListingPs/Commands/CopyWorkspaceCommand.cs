using System;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core;
using ListingPs.Core.Workspace;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Copies a workspace into a new one: a SQLite file into a PostgreSQL database (or schema), and back.</para>
    /// <para type="description">Every table of the workspace (offers, shares and their reasons, exchange rates, the seller
    /// profile, market connections and their rows, catalogues, FBA inventory, Allegro's verdicts) streams in key order, in
    /// pages that are each committed in the target, so memory stays flat at any size. A copy that is stopped (Ctrl+C, a lost
    /// connection) resumes where it ended when the same command runs again. At the end the rows of every table are counted
    /// on both sides and must be equal (WorkspaceCopyMismatch otherwise). The target must be new (an empty file, database or
    /// schema, created when missing) or an unfinished copy of the same source; anything else is refused with
    /// WorkspaceCopyRefused and nothing is written. The source is only read. Writes one result per table.</para>
    /// <example><code>Copy-Workspace -From ./workspace.db -To 'Host=db.internal;Database=listingps;Username=admin' -ToCredential (Get-Credential)</code></example>
    /// <example><code>Copy-Workspace -To ./backup.db    # the current workspace ($env:LISTINGPS_WORKSPACE) into a file</code></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "Workspace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(WorkspaceCopyResult))]
    public sealed class CopyWorkspaceCommand : PSCmdlet
    {
        /// <summary>The workspace to copy: a file path or a PostgreSQL connection string. Default: $env:LISTINGPS_WORKSPACE, else the default file.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? From { get; set; }

        /// <summary>The new workspace: a file path or a PostgreSQL connection string (a missing database or Search Path schema is created).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string To { get; set; } = "";

        /// <summary>User name and password for a PostgreSQL source.</summary>
        [Parameter]
        [Credential]
        public PSCredential? FromCredential { get; set; }

        /// <summary>User name and password for a PostgreSQL target.</summary>
        [Parameter]
        [Credential]
        public PSCredential? ToCredential { get; set; }

        /// <summary>Rows per page, each committed in the target (default 5,000).</summary>
        [Parameter]
        [ValidateRange(100, 100000)]
        public int PageSize { get; set; } = 5000;

        protected override void EndProcessing()
        {
            string from = ListingPsCmdlet.ResolveWorkspace(this, From), to = ListingPsCmdlet.ResolveWorkspace(this, To);
            WorkspaceStore? source = null, target = null;
            try
            {
                if (!WorkspaceLocation.IsPostgresText(from) && !System.IO.File.Exists(from))
                    throw new ListingPsException(ErrorIds.WorkspaceUnavailable, "There is no workspace at '" + from + "' to copy.", ErrorKind.ObjectNotFound);
                source = WorkspaceStore.Open(from, Network(FromCredential));
                if (!ShouldProcess(Display(to, ToCredential), "Copy every table of the workspace '" + source.Path + "' into it")) return;
                target = WorkspaceStore.Open(to, Network(ToCredential));
                var activity = "Copying " + source.Path + " to " + target.Path;
                var progress = new ProgressRecord(1, activity, "Starting");
                var copier = new WorkspaceCopier
                {
                    PageSize = PageSize,
                    Stopping = () => Stopping,
                    Progress = (table, done, total) =>
                    {
                        progress.StatusDescription = table + ": " + done.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " of "
                            + total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " rows";
                        progress.PercentComplete = total > 0 ? (int)Math.Min(100, done * 100 / total) : -1;
                        WriteProgress(progress);
                    },
                };
                var results = copier.Copy(source, target);
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
                long rows = 0;
                foreach (var r in results) { rows += r.TargetRows; WriteObject(r); }
                WriteVerbose("Copied " + source.Path + " (" + source.EngineName + ") to " + target.Path + " (" + target.EngineName + "): "
                    + rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " rows in " + results.Count + " tables, counts equal.");
            }
            catch (ListingPsException ex)
            {
                ThrowTerminatingError(ListingPsCmdlet.ToErrorRecord(ex, To));
            }
            catch (OperationCanceledException) when (Stopping)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                target?.Dispose();
                source?.Dispose();
            }
        }

        private static System.Net.NetworkCredential? Network(PSCredential? c) =>
            c == null || c == PSCredential.Empty ? null : c.GetNetworkCredential();

        private static string Display(string location, PSCredential? credential) =>
            WorkspaceLocation.IsPostgresText(location) ? WorkspaceLocation.Postgres(location, Network(credential)).Display : location;
    }
}
