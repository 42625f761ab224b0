using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>
    /// Write-Progress of Export-ListingReport. The other progress tests (Import-Offer, Submit-Offer, Invoke-VisibilityCheck)
    /// moved to Pester, into the files of those cmdlets; these two go to ExportListingReport.Tests.ps1.
    /// </summary>
    public sealed class ProgressTests : IDisposable
    {
        private readonly PowerShellSession _ps = new PowerShellSession();

        public void Dispose() => _ps.Dispose();

        private void Seed(int count)
        {
            var rows = Enumerable.Range(1, count).Select(i => SharedOffersTests.Row("PR-" + i.ToString("D5"))).ToArray();
            var r = _ps.RunWithInput("$input | Import-Offer", SharedOffersTests.Rows(rows));
            Assert.Empty(r.Errors);
        }

        private static List<ProgressRecord> Ours(RunResult r, string activityStart) =>
            r.Progress.Where(p => p.Activity.StartsWith(activityStart, StringComparison.Ordinal)).ToList();

        [Fact]
        public void The_report_shows_progress_with_the_total_of_share_records()
        {
            Seed(30);
            _ps.Run("Get-Offer | Submit-Offer -Market allegro-cz | Out-Null");
            var html = PowerShellSession.TempPath("progress.html");
            var r = _ps.Run("Export-ListingReport -Market allegro-cz -Path $args[0] | Out-Null", html);
            Assert.Empty(r.Errors);
            var running = Ours(r, "Reporting on allegro-cz").Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
            Assert.NotEmpty(running);
            Assert.All(running, p => Assert.Matches(@"^[\d,]+ of 30 \([\d,]+/s\)$", p.StatusDescription));
            Assert.Equal("30 of 30", running.Last().StatusDescription.Split(" (")[0]);
        }

        [Fact]
        public void The_report_writes_no_progress_when_progress_is_silenced()
        {
            Seed(50);
            _ps.Run("Get-Offer | Submit-Offer -Market allegro-cz | Out-Null");
            var r = _ps.Run("$ProgressPreference = 'SilentlyContinue'; Export-ListingReport -Market allegro-cz -Path $args[0] | Out-Null",
                PowerShellSession.TempPath("silent.html"));
            Assert.Empty(r.Errors);
            Assert.Empty(r.Progress);
        }
    }
}
