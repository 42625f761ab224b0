using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace ListingPs.Host.Tests
{
    /// <summary>The host never waits for a user: prompts fail at once, and Ctrl+C stops the run.</summary>
    public sealed class UnattendedTests : IDisposable
    {
        private readonly ScriptFolder _folder = new ScriptFolder();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void Reading_input_and_confirmation_prompts_fail_instead_of_waiting()
        {
            _folder.Write("prompt.ps1", """
                function Remove-Thing {
                    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')] param()
                    if ($PSCmdlet.ShouldProcess('thing')) { 'removed' }
                }
                try { $answer = $Host.UI.ReadLine(); "read returned <$answer>" }
                catch { "read failed: $($_.Exception.InnerException.GetType().Name): $($_.Exception.InnerException.Message)" }
                try { Remove-Thing } catch { "confirm failed: $($_.Exception.InnerException.GetType().Name)" }
                Remove-Thing -Confirm:$false
                'end'
                """);

            var clock = Stopwatch.StartNew();
            HostResult run = HostProcess.Run(_folder.Path, "prompt.ps1");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("read failed: NonInteractiveHostException: This host is non-interactive", run.Output);
            Assert.DoesNotContain("read returned", run.Output);
            Assert.Contains("confirm failed: NonInteractiveHostException", run.Output);
            Assert.Contains("removed", run.Output);
            Assert.Contains("end", run.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the prompts took " + clock.Elapsed);
        }

        [Fact]
        public async Task Ctrl_C_stops_the_running_script_with_exit_code_130()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // SIGINT is a POSIX signal; on Windows Ctrl+C cannot be sent to a child without a console.
            }
            PosixSignals.RestoreInterruptIfIgnored(); // a background test run would hand the host an ignored SIGINT
            _folder.Write("loop.ps1", """
                'ready'
                while ($true) { [System.Threading.Thread]::Sleep(50) }
                """);

            using Process process = HostProcess.Start(_folder.Path, new Dictionary<string, string?>(), "loop.ps1");
            Task<string> error = process.StandardError.ReadToEndAsync();
            Task<string?> firstLine = process.StandardOutput.ReadLineAsync();
            try
            {
                Assert.True(await Task.WhenAny(firstLine, Task.Delay(HostProcess.TimeLimit)) == firstLine, "the script did not start");
                Assert.Equal("ready", await firstLine);
                Assert.True(PosixSignals.Send(process.Id, PosixSignals.Interrupt), "SIGINT was not delivered");
                Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the script did not stop on SIGINT");
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            Assert.Equal(130, process.ExitCode);
            Assert.Contains("stopped (Ctrl+C)", await error);
        }
    }
}
