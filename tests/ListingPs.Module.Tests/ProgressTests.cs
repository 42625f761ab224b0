using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>Write-Progress from long pipelines: counts and rate (and percent where the total is known), throttled, silent when asked.</summary>
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
        public void A_known_total_shows_count_of_total_rate_and_percent_then_completes()
        {
            Seed(120);
            var r = _ps.Run("Invoke-VisibilityCheck -Market allegro-cz | Out-Null");
            Assert.Empty(r.Errors);
            var progress = Ours(r, "Visibility check on allegro-cz");
            var running = progress.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
            Assert.NotEmpty(running);
            var last = running.Last();
            Assert.Matches(@"^120 of 120 \([\d,]+/s\)$", last.StatusDescription);
            Assert.Equal(100, last.PercentComplete);
            Assert.Equal(ProgressRecordType.Completed, progress.Last().RecordType);
        }

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
        public void An_unknown_total_shows_a_count_and_rate_without_percent()
        {
            var r = _ps.RunWithInput("$input | Import-Offer", SharedOffersTests.Rows(SharedOffersTests.Row("U1"), SharedOffersTests.Row("U2")));
            Assert.Empty(r.Errors);
            var running = Ours(r, "Importing offers").Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
            Assert.NotEmpty(running);
            Assert.All(running, p => Assert.Matches(@"^[\d,]+ done \([\d,]+/s\)$", p.StatusDescription));
            Assert.All(running, p => Assert.Equal(-1, p.PercentComplete));
        }

        [Fact]
        public void Progress_is_throttled_not_written_per_record()
        {
            Seed(400);
            var r = _ps.Run("Get-Offer | Submit-Offer -Market allegro-cz | Out-Null");
            Assert.Empty(r.Errors);
            var running = Ours(r, "Sharing offers to allegro-cz").Count(p => p.RecordType == ProgressRecordType.Processing);
            Assert.InRange(running, 1, 40); // at most one every 250 ms, never one per offer
        }

        [Fact]
        public void Nothing_is_written_when_progress_is_silenced()
        {
            Seed(50);
            var r = _ps.Run("$ProgressPreference = 'SilentlyContinue'; Invoke-VisibilityCheck -Market allegro-cz | Out-Null; " +
                            "Get-Offer | Submit-Offer -Market allegro-cz | Out-Null; Export-ListingReport -Market allegro-cz -Path $args[0] | Out-Null",
                PowerShellSession.TempPath("silent.html"));
            Assert.Empty(r.Errors);
            Assert.Empty(r.Progress);
        }
    }
}
