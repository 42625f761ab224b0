using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace ListingPs.Host.Tests
{
    /// <summary>The script runs as with pwsh -File: its arguments, its own path, the module, formatted output.</summary>
    public sealed class ScriptExecutionTests : IDisposable
    {
        private readonly ScriptFolder _folder = new ScriptFolder();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void Arguments_bind_to_the_param_block_positionally_by_name_and_as_switches()
        {
            string script = _folder.Write("args.ps1", """
                param([string] $Name, [int] $Count = 1, [switch] $Loud, [switch] $Quiet, [Parameter(ValueFromRemainingArguments)] $Rest)
                "Name=<$Name> Count=<$Count> Loud=<$Loud> Quiet=<$Quiet> Rest=<$($Rest -join '|')>"
                "Root=<$PSScriptRoot> Path=<$PSCommandPath> MyCommand=<$($MyInvocation.MyCommand.Path)>"
                """);

            HostResult run = HostProcess.Run(_folder.Path, "args.ps1", "-Name", "bob", "5", "-Loud", "-Quiet:$false", "extra", "two words", "-7");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("Name=<bob> Count=<5> Loud=<True> Quiet=<False> Rest=<extra|two words|-7>", run.Output);
            Assert.Contains($"Root=<{_folder.Path}> Path=<{script}> MyCommand=<{script}>", run.Output);
            Assert.Equal(string.Empty, run.Error);
        }

        [Fact]
        public void Objects_print_through_Out_Default_as_tables_at_120_columns()
        {
            string wide = new string('x', 60);
            _folder.Write("table.ps1", $$"""
                [pscustomobject]@{ OfferId = 'A-1'; Market = 'allegro-cz'; Title = '{{wide}}' }
                [pscustomobject]@{ OfferId = 'A-2'; Market = 'allegro-sk'; Title = 'short' }
                'done'
                """);

            HostResult run = HostProcess.Run(_folder.Path, "table.ps1");

            Assert.True(run.ExitCode == 0, run.ToString());
            string[] lines = run.Output.Split('\n');
            int header = Array.FindIndex(lines, l => l.StartsWith("OfferId", StringComparison.Ordinal));
            Assert.True(header >= 0, run.ToString());
            Assert.Matches(@"^OfferId\s+Market\s+Title\s*$", lines[header]);
            Assert.Matches(@"^-+\s+-+\s+-+\s*$", lines[header + 1]);
            // Not cut to 80 columns: the whole title is on the row, and no escape sequences reach redirected output.
            Assert.Matches(@"^A-1\s+allegro-cz\s+" + wide + @"\s*$", lines[header + 2]);
            Assert.Matches(@"^A-2\s+allegro-sk\s+short\s*$", lines[header + 3]);
            Assert.False(run.Output.Contains('\u001b', StringComparison.Ordinal), run.ToString());
            Assert.Equal("done", lines.Last(l => l.Length > 0));
        }

        [Fact]
        public void The_module_is_found_and_imported_and_its_views_format_its_objects()
        {
            // Run from a folder outside the repository: the host finds out/ListingPs above its own build folder.
            HostResult run = HostProcess.Run(_folder.Path, "-Command", "Get-Command -Module ListingPs | ForEach-Object Name; Get-Market allegro-cz");

            Assert.True(run.ExitCode == 0, run.ToString());
            string[] lines = run.Output.Split('\n');
            Assert.Contains("Get-Market", lines);
            Assert.Contains("Submit-Offer", lines);
            // The market is printed by the module's table view, with the column labels its format file defines.
            IReadOnlyList<string> labels = ModuleTableLabels("ListingPs.Core.Rules.MarketRule");
            string? header = lines.FirstOrDefault(l => l.StartsWith(labels[0], StringComparison.Ordinal) && l.Contains(labels[^1], StringComparison.Ordinal));
            Assert.True(header != null, "no header with the view's labels " + string.Join(", ", labels) + "\n" + run);
            Assert.Matches(@"^" + string.Join(@"\s+", labels.Select(System.Text.RegularExpressions.Regex.Escape)) + @"\s*$", header);
            Assert.Contains(lines, l => l.StartsWith("allegro-cz ", StringComparison.Ordinal) && l.Contains("CZK", StringComparison.Ordinal));
        }

        [Fact]
        public void Module_options_choose_or_skip_the_module()
        {
            string moduleFolder = Path.Combine(HostProcess.RepositoryRoot, "out", "ListingPs");

            HostResult explicitModule = HostProcess.Run(_folder.Path, "-Module", moduleFolder, "-Command", "(Get-Module ListingPs).ModuleBase");
            HostResult noModule = HostProcess.Run(_folder.Path, "-NoModule", "-Command", "'modules: ' + @(Get-Module ListingPs).Count");

            Assert.True(explicitModule.ExitCode == 0, explicitModule.ToString());
            Assert.Equal(moduleFolder, explicitModule.Output.Trim());
            Assert.True(noModule.ExitCode == 0, noModule.ToString());
            Assert.Equal("modules: 0", noModule.Output.Trim());
        }

        [Fact]
        public void A_module_that_is_not_there_is_reported_with_exit_code_2()
        {
            string missing = Path.Combine(_folder.Path, "no-such-module");
            _folder.Write("ok.ps1", "'should not run'");

            HostResult byOption = HostProcess.Run(_folder.Path, "-Module", missing, "ok.ps1");
            HostResult byVariable = HostProcess.Run(_folder.Path, new Dictionary<string, string?> { ["LISTINGPS_MODULE"] = missing }, "ok.ps1");

            foreach (HostResult run in new[] { byOption, byVariable })
            {
                Assert.True(run.ExitCode == 2, run.ToString());
                Assert.Contains(missing, run.Error);
                Assert.Contains("dotnet build -c Release", run.Error);
                Assert.DoesNotContain("should not run", run.Output);
            }
            Assert.Contains("LISTINGPS_MODULE", byVariable.Error);
        }

        /// <summary>The column labels of the module's table view for a type, read from the laid-out format file.</summary>
        private static IReadOnlyList<string> ModuleTableLabels(string typeName)
        {
            string formatFile = Path.Combine(HostProcess.RepositoryRoot, "out", "ListingPs", "ListingPs.format.ps1xml");
            XElement view = XDocument.Load(formatFile).Descendants("View")
                .First(v => v.Element("ViewSelectedBy")?.Elements("TypeName").Any(t => t.Value == typeName) == true && v.Element("TableControl") != null);
            List<XElement> headers = view.Descendants("TableColumnHeader").ToList();
            List<XElement> items = view.Descendants("TableColumnItem").ToList();
            // A header without a label shows the name of the property its column displays.
            return headers.Select((h, i) => h.Element("Label")?.Value ?? items[i].Element("PropertyName")!.Value).ToList();
        }
    }
}
