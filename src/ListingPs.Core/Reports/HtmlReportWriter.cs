using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;

namespace ListingPs.Core.Reports
{
    /// <summary>
    /// Writes a report as one self-contained HTML page: inline CSS, inline SVG bar charts, no scripts, no external assets,
    /// so it opens from a file, an email attachment or a CI artefact and prints as it shows.
    /// </summary>
    public static class HtmlReportWriter
    {
        private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

        /// <summary>Bar colours by status kind (also used by the headline tiles).</summary>
        public static string ColorOf(StatusKind kind)
        {
            switch (kind)
            {
                case StatusKind.Good: return "#2e7d32";
                case StatusKind.Problem: return "#c62828";
                case StatusKind.Waiting: return "#f0a202";
                default: return "#8d99a6";
            }
        }

        private const string ReasonColor = "#e4572e";

        private const string Css = @"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: #1f2328; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 12px; }
.meta { color: #57606a; margin: 0 0 20px; font-size: 13px; }
section { background: #fff; border: 1px solid #d8dee4; border-radius: 8px; padding: 18px 20px; margin: 0 0 18px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; background: none; border: 0; padding: 0; }
.tile { flex: 1 1 150px; background: #fff; border: 1px solid #d8dee4; border-left: 6px solid #8d99a6; border-radius: 8px; padding: 12px 14px; }
.tile .n { display: block; font-size: 28px; font-weight: 700; line-height: 1.1; }
.tile .k { display: block; font-weight: 600; font-size: 14px; margin-top: 2px; }
.tile .l { display: block; color: #57606a; font-size: 13px; }
.tile.total { border-left-color: #1f2328; }
.charts { display: grid; grid-template-columns: 1fr; gap: 0; }
svg.chart { display: block; width: 100%; height: auto; max-width: 960px; }
svg.chart text { font: 13px system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif; fill: #1f2328; }
svg.chart text.val { font-weight: 700; }
svg.chart .sub { fill: #57606a; font-size: 12px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 7px 8px; border-bottom: 1px solid #e6e9ed; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: #57606a; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.id { white-space: nowrap; font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 13px; }
ul.reasons { margin: 0; padding: 0; list-style: none; }
ul.reasons li { margin: 0 0 6px; }
code { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 12px; background: #f1f3f5; padding: 1px 4px; border-radius: 4px; }
.hint { display: block; color: #0b5394; }
.hint::before { content: '\2192\00a0'; }
.more { margin: 12px 0 0; color: #57606a; }
.none { color: #2e7d32; font-weight: 600; margin: 0; }
.badge { display: inline-block; font-size: 12px; padding: 1px 7px; border-radius: 10px; background: #e8f5e9; color: #1b5e20; }
footer { color: #57606a; font-size: 12px; }
@media print { body { background: #fff; } section, .tile { break-inside: avoid; } }
";

        public static void Write(StatusReport report, TextWriter w)
        {
            w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            w.Write("<meta name=\"generator\" content=\"ListingPs Export-ListingReport\">\n");
            w.Write("<title>" + E("ListingPs report: " + report.Subject) + "</title>\n<style>" + Css + "</style>\n</head>\n<body>\n<main>\n");
            w.Write("<h1>" + E(report.Title) + "</h1>\n");
            w.Write("<p class=\"meta\">Generated " + E(report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Ci)) + " UTC");
            if (!string.IsNullOrEmpty(report.DataSource)) w.Write(" from " + E(report.DataSource!));
            if (!string.IsNullOrEmpty(report.CsvFileName)) w.Write(" &middot; every row: <a href=\"" + E(Uri.EscapeDataString(report.CsvFileName!)) + "\">" + E(report.CsvFileName!) + "</a>");
            w.Write("</p>\n");

            WriteHeadline(report, w);
            WriteCharts(report, w);
            WriteToFix(report, w);
            WriteRates(report, w);

            w.Write("<footer>ListingPs &middot; " + E(report.Kind.ToLowerInvariant()) + " report for " + E(report.Subject) +
                    ". Counts are offers; an offer refused for several reasons counts once under each reason.</footer>\n");
            w.Write("</main>\n</body>\n</html>\n");
        }

        private static void WriteHeadline(StatusReport report, TextWriter w)
        {
            w.Write("<section class=\"tiles\" id=\"headline\" aria-label=\"Headline counts\">\n");
            Tile(w, "total", null, report.Total, report.Kind == "Market" ? "Shared" : "Offers", report.Kind == "Market" ? "offers submitted to the market" : "offers in the report");
            foreach (var s in report.ByStatus)
                Tile(w, "status", s, s.Count, s.Key + (report.Total > 0 ? " (" + Percent(s.Count, report.Total) + ")" : ""), s.Label);
            if (report.WithWarnings > 0)
                Tile(w, "warn", null, report.WithWarnings, "With a warning", "selling, but the price is far from the converted base price");
            w.Write("</section>\n");
        }

        private static void Tile(TextWriter w, string cls, CountItem? status, long n, string name, string label)
        {
            var style = status != null ? " style=\"border-left-color:" + ColorOf(status.Kind) + "\"" : cls == "warn" ? " style=\"border-left-color:#f0a202\"" : "";
            var data = status != null ? " data-status=\"" + E(status.Key) + "\"" : "";
            w.Write("<div class=\"tile " + cls + "\"" + data + style + "><span class=\"n\">" + N(n) + "</span><span class=\"k\">" + E(name) + "</span><span class=\"l\">" + E(label) + "</span></div>\n");
        }

        private static void WriteCharts(StatusReport report, TextWriter w)
        {
            w.Write("<section id=\"by-status\">\n<h2>Offers by state</h2>\n");
            if (report.ByStatus.Count == 0) w.Write("<p class=\"more\">No offers in this report.</p>\n");
            else BarChart(w, "chart-status", "Offers by state", report.ByStatus, report.Total, c => ColorOf(c.Kind), c => c.Key, c => c.Label);
            w.Write("</section>\n");

            w.Write("<section id=\"by-reason\">\n<h2>Why offers are not selling</h2>\n");
            if (report.ByReason.Count == 0) w.Write("<p class=\"none\">No refusal reasons.</p>\n");
            else BarChart(w, "chart-reason", "Offers by reason", report.ByReason, report.Total, c => ReasonColor, c => c.Key, c => c.Label);
            w.Write("</section>\n");
        }

        /// <summary>A horizontal bar chart: per item a label line, then a bar scaled to the largest count, then the count.</summary>
        private static void BarChart(TextWriter w, string id, string label, IReadOnlyList<CountItem> items, long total,
            Func<CountItem, string> color, Func<CountItem, string> title, Func<CountItem, string> subtitle)
        {
            const int width = 960, left = 4, barMax = 780, row = 52, top = 6;
            long max = Math.Max(1, items.Max(i => i.Count));
            int height = top + items.Count * row + 4;
            w.Write("<svg class=\"chart\" id=\"" + id + "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height +
                    "\" width=\"" + width + "\" height=\"" + height + "\" role=\"img\" aria-label=\"" + E(label) + "\">\n");
            for (int i = 0; i < items.Count; i++)
            {
                var it = items[i];
                int y = top + i * row;
                int bar = (int)Math.Round(barMax * (double)it.Count / max);
                if (it.Count > 0 && bar < 3) bar = 3;
                var name = title(it);
                var sub = subtitle(it);
                w.Write("<g class=\"bar\" data-key=\"" + E(it.Key) + "\" data-count=\"" + it.Count.ToString(Ci) + "\">");
                w.Write("<title>" + E(name + ": " + N(it.Count)) + "</title>");
                w.Write("<text x=\"" + left + "\" y=\"" + (y + 14) + "\">" + E(name) +
                        (sub != name ? "<tspan class=\"sub\" dx=\"8\">" + E(sub) + "</tspan>" : "") + "</text>");
                w.Write("<rect x=\"" + left + "\" y=\"" + (y + 21) + "\" width=\"" + bar + "\" height=\"22\" rx=\"3\" fill=\"" + color(it) + "\"/>");
                w.Write("<text class=\"val\" x=\"" + (left + bar + 8) + "\" y=\"" + (y + 37) + "\">" + N(it.Count) +
                        (total > 0 ? " (" + Percent(it.Count, total) + ")" : "") + "</text>");
                w.Write("</g>\n");
            }
            w.Write("</svg>\n");
        }

        private static void WriteToFix(StatusReport report, TextWriter w)
        {
            w.Write("<section id=\"to-fix\">\n<h2>Offers to fix (" + N(report.ToFixTotal) + ")</h2>\n");
            if (report.ToFixTotal == 0)
            {
                w.Write("<p class=\"none\">Nothing to fix: no offer is refused.</p>\n</section>\n");
                return;
            }
            w.Write("<table>\n<thead><tr><th>Offer</th><th>Title</th><th>Why, and what to change</th><th class=\"num\">Price</th></tr></thead>\n<tbody>\n");
            foreach (var row in report.ToFix)
            {
                report.Titles.TryGetValue(row.Sku, out var title);
                w.Write("<tr data-offer=\"" + E(row.Sku) + "\"><td class=\"id\">" + E(row.Sku) + "</td><td>" + E(title ?? "") + "</td><td><ul class=\"reasons\">");
                if (row.Reasons.Count == 0 && !string.IsNullOrEmpty(row.Note))
                    w.Write("<li><span class=\"hint\">" + E(row.Note!) + "</span></li>");
                foreach (var r in row.Reasons)
                    w.Write("<li><code>" + E(r.Code) + "</code> " + E(r.Message) + "<span class=\"hint\">" + E(r.NextStep) + "</span></li>");
                w.Write("</ul></td><td class=\"num\">" + E(Price(row.Price, row.Currency)) + (row.PriceSource != null ? "<br><span class=\"badge\">" + E(row.PriceSource!.ToLowerInvariant()) + "</span>" : "") + "</td></tr>\n");
            }
            w.Write("</tbody>\n</table>\n");
            long rest = report.ToFixTotal - report.ToFix.Count;
            if (rest > 0)
                w.Write("<p class=\"more\" id=\"to-fix-more\">Showing the first " + N(report.ToFix.Count) + " of " + N(report.ToFixTotal) + " offers to fix; " +
                        N(rest) + " more " + (rest == 1 ? "is" : "are") + " in " + (string.IsNullOrEmpty(report.CsvFileName) ? "the CSV" : E(report.CsvFileName!)) + ".</p>\n");
            w.Write("</section>\n");
        }

        private static void WriteRates(StatusReport report, TextWriter w)
        {
            w.Write("<section id=\"rates\">\n<h2>Exchange rates used</h2>\n");
            if (report.Rates.Count == 0)
            {
                w.Write("<p class=\"more\">No converted prices in this report.</p>\n</section>\n");
                return;
            }
            w.Write("<table>\n<thead><tr><th>Pair</th><th class=\"num\">Rate</th><th>Source</th><th class=\"num\">Offers priced with it</th><th></th></tr></thead>\n<tbody>\n");
            foreach (var r in report.Rates)
                w.Write("<tr><td>1 " + E(r.From) + " = " + E(r.To) + "</td><td class=\"num\">" + E(r.Rate.ToString(Ci)) + "</td><td>" + E(r.Source) +
                        "</td><td class=\"num\">" + N(r.Rows) + "</td><td>" + (r.InEffect ? "<span class=\"badge\">in effect now</span>" : "") + "</td></tr>\n");
            w.Write("</tbody>\n</table>\n</section>\n");
        }

        private static string Price(decimal? price, string? currency) =>
            price.HasValue ? price.Value.ToString("#,0.##", Ci) + " " + currency : "no " + (string.IsNullOrEmpty(currency) ? "" : currency + " ") + "price";

        private static string N(long n) => n.ToString("N0", Ci);

        private static string Percent(long part, long total) =>
            (100.0 * part / total).ToString(part * 1000 / Math.Max(1, total) >= 10 ? "0" : "0.#", Ci) + "%";

        private static string E(string s) => WebUtility.HtmlEncode(s);
    }
}
