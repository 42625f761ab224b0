using System;
using System.Linq;
using Xunit;

namespace ListingPs.Host.Tests
{
    /// <summary>Exit codes and error reports: exit N, terminating and non-terminating errors, parse errors, bad arguments.</summary>
    public sealed class ExitCodeTests : IDisposable
    {
        private readonly ScriptFolder _folder = new ScriptFolder();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void Exit_N_ends_with_code_N_after_printing_the_output_Out_Default_held_back()
        {
            _folder.Write("exit.ps1", """
                function Get-Summary { [pscustomobject]@{ State = 'Refused'; Offers = 12 } }
                Get-Summary
                'last line'
                if ($true) { exit 3 }
                'not reached'
                """);

            HostResult run = HostProcess.Run(_folder.Path, "exit.ps1");

            Assert.True(run.ExitCode == 3, run.ToString());
            // A table waits for more rows before printing; exit must not lose it.
            Assert.Matches(@"(?m)^State\s+Offers\s*$", run.Output);
            Assert.Matches(@"(?m)^Refused\s+12\s*$", run.Output);
            Assert.Contains("last line", run.Output);
            Assert.DoesNotContain("not reached", run.Output);
            Assert.Equal(string.Empty, run.Error);
        }

        [Fact]
        public void Throw_ends_with_code_1_and_reports_the_position_category_and_error_id()
        {
            _folder.Write("throw.ps1", """
                'before'
                [pscustomobject]@{ Pending = 'row' }
                throw 'workspace is locked'
                'after'
                """);

            HostResult run = HostProcess.Run(_folder.Path, "throw.ps1");

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("before", run.Output);
            Assert.Matches(@"(?m)^Pending\s*$", run.Output);
            Assert.DoesNotContain("after", run.Output);
            string[] error = run.Error.Split('\n');
            Assert.Equal("workspace is locked", error[0]);
            Assert.Equal($"At {_folder.Path}/throw.ps1:3 char:1".Replace('/', System.IO.Path.DirectorySeparatorChar), error[1]);
            Assert.Equal("+ throw 'workspace is locked'", error[2]);
            Assert.Equal("+ " + new string('~', "throw 'workspace is locked'".Length), error[3]);
            Assert.Contains("    + CategoryInfo          : OperationStopped: (workspace is locked:String) [], RuntimeException", error);
            Assert.Contains("    + FullyQualifiedErrorId : workspace is locked", error);
        }

        [Fact]
        public void A_non_terminating_error_is_reported_on_stderr_and_the_run_ends_with_code_0()
        {
            _folder.Write("nonterminating.ps1", """
                function Test-Offer {
                    [CmdletBinding()] param([string] $Id)
                    $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.InvalidOperationException]::new("offer $Id refused"), 'OfferRefused', 'InvalidData', $Id))
                }
                Test-Offer -Id A-1
                'after the error'
                """);

            HostResult run = HostProcess.Run(_folder.Path, "nonterminating.ps1");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("after the error", run.Output);
            Assert.DoesNotContain("refused", run.Output);
            string[] error = run.Error.Split('\n');
            Assert.Equal("Test-Offer : offer A-1 refused", error[0]);
            Assert.EndsWith("nonterminating.ps1:6 char:1", error[1]);
            Assert.Equal("+ Test-Offer -Id A-1", error[2]);
            Assert.Contains("    + CategoryInfo          : InvalidData: (A-1:String) [Test-Offer], InvalidOperationException", error);
            Assert.Contains("    + FullyQualifiedErrorId : OfferRefused,Test-Offer", error);
        }

        [Fact]
        public void Parse_errors_are_reported_with_their_position_and_nothing_runs()
        {
            _folder.Write("broken.ps1", """
                'should not run'
                if ($x -eq 1 {
                    'x'
                }
                """);

            HostResult run = HostProcess.Run(_folder.Path, "broken.ps1");

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Equal(string.Empty, run.Output);
            string[] error = run.Error.Split('\n');
            Assert.Contains(error, l => l.EndsWith("broken.ps1:2 char:14", StringComparison.Ordinal));
            Assert.Contains("+ if ($x -eq 1 {", error);
            Assert.Contains("+              ~", error);
            Assert.Contains("    + CategoryInfo          : ParserError: (:) [], ParseException", error);
            Assert.Contains("    + FullyQualifiedErrorId : MissingEndParenthesisAfterStatement", error);
        }

        [Fact]
        public void Bad_host_arguments_and_a_missing_script_end_with_code_64()
        {
            HostResult missing = HostProcess.Run(_folder.Path, "no-such-script.ps1", "-Name", "x");
            HostResult unknownOption = HostProcess.Run(_folder.Path, "-Bogus", "x.ps1");

            Assert.True(missing.ExitCode == 64, missing.ToString());
            Assert.Contains("no-such-script.ps1", missing.Error);
            Assert.Contains("does not exist", missing.Error);
            Assert.True(unknownOption.ExitCode == 64, unknownOption.ToString());
            Assert.Contains("-Bogus", unknownOption.Error);
        }

        [Fact]
        public void Help_lists_the_options_and_exit_codes()
        {
            HostResult run = HostProcess.Run(_folder.Path, "-Help");

            Assert.True(run.ExitCode == 0, run.ToString());
            foreach (string option in new[] { "-Module", "-NoModule", "-Command", "-Help" })
            {
                Assert.Contains(option, run.Output);
            }
            string[] lines = run.Output.Split('\n').Select(l => l.Trim()).ToArray();
            foreach (string code in new[] { "0", "N", "1", "2", "64", "130" })
            {
                Assert.Contains(lines, l => l.StartsWith(code + " ", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void Command_text_runs_and_its_exit_code_is_returned()
        {
            HostResult run = HostProcess.Run(_folder.Path, "-NoModule", "-Command", "'from', 'command' -join ' ';", "exit 5");

            Assert.True(run.ExitCode == 5, run.ToString());
            Assert.Equal("from command", run.Output.Trim());
        }

        [Theory]
        [InlineData("Get-Command Not-A-Command -ErrorAction SilentlyContinue", 1)]      // the last statement failed
        [InlineData("Get-Command Not-A-Command -ErrorAction SilentlyContinue; 'ok'", 0)] // an earlier one did: as pwsh, 0
        [InlineData("$null = 1", 0)]
        [InlineData("'x' # a comment at the end", 0)]
        public void Command_text_exits_1_when_its_last_statement_failed(string command, int expected)
        {
            HostResult run = HostProcess.Run(_folder.Path, "-NoModule", "-Command", command);

            Assert.True(run.ExitCode == expected, run.ToString());
        }
    }
}
