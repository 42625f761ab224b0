using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>Tab completion as the console asks for it (CommandCompletion.CompleteInput), filtered by what was typed.</summary>
    public sealed class CompletionTests : IDisposable
    {
        private readonly Runspace _runspace;

        public CompletionTests()
        {
            _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            _runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript("Import-Module $args[0] -ErrorAction Stop").AddArgument(PowerShellSession.ModuleManifest).Invoke();
            Assert.False(ps.HadErrors);
        }

        public void Dispose() => _runspace.Dispose();

        /// <summary>The completion texts for the input, completed at its end.</summary>
        private List<string> Complete(string input)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            var result = CommandCompletion.CompleteInput(input, input.Length, null, ps);
            return result.CompletionMatches.Select(m => m.CompletionText).ToList();
        }

        [Fact]
        public void Market_ids_complete_from_the_rules_filtered_by_what_was_typed()
        {
            Assert.Equal(new[] { "allegro-cz" }, Complete("Submit-Offer -Market allegro-c"));
            var additional = Complete("Submit-Offer -Market ");
            Assert.Contains("allegro-sk", additional);
            Assert.Contains("allegro-hu", additional);
            Assert.DoesNotContain("allegro-pl", additional); // the base market takes no shared offers
            Assert.Contains("allegro-pl", Complete("Get-Market -Id allegro-p"));
            Assert.Equal(new[] { "amazon-de" }, Complete("Get-Market amazon-d"));
            Assert.Equal(new[] { "allegro-cz" }, Complete("Export-ListingReport -Market allegro-c"));
            Assert.Equal(new[] { "allegro-cz" }, Complete("Invoke-VisibilityCheck -Market ALLEGRO-C"));
        }

        [Fact]
        public void Offer_ids_complete_from_the_workspace_the_command_line_names()
        {
            var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "listingps-complete-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            try
            {
                var ws = System.IO.Path.Combine(dir, "ws.db");
                using (var ps = PowerShell.Create())
                {
                    ps.Runspace = _runspace;
                    ps.AddScript("'PL-001', 'PL-002', 'PL-010', 'CZ 7', 'pl-lower' | ForEach-Object { [pscustomobject]@{ OfferId = $_; Title = 'Title ' + $_; Price = '10' } } | Import-Offer -Workspace $args[0]")
                      .AddArgument(ws).Invoke();
                    Assert.False(ps.HadErrors);
                }
                Assert.Equal(new[] { "PL-001", "PL-002" }, Complete($"Get-Offer -Workspace '{ws}' -OfferId PL-00"));
                Assert.Equal(new[] { "PL-001", "PL-002", "PL-010" }, Complete($"Set-OfferCzkPrice -Workspace '{ws}' -UseConverter -OfferId PL-0"));
                Assert.Equal(new[] { "'CZ 7'" }, Complete($"Remove-Offer -Workspace '{ws}' -OfferId CZ")); // quoted: it has a space
                Assert.Equal(new[] { "pl-lower" }, Complete($"Unpublish-Offer -Workspace '{ws}' -Market allegro-cz -OfferId PL-L")); // any case
                Assert.Equal(new[] { "PL-010" }, Complete($"Get-VerificationStatus -Workspace '{ws}' -OfferId PL-01"));
                Assert.Equal(new[] { "PL-002" }, Complete($"Import-Offer -Workspace '{ws}' -OfferId PL-002"));
                var tooltip = CompleteTooltips($"Get-Offer -Workspace '{ws}' -OfferId PL-001");
                Assert.Equal("Title PL-001 (allegro-pl)", Assert.Single(tooltip));
                var missing = System.IO.Path.Combine(dir, "none.db");
                Assert.Empty(Complete($"Get-Offer -Workspace '{missing}' -OfferId PL"));
                Assert.False(System.IO.File.Exists(missing)); // completing does not create a workspace
            }
            finally
            {
                using (var ps = PowerShell.Create())
                {
                    ps.Runspace = _runspace;
                    ps.AddScript("Remove-Module ListingPs").Invoke(); // closes the workspace so its folder can go
                }
                try { System.IO.Directory.Delete(dir, true); } catch (System.IO.IOException) { }
            }
        }

        private List<string> CompleteTooltips(string input)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            return CommandCompletion.CompleteInput(input, input.Length, null, ps).CompletionMatches.Select(m => m.ToolTip).ToList();
        }

        [Fact]
        public void Reason_codes_complete_by_prefix()
        {
            var vqr = Complete("Get-VerificationStatus -Reason VQR0");
            Assert.Equal(new[] { "VQR001_CURRENCY_NOT_AVAILABLE", "VQR002_LANGUAGE_NOT_AVAILABLE", "VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE",
                "VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH", "VQR010_SAURON_LEVEL_LOW" }, vqr);
            Assert.Equal(new[] { "LPS104_NOT_BUY_NOW" }, Complete("Get-VerificationStatus -Market allegro-cz -Reason LPS104"));
            Assert.Equal(12, Complete("Get-VerificationStatus -Reason ").Count);
        }

        [Fact]
        public void States_and_statuses_complete_from_their_enums()
        {
            Assert.Equal(new[] { "Refused" }, Complete("Get-VerificationStatus -State Ref"));
            Assert.Equal(new[] { "InProgress" }, Complete("Get-VerificationStatus -State InP"));
            Assert.Equal(new[] { "Inactive" }, Complete("Get-Offer -Status In"));
            Assert.Equal(new[] { "Ended" }, Complete("Get-VerificationStatus -OfferStatus E"));
            Assert.Contains("NotRequested", Complete("Get-VerificationStatus -State "));
        }

        [Fact]
        public void Rule_values_complete_categories_delivery_methods_currencies_regions()
        {
            Assert.Contains("Motoryzacja/Pojazdy", Complete("Import-Offer -Category Motor"));
            Assert.Contains("'Książki i Komiksy'", Complete("Import-Offer -Category Książ")); // quoted: it has spaces
            var lockers = Complete("Submit-Offer -Market allegro-cz -DeliveryMethods packeta-l");
            Assert.Contains("packeta-locker-cz", lockers);
            Assert.All(lockers, l => Assert.StartsWith("packeta-locker-", l));
            Assert.Equal(new[] { "PLN" }, Complete("Get-ExchangeRate -From PL"));
            Assert.Equal(new[] { "EU" }, Complete("Get-Market -Region E"));
            Assert.Equal(new[] { "Auction" }, Complete("Import-Offer -SellingFormat Au"));
            Assert.Contains("cs-CZ", Complete("Import-Offer -Translations cs"));
        }

        [Fact]
        public void Connection_ids_complete_from_the_workspace_on_the_command_line()
        {
            var workspace = PowerShellSession.TempPath("completion.db");
            using (var ps = PowerShell.Create())
            {
                ps.Runspace = _runspace;
                ps.AddScript("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations -Workspace $args[0] | Out-Null; " +
                             "New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr -AcceptObligations -Workspace $args[0] -ErrorAction SilentlyContinue | Out-Null")
                    .AddArgument(workspace).Invoke();
            }
            var ids = Complete("Get-ConnectionReport -Workspace '" + workspace + "' -ConnectionId C0");
            Assert.Contains("C001", ids);
            Assert.All(ids, id => Assert.StartsWith("C0", id));
            Assert.Contains("C001", Complete("Export-ListingReport -Workspace '" + workspace + "' -Path x.html -ConnectionId C"));
        }

        [Fact]
        public void Completion_of_an_unknown_prefix_offers_nothing_from_the_module()
        {
            Assert.Empty(Complete("Submit-Offer -Market ebay-"));
            Assert.Empty(Complete("Get-VerificationStatus -Reason XYZ"));
        }
    }
}
