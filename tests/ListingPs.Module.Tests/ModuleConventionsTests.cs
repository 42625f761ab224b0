using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>The built module as PowerShell sees it: manifest, exported commands and their conventions.</summary>
    public sealed class ModuleConventionsTests : IDisposable
    {
        private readonly PowerShellSession _ps = new PowerShellSession();

        public void Dispose() => _ps.Dispose();

        private static readonly string[] StateChangingVerbs = { "Import", "Submit", "Set", "Unpublish", "Invoke", "Remove", "New", "Add", "Sync", "Export" };

        private List<string> Commands() =>
            _ps.Run("Get-Command -Module ListingPs | ForEach-Object Name").Output.Select(o => o.ToString()).OrderBy(n => n, StringComparer.Ordinal).ToList();

        [Fact]
        public void Manifest_is_valid_and_exports_exactly_its_cmdlets()
        {
            var r = _ps.Run("Test-ModuleManifest -Path $args[0]", PowerShellSession.ModuleManifest);
            Assert.Empty(r.Errors);
            var manifest = r.Single();
            Assert.Equal(new[] { "Core", "Desktop" }, ((IEnumerable<string>)manifest["CompatiblePSEditions"]!).ToArray());
            var declared = _ps.Run("(Import-PowerShellDataFile -Path $args[0]).CmdletsToExport", PowerShellSession.ModuleManifest);
            var names = declared.Errors.Count == 0 && declared.Output.Count > 0
                ? declared.Output.Select(o => o.ToString()).ToList()
                : ((System.Collections.IDictionary)manifest["ExportedCmdlets"]!).Keys.Cast<string>().ToList();
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), Commands());
            Assert.Contains("Submit-Offer", Commands());
            Assert.Contains("Get-VerificationStatus", Commands());
        }

        [Fact]
        public void Every_cmdlet_uses_an_approved_verb()
        {
            var approved = new[] { typeof(VerbsCommon), typeof(VerbsData), typeof(VerbsLifecycle), typeof(VerbsDiagnostic), typeof(VerbsCommunications), typeof(VerbsSecurity), typeof(VerbsOther) }
                .SelectMany(t => t.GetFields()).Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var name in Commands())
                Assert.True(approved.Contains(name.Split('-')[0]), name + " uses an unapproved verb");
        }

        [Fact]
        public void State_changing_cmdlets_support_WhatIf_and_Confirm_and_every_cmdlet_declares_its_output()
        {
            foreach (var name in Commands())
            {
                var info = _ps.Run("Get-Command $args[0]", name).Single();
                var parameters = (System.Collections.IDictionary)info["Parameters"]!;
                if (StateChangingVerbs.Contains(name.Split('-')[0]))
                {
                    Assert.True(parameters.Contains("WhatIf"), name + " lacks -WhatIf");
                    Assert.True(parameters.Contains("Confirm"), name + " lacks -Confirm");
                }
                var outputs = (System.Collections.IEnumerable)info["OutputType"]!;
                if (!name.StartsWith("Remove-", StringComparison.Ordinal))
                    Assert.True(outputs.Cast<object>().Any(), name + " declares no [OutputType]");
                Assert.True(parameters.Contains("Workspace"), name + " lacks -Workspace");
            }
        }

        [Fact]
        public void Nothing_prompts_in_unattended_use()
        {
            // No mandatory parameter without a value prompts: the engine reports it instead (our commands validate their own input).
            _ps.Run("Import-Offer -OfferId X -Price 1 | Out-Null");
            var r = _ps.Run("Remove-Offer -OfferId X -Force");
            Assert.Empty(r.Errors);
            Assert.Empty(_ps.Run("Get-Offer X").Output);
        }
    }
}
