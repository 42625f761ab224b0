using System;
using Xunit;

namespace ListingPs.Host.Tests
{
    /// <summary>Warning, verbose, debug, information and progress output follow the preferences, as in pwsh.</summary>
    public sealed class StreamTests : IDisposable
    {
        private readonly ScriptFolder _folder = new ScriptFolder();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void Streams_follow_preference_variables_and_switches_with_their_prefixes()
        {
            _folder.Write("streams.ps1", """
                function Test-Streams {
                    [CmdletBinding()] param([string] $Tag)
                    $PSCmdlet.WriteVerbose("verbose $Tag")
                    $PSCmdlet.WriteWarning("warning $Tag")
                    $PSCmdlet.WriteDebug("debug $Tag")
                    $PSCmdlet.WriteInformation("information $Tag", [string[]] @())
                    $PSCmdlet.WriteProgress([System.Management.Automation.ProgressRecord]::new(1, "Sharing $Tag", 'offer 1 of 2'))
                }
                Test-Streams default
                Test-Streams switch -Verbose -InformationAction Continue
                $VerbosePreference = 'Continue'
                $DebugPreference = 'Continue'
                $WarningPreference = 'SilentlyContinue'
                Test-Streams preference
                """);

            HostResult run = HostProcess.Run(_folder.Path, "streams.ps1");

            Assert.True(run.ExitCode == 0, run.ToString());
            string[] lines = run.Output.Split('\n');
            // Defaults: warnings show, verbose, debug and information do not.
            Assert.Contains("WARNING: warning default", lines);
            Assert.DoesNotContain("verbose default", run.Output);
            Assert.DoesNotContain("debug default", run.Output);
            Assert.DoesNotContain("information default", run.Output);
            // -Verbose and -InformationAction on the command.
            Assert.Contains("VERBOSE: verbose switch", lines);
            Assert.Contains("information switch", lines);
            Assert.DoesNotContain("debug switch", run.Output);
            // Preference variables set by the script.
            Assert.Contains("VERBOSE: verbose preference", lines);
            Assert.Contains("DEBUG: debug preference", lines);
            Assert.DoesNotContain("warning preference", run.Output);
            // In order, on stdout; progress is not drawn when the output is redirected.
            Assert.True(Array.IndexOf(lines, "WARNING: warning default") < Array.IndexOf(lines, "VERBOSE: verbose switch"), run.ToString());
            Assert.DoesNotContain("Sharing", run.Output + run.Error);
            Assert.Equal(string.Empty, run.Error);
        }
    }
}
