using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Imports the products that have a detail page in a market's catalogue.</para>
    /// <para type="description">Market connections list a source offer on a target only when its product (ASIN) has a
    /// detail page there; otherwise the report says NoDetailPage. Where no catalogue was imported for a target, every product
    /// is taken to exist there. Product ids come from the pipeline (ProductId or ASIN properties, so Import-Csv rows bind) or
    /// from files with -Path (a CSV with a ProductId or ASIN column, or one id per line) or -LiteralPath, which binds the
    /// files Get-ChildItem pipes. Imports add to the market's catalogue; -Replace starts it afresh. Sync-MarketConnection applies a new catalogue to the connections.</para>
    /// </summary>
    [Cmdlet(VerbsData.Import, "Catalog", SupportsShouldProcess = true, DefaultParameterSetName = PipelineSet)]
    [OutputType(typeof(CatalogImportResult))]
    public sealed class ImportCatalogCommand : ConnectionCmdlet
    {
        private const string PipelineSet = "Pipeline";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>The market whose catalogue the products belong to (amazon-de...).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MarketCompleter))]
        [ValidateNotNullOrEmpty]
        public string Market { get; set; } = "";

        /// <summary>Product ids (ASINs) with a detail page in the market.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PipelineSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ASIN")]
        [AllowEmptyString]
        public string[] ProductId { get; set; } = new string[0];

        /// <summary>Files of product ids: a CSV with a ProductId or ASIN column, or one id per line. Wildcards allowed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, Position = 1)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Files of product ids as -Path takes them, with the paths used as given (no wildcards). Binds the files
        /// Get-ChildItem pipes (their PSPath or FullName).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>Drops the market's catalogue before importing (otherwise the products are added to it).</summary>
        [Parameter]
        public SwitchParameter Replace { get; set; }

        private readonly Dictionary<string, CatalogImportResult> _markets = new Dictionary<string, CatalogImportResult>(StringComparer.OrdinalIgnoreCase);
        private long _read;

        protected override void ProcessRecord()
        {
            Try(Market, () =>
            {
                if (!_markets.TryGetValue(Market, out var result))
                {
                    if (!ShouldProcess(Market, Replace ? "Replace the catalogue" : "Add products to the catalogue")) return;
                    var m = Connections.BeginCatalog(Market, Replace);
                    result = new CatalogImportResult { Market = m.Id, Replaced = Replace };
                    _markets[Market] = result;
                }
                if (ParameterSetName == PathSet)
                {
                    foreach (var p in Path)
                    {
                        IEnumerable<string> files;
                        try { files = GetResolvedProviderPathFromPSPath(p, out _); }
                        catch (ItemNotFoundException ex)
                        {
                            WriteError(new ErrorRecord(ex, "InputFileNotFound", ErrorCategory.ObjectNotFound, p));
                            continue;
                        }
                        foreach (var file in files)
                            if (!Read(result, file)) return;
                    }
                }
                else if (ParameterSetName == LiteralPathSet)
                {
                    foreach (var p in LiteralPath)
                    {
                        var file = GetUnresolvedProviderPathFromPSPath(p);
                        if (!File.Exists(file))
                        {
                            var message = Directory.Exists(file)
                                ? "'" + p + "' is a folder, not a file of product ids (Get-ChildItem -File lists the files only)."
                                : "Cannot find the file '" + p + "' because it does not exist.";
                            WriteError(new ErrorRecord(new ItemNotFoundException(message), "InputFileNotFound", ErrorCategory.ObjectNotFound, p));
                            continue;
                        }
                        if (!Read(result, file)) return;
                    }
                }
                else
                {
                    foreach (var id in ProductId) Add(result, id);
                }
            });
        }

        /// <summary>Adds the product ids of one file; false when the command is stopping.</summary>
        private bool Read(CatalogImportResult result, string file)
        {
            foreach (var id in CatalogFileReader.Read(file))
            {
                if (Stopping) return false;
                Add(result, id);
            }
            return true;
        }

        private void Add(CatalogImportResult result, string id)
        {
            if (Connections.AddCatalogProduct(result.Market, id)) result.Read++;
            _read++;
            ReportProgress(1, "Importing the catalogue of " + result.Market, _read, -1, id);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            CompleteProgress(1, "Importing the catalogue");
            foreach (var result in _markets.Values)
            {
                result.Total = Connections.CountCatalog(result.Market);
                WriteObject(result);
            }
        }
    }
}
