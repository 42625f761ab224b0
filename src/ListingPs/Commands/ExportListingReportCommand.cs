using System.IO;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;
using ListingPs.Core.Reports;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Writes an HTML report and a CSV of a market's verification state or a market connection's status report: what sells, what does not and what to change.</para>
    /// <para type="description">Export-ListingReport reads every share record of an additional market (-Market allegro-cz,
    /// allegro-sk, allegro-hu...) or every status report row of a market connection (-ConnectionId) from the workspace and
    /// writes two files. The HTML page is self-contained (inline styles and SVG charts,
    /// no scripts, no external files), so it opens in any browser, from a mail attachment or a CI artefact: headline counts,
    /// a bar chart of the offers by state and one by reason, the offers to fix (Refused, or Not synchronized) with the reasons
    /// and the recommended next step for each (the first -MaxRows of them, with a count of the rest), and the exchange rates
    /// the target prices were converted with. The CSV has every row - OfferId (SKU for a connection), Market (Target),
    /// Status, ReasonCodes, Reasons, NextStep, prices, rate - and reads back with Import-Csv, so its id column pipes straight
    /// into the cmdlets that fix offers. The command writes a summary of the report (counts and the paths of both files) to
    /// the pipeline.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "ListingReport", SupportsShouldProcess = true, DefaultParameterSetName = MarketSet)]
    [OutputType(typeof(ReportSummary))]
    public sealed class ExportListingReportCommand : ConnectionCmdlet
    {
        private const string MarketSet = "Market";
        private const string ConnectionSet = "Connection";

        /// <summary>The additional market to report on (allegro-cz, allegro-sk, allegro-hu...). A base market has no verification state.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MarketSet)]
        [ArgumentCompleter(typeof(AdditionalMarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string Market { get; set; } = "";

        /// <summary>The market connection whose status report to write (C001...; pipeline: a connection's ConnectionId).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ConnectionSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ConnectionIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string ConnectionId { get; set; } = "";

        /// <summary>The HTML file to write. An existing file is replaced (unless -NoClobber); the folder must exist.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>The CSV file to write. Default: the HTML path with the extension .csv.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CsvPath { get; set; }

        /// <summary>How many offers to fix the HTML lists in full (default 200); the page counts the rest, the CSV has them all.</summary>
        [Parameter]
        [ValidateRange(1, 100000)]
        public int MaxRows { get; set; } = 200;

        /// <summary>A heading for the page instead of the market's or the connection's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        /// <summary>Does not replace existing files: the command fails with ReportFileExists instead.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        protected override void ProcessRecord()
        {
            var html = GetUnresolvedProviderPathFromPSPath(Path);
            var csv = CsvPath != null ? GetUnresolvedProviderPathFromPSPath(CsvPath) : System.IO.Path.ChangeExtension(html, ".csv");
            if (string.Equals(System.IO.Path.GetFullPath(html), System.IO.Path.GetFullPath(csv), System.StringComparison.Ordinal))
            {
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException("The CSV path must differ from the HTML path: " + html, nameof(CsvPath)),
                    "ReportPathsCollide", ErrorCategory.InvalidArgument, csv));
            }
            if (NoClobber)
            {
                foreach (var f in new[] { html, csv })
                    if (File.Exists(f))
                    {
                        WriteError(ToErrorRecord(new ListingPsException(ReportErrorIds.ReportFileExists,
                            "The file '" + f + "' exists and -NoClobber was given.", ErrorKind.ResourceUnavailable), f));
                        return;
                    }
            }
            IStatusReportSource? source = null;
            object subject = ParameterSetName == ConnectionSet ? ConnectionId : Market;
            if (!Try(subject, () => source = ParameterSetName == ConnectionSet
                    ? new ConnectionReportSource(Connections, ConnectionId)
                    : (IStatusReportSource)new MarketReportSource(Shares, Market)) || source == null) return;
            if (!ShouldProcess(html + " and " + csv, "Write the report of " + source.Subject)) return;

            var activity = "Reporting on " + source.Subject;
            Try(subject, () =>
            {
                var summary = ReportExporter.Export(source, html, csv, new ReportOptions { MaxRows = MaxRows, Title = Title },
                    (done, total) => ReportProgress(1, activity, done, total), Store.Path);
                CompleteProgress(1, activity);
                Verbose("Wrote " + html + " and " + csv + ": " + summary.Total + " offer(s), " + summary.ToFix + " to fix.");
                WriteObject(summary);
            });
        }
    }
}
