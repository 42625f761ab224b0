using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>
    /// The help a new user discovers the module from: Get-Help on every exported cmdlet (whatever cmdlets the module exports,
    /// found with Get-Command), the about_ListingPs topic, and the examples, each run against a fresh workspace.
    /// </summary>
    public sealed class HelpTests : IDisposable
    {
        private readonly PowerShellSession _ps = new PowerShellSession();

        public void Dispose() => _ps.Dispose();

        /// <summary>The repository's docs folder (examples and their sample files).</summary>
        internal static string DocsDirectory => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(PowerShellSession.ModuleManifest)!)!)!, "docs");

        private const string HelpFacts = @"
$skip = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
foreach ($c in Get-Command -Module $args[0] -CommandType Cmdlet) {
    $h = Get-Help $c.Name -Full
    [pscustomobject]@{
        Name        = $c.Name
        Synopsis    = [string]$h.Synopsis
        Description = (@($h.description) | ForEach-Object { $_.Text }) -join ' '
        Examples    = @(@($h.examples.example) | Where-Object { $_ -and ([string]$_.code).Trim() }).Count
        Parameters  = @($c.Parameters.Keys | Where-Object { $_ -notin $skip })
        Described   = @(@($h.parameters.parameter) | Where-Object { $_ -and ((@($_.description) | ForEach-Object { $_.Text }) -join '').Trim() } | ForEach-Object { [string]$_.name })
        Outputs     = @(@($h.returnValues.returnValue) | Where-Object { $_ } | ForEach-Object { [string]$_.type.name })
    }
}";

        [Fact]
        public void Every_exported_cmdlet_has_a_synopsis_a_description_every_parameter_described_and_two_examples()
        {
            var r = _ps.Run(HelpFacts, "ListingPs");
            Assert.Empty(r.Errors);
            var facts = r.Records();
            Assert.True(facts.Count >= 13, "the module exports " + facts.Count + " cmdlets");
            var gaps = Gaps(facts);
            Assert.True(gaps.Count == 0, "Help gaps:\n" + string.Join("\n", gaps));
        }

        [Fact]
        public void The_help_check_finds_the_gaps_of_cmdlets_without_help()
        {
            // The engine's own cmdlets have no help installed in the hosted engine: the same check must report them.
            var facts = _ps.Run(HelpFacts, "Microsoft.PowerShell.Core").Records().Where(f => f.S("Name") == "ForEach-Object" || f.S("Name") == "Where-Object").ToList();
            Assert.Equal(2, facts.Count);
            var gaps = Gaps(facts);
            Assert.Contains("ForEach-Object: no synopsis", gaps);
            Assert.Contains("ForEach-Object: no description", gaps);
            Assert.Contains(gaps, g => g.StartsWith("Where-Object: 0 example(s)", StringComparison.Ordinal));
            Assert.Contains("Where-Object: parameter -FilterScript has no description", gaps);
        }

        /// <summary>What the help of each cmdlet (facts from <see cref="HelpFacts"/>) lacks.</summary>
        private static List<string> Gaps(IEnumerable<Rec> facts)
        {
            var gaps = new List<string>();
            foreach (var f in facts)
            {
                var name = f.S("Name");
                var synopsis = f.S("Synopsis").Trim();
                // Without MAML, Get-Help makes the synopsis from the syntax ("Get-Market [[-Id] <string[]>] ...").
                if (synopsis.Length == 0 || synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                    gaps.Add(name + ": no synopsis");
                if (f.S("Description").Trim().Length < 40) gaps.Add(name + ": no description");
                if (Convert.ToInt32(f["Examples"]) < 2) gaps.Add(name + ": " + f["Examples"] + " example(s), at least two needed");
                var described = Strings(f["Described"]);
                foreach (var p in Strings(f["Parameters"]))
                    if (!described.Contains(p, StringComparer.OrdinalIgnoreCase)) gaps.Add(name + ": parameter -" + p + " has no description");
            }
            return gaps;
        }

        [Fact]
        public void Help_shows_syntax_parameter_details_outputs_and_related_topics()
        {
            var r = _ps.Run(@"
$h = Get-Help Get-VerificationStatus -Full
$state = Get-Help Get-VerificationStatus -Parameter State
$id = Get-Help Get-VerificationStatus -Parameter OfferId
[pscustomobject]@{
    Syntax = @($h.syntax.syntaxItem).Count
    StateType = [string]$state.type.name
    IdGlobbing = [string]$id.globbing
    IdPipeline = [string]$id.pipelineInput
    IdAliases = [string]$id.aliases
    Output = [string]@($h.returnValues.returnValue)[0].type.name
    Links = (@($h.relatedLinks.navigationLink) | ForEach-Object { $_.linkText }) -join ','
    Code = [string]@($h.examples.example)[0].code
}");
            Assert.Empty(r.Errors);
            var h = r.Single();
            Assert.Equal("1", h.S("Syntax"));
            Assert.Equal("ShareState[]", h.S("StateType"));
            Assert.Equal("true", h.S("IdGlobbing"));
            Assert.Equal("True (ByPropertyName)", h.S("IdPipeline"));
            Assert.Contains("Sku", h.S("IdAliases"));
            Assert.Equal("ListingPs.Core.Model.ShareRecord", h.S("Output"));
            Assert.Contains("about_ListingPs", h.S("Links"));
            Assert.Contains("Get-VerificationStatus -Market allegro-cz", h.S("Code"));

            var sets = _ps.Run("@((Get-Help Import-Offer -Full).syntax.syntaxItem).Count; @((Get-Command Import-Offer).ParameterSets).Count").Output.Select(o => o.ToString()).ToList();
            Assert.Equal(sets[1], sets[0]); // one syntax block per parameter set
            Assert.True(int.Parse(sets[0]) >= 2);
        }

        [Fact]
        public void Help_is_found_when_the_assembly_is_imported_directly()
        {
            using var bare = new PowerShellSession(importModule: false);
            var dll = Path.Combine(Path.GetDirectoryName(PowerShellSession.ModuleManifest)!, "net8.0", "ListingPs.dll");
            var r = bare.Run("Import-Module $args[0] -ErrorAction Stop; [string](Get-Help Submit-Offer).Synopsis; [string](Get-Help about_ListingPs).Synopsis", dll);
            Assert.Empty(r.Errors);
            Assert.StartsWith("Shares offers to an additional market", r.Output[0].ToString());
            Assert.False(string.IsNullOrWhiteSpace(r.Output[1].ToString()));
        }

        [Fact]
        public void About_ListingPs_explains_markets_rules_workspace_weekly_check_reasons_and_connections()
        {
            var r = _ps.Run(@"
$about = Get-Help about_ListingPs
[pscustomobject]@{
    Text = [string]$about
    Synopsis = [string]$about.Synopsis
    Codes = @([ListingPs.Core.Verification.ReasonCodes]::All)
    Markets = @(Get-Market | ForEach-Object Id)
    Cmdlets = @(Get-Command -Module ListingPs -CommandType Cmdlet | ForEach-Object Name)
}");
            Assert.Empty(r.Errors);
            var a = r.Single();
            var text = a.S("Text");
            Assert.False(string.IsNullOrWhiteSpace(a.S("Synopsis")));
            foreach (var heading in new[] { "MARKETS", "RULES AND THE YAML FORMAT", "THE WORKSPACE", "THE WEEKLY CHECK", "REASON CODES", "MARKET CONNECTIONS", "REPORTS", "VERIFICATION STATES" })
                Assert.Contains("\n" + heading + "\n", text);
            var missing = Strings(a["Codes"]).Concat(Strings(a["Markets"])).Concat(Strings(a["Cmdlets"]))
                .Where(s => !text.Contains(s, StringComparison.Ordinal)).ToList();
            Assert.True(missing.Count == 0, "about_ListingPs does not mention: " + string.Join(", ", missing));
            Assert.Contains("$env:LISTINGPS_WORKSPACE", text);
            Assert.Contains("maxPriceDeviationPercent", text);
        }

        [Fact]
        public void Every_example_runs_against_the_sample_workspace_without_errors()
        {
            var names = _ps.Run("Get-Command -Module ListingPs -CommandType Cmdlet | ForEach-Object Name").Output.Select(o => o.ToString()!).ToList();
            Assert.NotEmpty(names);
            var examples = _ps.Run(@"foreach ($n in $args) { @((Get-Help $n -Full).examples.example) | Where-Object { $_ } |
                ForEach-Object { [pscustomobject]@{ Cmdlet = $n; Title = ([string]$_.title).Trim('-', ' '); Code = [string]$_.code } } }", names.Cast<object>().ToArray()).Records();

            // The sample workspace a reader starts from (docs/examples/README.md), made once and copied for every example.
            var template = PowerShellSession.TempPath("sample.db");
            using (var seed = new PowerShellSession(template))
            {
                var folder = SampleFolder();
                var setup = seed.Run("$null = $ExecutionContext.SessionState.Path.SetLocation($args[0]); " + Shims.UtilityShims.ImportScript + @"
Import-Offer -Path ./offers.csv
Submit-Offer -Market allegro-cz -Path ./share-cz.csv | Out-Null
Import-Offer -Path ./amazon-offers.csv
Import-Catalog -Market amazon-ca -Path ./catalog-ca.csv | Out-Null", folder);
                Assert.True(setup.Errors.Count == 0, "setup: " + string.Join("; ", setup.Errors));
            }

            var failures = new List<string>();
            foreach (var example in examples)
            {
                // Each example on its own: a fresh folder with the sample files, a copy of the sample workspace, a new session.
                var folder = SampleFolder();
                var workspace = Path.Combine(folder, "workspace.db");
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                    if (File.Exists(template + suffix)) File.Copy(template + suffix, workspace + suffix);
                using var session = new PowerShellSession(workspace);
                var ready = session.Run("$null = $ExecutionContext.SessionState.Path.SetLocation($args[0]); " + Shims.UtilityShims.ImportScript, folder);
                Assert.Empty(ready.Errors);
                var result = session.Run(example.S("Code"));
                foreach (var e in result.Errors)
                    failures.Add(example.S("Cmdlet") + " " + example.S("Title") + ":\n    " + example.S("Code").Replace("\n", "\n    ") + "\n  -> " + e.FullyQualifiedErrorId + ": " + e);
            }
            foreach (var name in names)
                Assert.True(examples.Count(e => e.S("Cmdlet") == name) >= 2, name + " has fewer than two examples");
            Assert.True(failures.Count == 0, "Examples that fail:\n" + string.Join("\n", failures));
        }

        /// <summary>A new folder holding the sample files of docs/examples.</summary>
        private static string SampleFolder()
        {
            var folder = Path.GetDirectoryName(PowerShellSession.TempPath("x"))!;
            foreach (var file in Directory.GetFiles(Path.Combine(DocsDirectory, "examples"), "*.csv"))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            return folder;
        }

        private static List<string> Strings(object? value) =>
            value is System.Collections.IEnumerable e && !(value is string)
                ? e.Cast<object>().Select(o => o?.ToString() ?? "").ToList()
                : new List<string> { value?.ToString() ?? "" };
    }
}
