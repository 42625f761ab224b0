using System;
using System.Globalization;
using System.IO;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace ListingPs.Core.Reports
{
    /// <summary>
    /// Writes a source's report: the CSV with every row (streamed while the report is built) and the HTML page. Both files
    /// are written next to their destination first and moved into place at the end, so a failed export leaves no half file.
    /// </summary>
    public static class ReportExporter
    {
        private static readonly UTF8Encoding Utf8Bom = new UTF8Encoding(true);
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <param name="csvPath">The CSV file; null writes none.</param>
        public static ReportSummary Export(IStatusReportSource source, string htmlPath, string? csvPath, ReportOptions? options = null,
            Action<long, long>? progress = null, string? dataSource = null)
        {
            if (string.IsNullOrEmpty(htmlPath)) throw new ArgumentException("An HTML path is required.", nameof(htmlPath));
            string? csvTemp = null, htmlTemp = null;
            try
            {
                StatusReport report;
                if (csvPath != null)
                {
                    csvTemp = TempNextTo(csvPath);
                    // A BOM so spreadsheet programs read the Czech and Polish letters right.
                    using (var writer = new StreamWriter(csvTemp, false, Utf8Bom))
                    using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)))
                    {
                        WriteHeader(csv, source);
                        report = StatusReportBuilder.Build(source, options, row => WriteRow(csv, row), progress);
                    }
                    report.CsvFileName = Path.GetFileName(csvPath);
                }
                else
                {
                    report = StatusReportBuilder.Build(source, options, null, progress);
                }
                report.DataSource = dataSource;
                htmlTemp = TempNextTo(htmlPath);
                using (var writer = new StreamWriter(htmlTemp, false, Utf8))
                    HtmlReportWriter.Write(report, writer);
                Replace(htmlTemp, htmlPath);
                htmlTemp = null;
                if (csvTemp != null)
                {
                    Replace(csvTemp, csvPath!);
                    csvTemp = null;
                }
                return StatusReportBuilder.Summarize(report, htmlPath, csvPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ListingPsException(ReportErrorIds.ReportWriteFailed, "Cannot write the report: " + ex.Message, ErrorKind.ResourceUnavailable, ex);
            }
            finally
            {
                TryDelete(csvTemp);
                TryDelete(htmlTemp);
            }
        }

        /// <summary>The CSV columns: the source's id and target names, then status, reasons, next step and prices.</summary>
        public static string[] Columns(IStatusReportSource source) => new[]
        {
            source.IdLabel, source.TargetLabel, "Status", "ReasonCodes", "Reasons", "NextStep", "Price", "Currency", "PriceSource",
            "BasePrice", "BaseCurrency", "ExchangeRate", "RateSource", "Warnings", "UpdatedAt",
        };

        private static void WriteHeader(CsvWriter csv, IStatusReportSource source)
        {
            foreach (var c in Columns(source)) csv.WriteField(c);
            csv.NextRecord();
        }

        // The id columns (OfferId/SKU, Market/Target) and the numbers and dates are written as they are, so Import-Csv pipes
        // them back into the cmdlets; every other column is text people read in a spreadsheet and goes through Guard.
        private static void WriteRow(CsvWriter csv, StatusReportRow row)
        {
            csv.WriteField(row.Sku);
            csv.WriteField(row.Target);
            csv.WriteField(Guard(row.Status));
            csv.WriteField(Guard(row.ReasonCodes));
            csv.WriteField(Guard(row.ReasonText));
            csv.WriteField(Guard(row.NextStep));
            csv.WriteField(InvariantText(row.Price));
            csv.WriteField(Guard(row.Currency ?? ""));
            csv.WriteField(Guard(row.PriceSource ?? ""));
            csv.WriteField(InvariantText(row.BasePrice));
            csv.WriteField(Guard(row.BaseCurrency ?? ""));
            csv.WriteField(InvariantText(row.ExchangeRate));
            csv.WriteField(Guard(row.RateSource ?? ""));
            csv.WriteField(Guard(string.Join(" | ", row.Warnings)));
            csv.WriteField(row.UpdatedAt.HasValue ? row.UpdatedAt.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "");
            csv.NextRecord();
        }

        /// <summary>The columns written through <see cref="Guard"/>: text for people, not read back by the cmdlets.</summary>
        public static readonly string[] GuardedColumns =
            { "Status", "ReasonCodes", "Reasons", "NextStep", "Currency", "PriceSource", "BaseCurrency", "RateSource", "Warnings" };

        /// <summary>
        /// CSV injection (OWASP): a spreadsheet takes a cell that starts with =, +, -, @, tab or carriage return as a formula.
        /// Such a value gets a leading single quote, which spreadsheets show as text; any other value is written unchanged.
        /// </summary>
        public static string Guard(string value)
        {
            if (value.Length == 0) return value;
            char c = value[0];
            return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
        }

        private static string InvariantText(decimal? d) => d.HasValue ? d.Value.ToString(CultureInfo.InvariantCulture) : "";

        private static string TempNextTo(string path)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (string.IsNullOrEmpty(dir)) dir = ".";
            if (!Directory.Exists(dir))
                throw new ListingPsException(ReportErrorIds.ReportWriteFailed, "The folder '" + dir + "' does not exist.", ErrorKind.ObjectNotFound);
            return Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        }

        private static void Replace(string temp, string destination)
        {
            if (File.Exists(destination)) File.Delete(destination);
            File.Move(temp, destination);
        }

        private static void TryDelete(string? path)
        {
            if (path == null) return;
            try { if (File.Exists(path)) File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
