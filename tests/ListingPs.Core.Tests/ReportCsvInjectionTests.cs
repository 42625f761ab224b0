using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ListingPs.Core.Reports;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>The report CSV guards the columns people read against formula injection and leaves the id columns as they are.</summary>
    public sealed class ReportCsvInjectionTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "listingps-csvinj-" + Guid.NewGuid().ToString("N"));

        public ReportCsvInjectionTests() => Directory.CreateDirectory(_dir);
        public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

        [Theory]
        [InlineData("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")")]
        [InlineData("+1", "'+1")]
        [InlineData("-1+1", "'-1+1")]
        [InlineData("@SUM(A1)", "'@SUM(A1)")]
        [InlineData("\tx", "'\tx")]
        [InlineData("\rx", "'\rx")]
        [InlineData("Fine = fine", "Fine = fine")]
        [InlineData("", "")]
        public void Guard_quotes_a_cell_that_a_spreadsheet_would_take_as_a_formula(string value, string expected)
        {
            Assert.Equal(expected, ReportExporter.Guard(value));
        }

        [Fact]
        public void The_export_guards_reasons_hints_and_warnings_but_not_ids_or_numbers()
        {
            var source = new FakeSource(new StatusReportRow
            {
                Sku = "PL-1", Target = "allegro-cz", Status = "Refused", Kind = StatusKind.Problem,
                Reasons = new[] { new ReportReason("=CODE", "=HYPERLINK(\"http://evil\",\"click\")", "@next") },
                Price = -5m, Currency = "CZK", Warnings = new[] { "+warn" },
            });
            var csv = Path.Combine(_dir, "r.csv");
            ReportExporter.Export(source, Path.Combine(_dir, "r.html"), csv);
            using var reader = new CsvHelper.CsvReader(new StreamReader(csv), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(reader.Read());
            Assert.True(reader.Read());
            var cells = Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray();
            Assert.False(reader.Read());
            var columns = ReportExporter.Columns(source);
            string Cell(string name) => cells[Array.IndexOf(columns, name)];
            Assert.Equal("PL-1", Cell("OfferId"));
            Assert.Equal("allegro-cz", Cell("Market"));
            Assert.Equal("'=CODE", Cell("ReasonCodes"));
            Assert.Equal("'=HYPERLINK(\"http://evil\",\"click\")", Cell("Reasons"));
            Assert.Equal("'@next", Cell("NextStep"));
            Assert.Equal("'+warn", Cell("Warnings"));
            Assert.Equal("-5", Cell("Price")); // numbers stay numbers
            var html = File.ReadAllText(Path.Combine(_dir, "r.html"));
            Assert.DoesNotContain("=HYPERLINK(\"http://evil\"", html);
            Assert.Contains("=HYPERLINK(&quot;http://evil&quot;", html);
            Assert.DoesNotContain("<script>", html);
            Assert.Contains("&lt;i&gt;t&lt;/i&gt;", html); // the title, escaped
            Assert.DoesNotContain("<i>t</i>", html);
        }

        private sealed class FakeSource : IStatusReportSource
        {
            private readonly StatusReportRow _row;
            public FakeSource(StatusReportRow row) => _row = row;
            public string Kind => "Market";
            public string Subject => "allegro-cz";
            public string Title => "<script>alert(1)</script>";
            public string IdLabel => "OfferId";
            public string TargetLabel => "Market";
            public IReadOnlyList<StatusInfo> Statuses { get; } = new[] { new StatusInfo("Refused", StatusKind.Problem, "refused") };
            public long? CountRows() => 1;
            public IEnumerable<StatusReportRow> Rows() { yield return _row; }
            public IReadOnlyList<RateUsage> CurrentRates() => Array.Empty<RateUsage>();
            public string? DescribeReason(string code) => "<b>" + code + "</b>";
            public string? TitleOf(string sku) => "=HYPERLINK(\"http://evil\",\"<i>t</i>\")";
        }
    }
}
