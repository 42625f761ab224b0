using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ListingPs.Core.Reports
{
    /// <summary>Reads a source's rows once: counts by status and reason, keeps the first rows to fix, tallies the rates used.</summary>
    public static class StatusReportBuilder
    {
        /// <param name="source">The rows.</param>
        /// <param name="options">Caps and title.</param>
        /// <param name="eachRow">Called for every row as it is read (the CSV writer streams them).</param>
        /// <param name="progress">Called with (rows read, rows in total or -1).</param>
        public static StatusReport Build(IStatusReportSource source, ReportOptions? options = null, Action<StatusReportRow>? eachRow = null,
            Action<long, long>? progress = null)
        {
            options = options ?? new ReportOptions();
            var clock = options.Clock ?? (() => DateTimeOffset.UtcNow);
            var report = new StatusReport
            {
                Kind = source.Kind,
                Subject = source.Subject,
                Title = string.IsNullOrEmpty(options.Title) ? source.Title : options.Title!,
                GeneratedAt = clock(),
            };
            long total = source.CountRows() ?? -1;

            var byStatus = new Dictionary<string, CountItem>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in source.Statuses) byStatus[s.Name] = new CountItem(s.Name, s.Label, s.Kind, 0);
            var byReason = new Dictionary<string, CountItem>(StringComparer.OrdinalIgnoreCase);
            var rates = new Dictionary<(string, string, decimal, string), RateUsage>();
            var toFix = new List<StatusReportRow>();
            long seen = 0, problems = 0, warned = 0;

            foreach (var row in source.Rows())
            {
                seen++;
                eachRow?.Invoke(row);
                if (!byStatus.TryGetValue(row.Status, out var item))
                    byStatus[row.Status] = item = new CountItem(row.Status, row.Status, row.Kind, 0);
                item.Count++;
                var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var reason in row.Reasons)
                {
                    if (!codes.Add(reason.Code)) continue;
                    if (!byReason.TryGetValue(reason.Code, out var r))
                        byReason[reason.Code] = r = new CountItem(reason.Code, source.DescribeReason(reason.Code) ?? reason.Code, StatusKind.Problem, 0);
                    r.Count++;
                }
                if (row.Kind == StatusKind.Problem)
                {
                    problems++;
                    if (toFix.Count < options.MaxRows) toFix.Add(row);
                }
                else if (row.Kind == StatusKind.Good && row.Warnings.Count > 0) warned++;
                if (row.Price.HasValue && row.ExchangeRate.HasValue && !string.IsNullOrEmpty(row.BaseCurrency) && !string.IsNullOrEmpty(row.Currency)
                    && !string.Equals(row.BaseCurrency, row.Currency, StringComparison.OrdinalIgnoreCase))
                {
                    var key = (row.BaseCurrency!, row.Currency!, row.ExchangeRate.Value, row.RateSource ?? "");
                    if (!rates.TryGetValue(key, out var u))
                        rates[key] = u = new RateUsage(key.Item1, key.Item2, key.Item3, key.Item4, 0, false);
                    u.Rows++;
                }
                progress?.Invoke(seen, total);
            }

            foreach (var current in source.CurrentRates())
            {
                var match = rates.Values.FirstOrDefault(u => string.Equals(u.From, current.From, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(u.To, current.To, StringComparison.OrdinalIgnoreCase) && u.Rate == current.Rate
                    && string.Equals(u.Source, current.Source, StringComparison.OrdinalIgnoreCase));
                if (match != null) match.InEffect = true;
                else rates[(current.From, current.To, current.Rate, current.Source)] = new RateUsage(current.From, current.To, current.Rate, current.Source, 0, true);
            }

            report.Total = seen;
            report.ByStatus = byStatus.Values.Where(c => c.Count > 0).ToList();
            report.ByReason = byReason.Values.OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
            report.ToFix = toFix;
            report.ToFixTotal = problems;
            report.WithWarnings = warned;
            report.Rates = rates.Values.OrderByDescending(r => r.InEffect).ThenByDescending(r => r.Rows).ToList();
            var titles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in toFix)
            {
                if (titles.ContainsKey(row.Sku)) continue;
                var t = source.TitleOf(row.Sku);
                if (!string.IsNullOrEmpty(t)) titles[row.Sku] = t!;
            }
            report.Titles = titles;
            return report;
        }

        /// <summary>The pipeline summary of a built report.</summary>
        public static ReportSummary Summarize(StatusReport report, string htmlPath, string? csvPath) => new ReportSummary
        {
            Kind = report.Kind,
            Subject = report.Subject,
            Total = report.Total,
            ToFix = report.ToFixTotal,
            Counts = string.Join("; ", report.ByStatus.Select(c => c.Key + "=" + c.Count.ToString(CultureInfo.InvariantCulture))),
            TopReasons = string.Join("; ", report.ByReason.Take(5).Select(c => c.Key + "=" + c.Count.ToString(CultureInfo.InvariantCulture))),
            Path = htmlPath,
            CsvPath = csvPath ?? "",
            GeneratedAt = report.GeneratedAt,
        };
    }
}
