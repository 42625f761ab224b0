using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>Export-ListingReport from a workspace filled with Import-Csv-shaped rows: the HTML page, the CSV, the summary.</summary>
    public sealed class ReportTests : IDisposable
    {
        private readonly PowerShellSession _ps = new PowerShellSession();
        private readonly string _dir;

        public ReportTests()
        {
            _dir = Path.GetDirectoryName(_ps.WorkspacePath)!;
        }

        public void Dispose() => _ps.Dispose();

        /// <summary>Eight approved, four refused (several reasons), one pending, two without a CZK price after the weekly check.</summary>
        internal static void Seed(PowerShellSession ps)
        {
            var rows = new List<string>();
            for (int i = 1; i <= 8; i++) rows.Add(SharedOffersTests.Row("OK-" + i, price: (40 + i) + ".00"));
            rows.Add(SharedOffersTests.Row("R-PERS", account: "Personal", format: "Auction"));
            rows.Add(SharedOffersTests.Row("R-DELIV", delivery: "allegro-dpd-pl"));
            rows.Add(SharedOffersTests.Row("R-LANG", translations: ""));
            rows.Add(SharedOffersTests.Row("R-CAT", category: "Motoryzacja/Pojazdy/Osobowe"));
            rows.Add(SharedOffersTests.Row("P-INACT", status: "Inactive"));
            var submitted = ps.RunWithInput("$input | Submit-Offer -Market allegro-cz | Out-Null", SharedOffersTests.Rows(rows.ToArray()));
            Assert.Empty(submitted.Errors);
            var later = ps.RunWithInput("$input | Import-Offer; Invoke-VisibilityCheck -Market allegro-cz | Out-Null",
                SharedOffersTests.Rows(SharedOffersTests.Row("V-1", price: "10.00"), SharedOffersTests.Row("V-2", price: "12.00")));
            Assert.Empty(later.Errors);
        }

        [Fact]
        public void Writes_html_and_csv_and_a_summary_of_a_markets_verification_state()
        {
            Seed(_ps);
            var html = Path.Combine(_dir, "cz.html");
            var r = _ps.Run("Export-ListingReport -Market allegro-cz -Path $args[0]", html);
            Assert.Empty(r.Errors);
            var summary = r.Single();
            Assert.Equal("ListingPs.Core.Reports.ReportSummary", summary.TypeName);
            Assert.Equal(15L, summary["Total"]);
            Assert.Equal(6L, summary["ToFix"]);
            Assert.Equal("Approved=8; Refused=6; Pending=1", summary.S("Counts"));
            Assert.StartsWith("VQR001_CURRENCY_NOT_AVAILABLE=2", summary.S("TopReasons"));
            Assert.Equal(html, summary.S("Path"));
            Assert.Equal(Path.Combine(_dir, "cz.csv"), summary.S("CsvPath"));

            var page = File.ReadAllText(html);
            Assert.StartsWith("<!DOCTYPE html>", page);
            Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", page);           // no external assets
            Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("<svg class=\"chart\" id=\"chart-status\"", page);
            foreach (var state in new[] { "Approved", "Refused", "Pending" })
                Assert.Contains("<g class=\"bar\" data-key=\"" + state + "\"", page);
            Assert.DoesNotContain("data-key=\"Withdrawn\"", page);              // only states present get a bar
            Assert.Contains("data-key=\"LPS101_PERSONAL_ACCOUNT\" data-count=\"1\"", page);
            Assert.Contains("data-key=\"VQR001_CURRENCY_NOT_AVAILABLE\" data-count=\"2\"", page);
            Assert.Contains("Offers to fix (6)", page);
            Assert.Contains("Add at least one delivery method to CZ", page);      // the hint of R-DELIV
            Assert.Contains("Title R-PERS", page);                                 // titles from the workspace
            Assert.Contains("5.0942", page);                                       // the rate used
            Assert.Contains("NBP 2023-03-21", page);

            var csv = PowerShellSession.CsvRows(File.ReadAllText(Path.Combine(_dir, "cz.csv")).TrimStart('\uFEFF'));
            Assert.Equal(15, csv.Count);
            Assert.Equal(new[] { "OfferId", "Market", "Status", "ReasonCodes", "Reasons", "NextStep", "Price", "Currency", "PriceSource", "BasePrice",
                "BaseCurrency", "ExchangeRate", "RateSource", "Warnings", "UpdatedAt" }, csv[0].Properties.Select(p => p.Name));
            var deliv = csv.Single(c => (string)c.Properties["OfferId"].Value == "R-DELIV");
            Assert.Equal("Refused", deliv.Properties["Status"].Value);
            Assert.Equal("VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE", deliv.Properties["ReasonCodes"].Value);
            Assert.StartsWith("Add at least one delivery method", (string)deliv.Properties["NextStep"].Value);
            var pending = csv.Single(c => (string)c.Properties["OfferId"].Value == "P-INACT");
            Assert.Contains("activate it", (string)pending.Properties["NextStep"].Value);

            // The CSV's rows pipe back into the fixing cmdlets.
            var rows = PowerShellSession.CsvRows(File.ReadAllText(Path.Combine(_dir, "cz.csv")).TrimStart('\uFEFF'))
                .Where(c => ((string)c.Properties["ReasonCodes"].Value).Contains("VQR001")).ToList();
            var fixedUp = _ps.RunWithInput("$input | Set-OfferCzkPrice -UseConverter -PassThru", rows);
            Assert.Empty(fixedUp.Errors);
            Assert.All(fixedUp.Records(), x => Assert.Equal("Approved", x.State));
        }

        [Fact]
        public void The_page_caps_the_offers_to_fix_and_counts_the_rest()
        {
            Seed(_ps);
            var html = Path.Combine(_dir, "capped.html");
            var r = _ps.Run("Export-ListingReport -Market allegro-cz -Path $args[0] -CsvPath $args[1] -MaxRows 2 -Title 'Weekly: allegro.cz'", html, Path.Combine(_dir, "rows.csv"));
            Assert.Empty(r.Errors);
            var page = File.ReadAllText(html);
            Assert.Equal(2, Regex.Matches(page, "<tr data-offer=").Count);
            Assert.Contains("Showing the first 2 of 6 offers to fix; 4 more are in rows.csv.", page);
            Assert.Contains("<h1>Weekly: allegro.cz</h1>", page);
            Assert.Contains("href=\"rows.csv\"", page);
            Assert.Equal(16, File.ReadAllLines(Path.Combine(_dir, "rows.csv")).Length); // header + every row
        }

        [Fact]
        public void WhatIf_writes_nothing_and_NoClobber_keeps_existing_files()
        {
            Seed(_ps);
            var html = Path.Combine(_dir, "w.html");
            var r = _ps.Run("Export-ListingReport -Market allegro-cz -Path $args[0] -WhatIf", html);
            Assert.Empty(r.Errors);
            Assert.Empty(r.Output);
            Assert.False(File.Exists(html));
            Assert.False(File.Exists(Path.ChangeExtension(html, ".csv")));

            File.WriteAllText(html, "keep me");
            var again = _ps.Run("Export-ListingReport -Market allegro-cz -Path $args[0] -NoClobber", html);
            Assert.Equal("ReportFileExists,ListingPs.Commands.ExportListingReportCommand", Assert.Single(again.Errors).FullyQualifiedErrorId);
            Assert.Equal("keep me", File.ReadAllText(html));
            Assert.Empty(Directory.GetFiles(_dir, ".*.tmp"));
        }

        [Fact]
        public void A_base_or_unknown_market_or_a_missing_folder_is_an_error_with_a_stable_id()
        {
            var r = _ps.Run("Export-ListingReport -Market allegro-pl -Path $args[0]", Path.Combine(_dir, "pl.html"));
            Assert.Equal("NotAnAdditionalMarket,ListingPs.Commands.ExportListingReportCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
            r = _ps.Run("Export-ListingReport -Market ebay-de -Path $args[0]", Path.Combine(_dir, "x.html"));
            Assert.Equal("UnknownMarket,ListingPs.Commands.ExportListingReportCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
            r = _ps.Run("Export-ListingReport -Market allegro-cz -Path $args[0]", Path.Combine(_dir, "no-such-folder", "x.html"));
            Assert.Equal("ReportWriteFailed,ListingPs.Commands.ExportListingReportCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.False(File.Exists(Path.Combine(_dir, "pl.html")));
        }

        [Fact]
        public void Writes_a_market_connections_status_report()
        {
            var offers = new[] { ("CX-OK", "B0RPT00001", "New"), ("CX-NODP", "B0RPT00404", "New"), ("CX-USED", "B0RPT00001", "Used") }.Select(o =>
            {
                var p = new PSObject();
                foreach (var (k, v) in new[] { ("OfferId", o.Item1), ("Title", "Title " + o.Item1), ("Market", "amazon-us"), ("Price", "20.00"), ("ProductId", o.Item2), ("Condition", o.Item3) })
                    p.Properties.Add(new PSNoteProperty(k, v));
                return p;
            }).ToList();
            var html = Path.Combine(_dir, "c.html");
            var r = _ps.RunWithInput("$input | Import-Offer; Import-Catalog -Market amazon-ca -ProductId B0RPT00001 | Out-Null; " +
                "New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations | Export-ListingReport -Path $args[0]", offers, html);
            Assert.Empty(r.Errors);
            var summary = r.Single();
            Assert.Equal("Connection", summary.S("Kind"));
            Assert.Equal("C001", summary.S("Subject"));
            Assert.Equal(3L, summary["Total"]);
            Assert.Equal(2L, summary["ToFix"]);
            Assert.Equal("Synchronized=1; NotSynchronized=2", summary.S("Counts"));
            var page = File.ReadAllText(html);
            Assert.Contains("C001: amazon-us -&gt; amazon-ca", page);
            Assert.Contains("<g class=\"bar\" data-key=\"Synchronized\"", page);
            Assert.Contains("<g class=\"bar\" data-key=\"NotSynchronized\"", page);
            Assert.Contains("data-key=\"NoDetailPage\" data-count=\"1\"", page);
            Assert.Contains("data-key=\"FilteredOut\" data-count=\"1\"", page);
            Assert.Contains("Create the product&#39;s detail page on amazon-ca", page);
            var csv = PowerShellSession.CsvRows(File.ReadAllText(Path.Combine(_dir, "c.csv")).TrimStart('\uFEFF'));
            Assert.Equal(3, csv.Count);
            Assert.Equal(new[] { "SKU", "Target", "Status" }, csv[0].Properties.Select(p => p.Name).Take(3));
            Assert.Equal("NoDetailPage", csv.Single(c => (string)c.Properties["SKU"].Value == "CX-NODP").Properties["ReasonCodes"].Value);

            var missing = _ps.Run("Export-ListingReport -ConnectionId C999 -Path $args[0]", Path.Combine(_dir, "none.html"));
            Assert.StartsWith("Connection", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void An_empty_market_still_writes_a_readable_page()
        {
            var html = Path.Combine(_dir, "empty.html");
            var r = _ps.Run("Export-ListingReport -Market allegro-hu -Path $args[0]", html);
            Assert.Empty(r.Errors);
            Assert.Equal(0L, r.Single()["Total"]);
            var page = File.ReadAllText(html);
            Assert.Contains("No offers in this report.", page);
            Assert.Contains("Nothing to fix", page);
        }
    }

    /// <summary>A test that needs headless Chromium: skipped where it is missing, except in CI (CI=true), which installs it.</summary>
    public sealed class ChromiumFactAttribute : FactAttribute
    {
        public ChromiumFactAttribute()
        {
            if (Chromium.Path == null && !Chromium.InCi)
                Skip = "chromium is not installed (apt-get install -y chromium); .ci/run installs it";
        }
    }

    public static class Chromium
    {
        public static bool InCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

        public static string? Path => new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
            .Select(Find).FirstOrDefault(p => p != null);

        private static string? Find(string name)
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
            {
                if (dir.Length == 0) continue;
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>Runs headless Chromium on a file with a fresh profile; returns stdout.</summary>
        public static string Run(string file, params string[] mode)
        {
            var exe = Path ?? throw new InvalidOperationException("chromium is not installed, and CI=true requires it (.ci/run installs it)");
            var profile = PowerShellSession.TempPath("chromium-profile");
            Directory.CreateDirectory(profile);
            var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile })
                psi.ArgumentList.Add(a);
            foreach (var a in mode) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add(new Uri(file).AbsoluteUri);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(90_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish in 90 s"); }
            if (p.ExitCode != 0) throw new InvalidOperationException("chromium exited with " + p.ExitCode + ": " + stderr.Result);
            return stdout;
        }
    }

    /// <summary>The report as a person sees it: rendered by headless Chromium, measured after layout.</summary>
    public sealed class ReportRenderingTests : IDisposable
    {
        private readonly PowerShellSession _ps = new PowerShellSession();

        public void Dispose() => _ps.Dispose();

        /// <summary>
        /// Appended to a copy of the page (the report itself has no scripts): after layout, writes what is visible - the
        /// rendered text of each section and the size of every chart bar - into the DOM that --dump-dom prints.
        /// </summary>
        private const string Probe = @"<script>
(function () {
  function visible(e) { var r = e.getBoundingClientRect(); var s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && r.right <= document.documentElement.scrollWidth + 1; }
  var out = { title: document.title, text: document.body.innerText, pageWidth: document.documentElement.scrollWidth,
    bars: [], tiles: [], sections: {} };
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    svg.querySelectorAll('g.bar').forEach(function (g) {
      var rect = g.querySelector('rect').getBoundingClientRect();
      out.bars.push({ chart: svg.id, key: g.getAttribute('data-key'), width: rect.width, height: rect.height,
        fill: getComputedStyle(g.querySelector('rect')).fill, label: g.textContent, visible: visible(g.querySelector('rect')) });
    });
  });
  document.querySelectorAll('.tile').forEach(function (t) { out.tiles.push({ text: t.innerText, visible: visible(t) }); });
  document.querySelectorAll('section[id]').forEach(function (s) { out.sections[s.id] = s.innerText; });
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
})();
</script>";

        [ChromiumFact]
        public void Chromium_shows_the_headline_counts_a_chart_bar_for_each_state_and_the_hints()
        {
            ReportTests.Seed(_ps);
            var dir = Path.GetDirectoryName(_ps.WorkspacePath)!;
            var html = Path.Combine(dir, "report.html");
            var r = _ps.Run("Export-ListingReport -Market allegro-cz -Path $args[0]", html);
            Assert.Empty(r.Errors);

            var probe = Path.Combine(dir, "probe.html");
            File.WriteAllText(probe, File.ReadAllText(html).Replace("</body>", Probe + "\n</body>"));
            var dom = Chromium.Run(probe, "--dump-dom", "--window-size=1200,900");
            var m = Regex.Match(dom, "<pre id=\"probe\">(.*?)</pre>", RegexOptions.Singleline);
            Assert.True(m.Success, "no probe output in the DOM Chromium printed:\n" + dom.Substring(0, Math.Min(dom.Length, 2000)));
            using var seen = JsonDocument.Parse(WebUtility.HtmlDecode(m.Groups[1].Value));
            var root = seen.RootElement;
            var text = root.GetProperty("text").GetString()!;

            Assert.Equal("ListingPs report: allegro-cz", root.GetProperty("title").GetString());
            Assert.True(root.GetProperty("pageWidth").GetInt32() <= 1200, "the page scrolls sideways");
            // Headline tiles: the total and each state's count, on screen.
            var tiles = root.GetProperty("tiles").EnumerateArray().ToList();
            Assert.All(tiles, t => Assert.True(t.GetProperty("visible").GetBoolean()));
            var tileText = tiles.Select(t => Regex.Replace(t.GetProperty("text").GetString()!, @"\s+", " ")).ToList();
            Assert.Contains(tileText, t => t.StartsWith("15 Shared"));
            Assert.Contains(tileText, t => t.StartsWith("8 Approved (53%)"));
            Assert.Contains(tileText, t => t.StartsWith("6 Refused (40%)"));
            Assert.Contains(tileText, t => t.StartsWith("1 Pending (7%)"));

            // A visible bar for each state present, as long as its count says, in its state's colour.
            var bars = root.GetProperty("bars").EnumerateArray().Where(b => b.GetProperty("chart").GetString() == "chart-status")
                .ToDictionary(b => b.GetProperty("key").GetString()!, b => b);
            Assert.Equal(new[] { "Approved", "Pending", "Refused" }, bars.Keys.OrderBy(k => k));
            Assert.All(bars.Values, b => Assert.True(b.GetProperty("visible").GetBoolean() && b.GetProperty("height").GetDouble() > 10));
            double w(string k) => bars[k].GetProperty("width").GetDouble();
            Assert.InRange(w("Refused") / w("Approved"), 0.70, 0.80);   // 6 / 8
            Assert.InRange(w("Pending") / w("Approved"), 0.10, 0.15);   // 1 / 8
            Assert.Equal("rgb(46, 125, 50)", bars["Approved"].GetProperty("fill").GetString());
            Assert.Equal("rgb(198, 40, 40)", bars["Refused"].GetProperty("fill").GetString());
            Assert.Contains("8 (53%)", bars["Approved"].GetProperty("label").GetString());

            var reasonBars = root.GetProperty("bars").EnumerateArray().Where(b => b.GetProperty("chart").GetString() == "chart-reason").ToList();
            Assert.Contains(reasonBars, b => b.GetProperty("key").GetString() == "VQR001_CURRENCY_NOT_AVAILABLE" && b.GetProperty("visible").GetBoolean());

            // The offers to fix, with the hint of what to change, as rendered text.
            var toFix = root.GetProperty("sections").GetProperty("to-fix").GetString()!;
            Assert.Contains("Offers to fix (6)", toFix);
            foreach (var offer in new[] { "R-PERS", "R-DELIV", "R-LANG", "R-CAT", "V-1", "V-2" }) Assert.Contains(offer, toFix);
            Assert.Contains("Switch to a company account, then submit the offer again.", toFix);
            Assert.Contains("Add at least one delivery method to CZ", toFix);
            Assert.Contains("Add an own cs-CZ translation", toFix);
            Assert.Contains("Set a CZK price: Set-OfferPrice -Market allegro-cz -UseConverter", toFix);
            Assert.Contains("5.0942", root.GetProperty("sections").GetProperty("rates").GetString());
            Assert.Contains("Why offers are not selling", text);

            // And a screenshot of the page itself renders (the PNG's own header says how large).
            var png = Path.Combine(dir, "report.png");
            Chromium.Run(html, "--screenshot=" + png, "--window-size=1100,1400");
            var bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes.Take(4));
            int width = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
            Assert.Equal(1100, width);
            Assert.True(bytes.Length > 20_000, "the screenshot is nearly empty");
        }
    }
}
