using System;
using System.Collections.Generic;
using ListingPs.Core.Model;

namespace ListingPs.Core.Reports
{
    /// <summary>How a status reads at a glance (and which colour its bar gets).</summary>
    [Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
    public enum StatusKind
    {
        /// <summary>Selling: Approved, Synchronized.</summary>
        Good,
        /// <summary>Needs the seller: Refused, Not synchronized.</summary>
        Problem,
        /// <summary>Waiting for the marketplace or the offer: Pending, InProgress.</summary>
        Waiting,
        /// <summary>Deliberately off the market: Withdrawn, NotRequested, Disconnected.</summary>
        Inactive,
    }

    /// <summary>A status a report can show, in display order.</summary>
    public sealed class StatusInfo
    {
        public StatusInfo(string name, StatusKind kind, string label)
        {
            Name = name; Kind = kind; Label = label;
        }
        public string Name { get; }
        public StatusKind Kind { get; }
        /// <summary>What it means for the seller ("buyers on the market can buy").</summary>
        public string Label { get; }
    }

    /// <summary>One reason a row is not selling, with what to change.</summary>
    public sealed class ReportReason
    {
        public ReportReason(string code, string message, string nextStep)
        {
            Code = code; Message = message; NextStep = nextStep;
        }
        public string Code { get; }
        public string Message { get; }
        public string NextStep { get; }
    }

    /// <summary>
    /// One row of a status report: an offer (a SKU for a market connection) on one target market, its status, why, and the
    /// recommended next step. Market verification reports and connection status reports both come as these rows.
    /// </summary>
    public sealed class StatusReportRow
    {
        /// <summary>The offer id or SKU.</summary>
        public string Sku { get; set; } = "";
        /// <summary>The target market.</summary>
        public string Target { get; set; } = "";
        public string Status { get; set; } = "";
        public StatusKind Kind { get; set; }
        public IReadOnlyList<ReportReason> Reasons { get; set; } = Array.Empty<ReportReason>();
        /// <summary>A next step for a row without reasons (e.g. a pending offer that is inactive on its own market).</summary>
        public string? Note { get; set; }
        public decimal? Price { get; set; }
        public string? Currency { get; set; }
        public string? PriceSource { get; set; }
        public decimal? BasePrice { get; set; }
        public string? BaseCurrency { get; set; }
        public decimal? ExchangeRate { get; set; }
        public string? RateSource { get; set; }
        public IReadOnlyList<string> Warnings { get; set; } = Array.Empty<string>();
        public DateTimeOffset? UpdatedAt { get; set; }

        public string ReasonCodes => Join(Reasons, r => r.Code, ";");
        public string ReasonText => Join(Reasons, r => r.Message, " | ");
        public string NextStep => Reasons.Count == 0 ? Note ?? "" : Join(Reasons, r => r.NextStep, " | ");

        private static string Join(IReadOnlyList<ReportReason> reasons, Func<ReportReason, string> pick, string separator)
        {
            if (reasons.Count == 0) return "";
            var parts = new string[reasons.Count];
            for (int i = 0; i < parts.Length; i++) parts[i] = pick(reasons[i]);
            return string.Join(separator, parts);
        }
    }

    /// <summary>
    /// What a status report is built from. A market's verification state (<see cref="MarketReportSource"/>) and a market
    /// connection's status report both implement it; the report builder and writers know nothing else.
    /// </summary>
    public interface IStatusReportSource
    {
        /// <summary>"Market" or "Connection".</summary>
        string Kind { get; }
        /// <summary>The market id or connection id.</summary>
        string Subject { get; }
        /// <summary>The report's heading.</summary>
        string Title { get; }
        /// <summary>Column name of <see cref="StatusReportRow.Sku"/> in the CSV ("OfferId", "SKU").</summary>
        string IdLabel { get; }
        /// <summary>Column name of <see cref="StatusReportRow.Target"/> in the CSV ("Market", "Target").</summary>
        string TargetLabel { get; }
        /// <summary>Every status the source knows, in display order.</summary>
        IReadOnlyList<StatusInfo> Statuses { get; }
        /// <summary>How many rows <see cref="Rows"/> will give, when known cheaply (for progress); null when not.</summary>
        long? CountRows();
        /// <summary>Every row, streamed.</summary>
        IEnumerable<StatusReportRow> Rows();
        /// <summary>Exchange rates in effect now for the report's prices.</summary>
        IReadOnlyList<RateUsage> CurrentRates();
        /// <summary>What a reason code means, for chart labels; null when unknown.</summary>
        string? DescribeReason(string code);
        /// <summary>The offer's title for the rows shown in full (a few hundred at most); null when unknown.</summary>
        string? TitleOf(string sku);
    }

    /// <summary>A bar of a chart: a status or a reason code and how many rows have it.</summary>
    public sealed class CountItem
    {
        public CountItem(string key, string label, StatusKind kind, long count)
        {
            Key = key; Label = label; Kind = kind; Count = count;
        }
        public string Key { get; }
        public string Label { get; }
        public StatusKind Kind { get; }
        public long Count { get; internal set; }
    }

    /// <summary>An exchange rate the report's prices were converted with, and how many rows used it.</summary>
    public sealed class RateUsage
    {
        public RateUsage(string from, string to, decimal rate, string source, long rows, bool inEffect)
        {
            From = from; To = to; Rate = rate; Source = source; Rows = rows; InEffect = inEffect;
        }
        public string From { get; }
        public string To { get; }
        public decimal Rate { get; }
        public string Source { get; }
        public long Rows { get; internal set; }
        /// <summary>True for the rate conversions would use now.</summary>
        public bool InEffect { get; internal set; }
    }

    /// <summary>The aggregated report: headline counts, counts by status and reason, the rows to fix, the rates used.</summary>
    public sealed class StatusReport
    {
        public string Kind { get; internal set; } = "";
        public string Subject { get; internal set; } = "";
        public string Title { get; internal set; } = "";
        public DateTimeOffset GeneratedAt { get; internal set; }
        public long Total { get; internal set; }
        public IReadOnlyList<CountItem> ByStatus { get; internal set; } = Array.Empty<CountItem>();
        public IReadOnlyList<CountItem> ByReason { get; internal set; } = Array.Empty<CountItem>();
        /// <summary>The first rows with a Problem status (capped by <see cref="ReportOptions.MaxRows"/>).</summary>
        public IReadOnlyList<StatusReportRow> ToFix { get; internal set; } = Array.Empty<StatusReportRow>();
        /// <summary>How many rows have a Problem status in all.</summary>
        public long ToFixTotal { get; internal set; }
        /// <summary>Titles of the rows in <see cref="ToFix"/>, by SKU.</summary>
        public IReadOnlyDictionary<string, string> Titles { get; internal set; } = new Dictionary<string, string>();
        /// <summary>Rows that sell but carry a warning (e.g. a price more than 10% from the converted base price).</summary>
        public long WithWarnings { get; internal set; }
        public IReadOnlyList<RateUsage> Rates { get; internal set; } = Array.Empty<RateUsage>();
        /// <summary>The CSV file's name, linked from the HTML; null when no CSV is written.</summary>
        public string? CsvFileName { get; set; }
        /// <summary>Where the data came from (the workspace file), shown in the footer.</summary>
        public string? DataSource { get; set; }
    }

    /// <summary>How a report is built.</summary>
    public sealed class ReportOptions
    {
        /// <summary>Rows to fix shown in full in the HTML; the rest are counted (the CSV has them all).</summary>
        public int MaxRows { get; set; } = 200;
        /// <summary>A title instead of the source's.</summary>
        public string? Title { get; set; }
        public Func<DateTimeOffset>? Clock { get; set; }
    }

    /// <summary>What Export-ListingReport writes to the pipeline: where the files are and the headline counts.</summary>
    public sealed class ReportSummary
    {
        public string Kind { get; set; } = "";
        /// <summary>The market id or connection id.</summary>
        public string Subject { get; set; } = "";
        public long Total { get; set; }
        /// <summary>Rows with a problem status (Refused, Not synchronized): the offers to fix.</summary>
        public long ToFix { get; set; }
        /// <summary>Counts by status, e.g. "Approved=2700; Refused=250".</summary>
        public string Counts { get; set; } = "";
        /// <summary>The reason codes by count, most frequent first, e.g. "VQR001_CURRENCY_NOT_AVAILABLE=120; ...".</summary>
        public string TopReasons { get; set; } = "";
        /// <summary>The HTML file.</summary>
        public string Path { get; set; } = "";
        /// <summary>The CSV file (empty when none was written).</summary>
        public string CsvPath { get; set; } = "";
        public DateTimeOffset GeneratedAt { get; set; }
    }

    /// <summary>Stable error ids of the report writer.</summary>
    public static class ReportErrorIds
    {
        public const string ReportWriteFailed = "ReportWriteFailed";
        public const string ReportFileExists = "ReportFileExists";
    }
}
