using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>Market connections driven through the built module in the hosted engine, with Import-Csv-shaped offers (all strings).</summary>
    public sealed class MarketConnectionTests : IDisposable
    {
        private const string Header = "OfferId,Title,Price,Market,ProductId,Condition,Fulfillment,Status";
        private readonly PowerShellSession _ps = new PowerShellSession();

        public void Dispose() => _ps.Dispose();

        internal static string Row(string sku, string price = "10.00", string market = "amazon-us", string asin = "", string condition = "New",
            string fulfillment = "Merchant", string status = "Active") =>
            string.Join(",", sku, "Item " + sku, price, market, asin == "" ? "B0" + sku : asin, condition, fulfillment, status);

        internal static List<PSObject> Rows(params string[] rows) => PowerShellSession.CsvRows(Header + "\n" + string.Join("\n", rows));

        private void Import(params string[] rows)
        {
            var r = _ps.RunWithInput("$input | Import-Offer", Rows(rows));
            Assert.Empty(r.Errors);
        }

        /// <summary>amazon-us offers, the documents' rate (USD->CAD 1.1262) in the workspace, and C001: amazon-us -> amazon-ca, amazon-mx, AmountAbove 1.</summary>
        private Rec Connect(params string[] rows)
        {
            Import(rows.Length > 0 ? rows : new[] { Row("P1"), Row("P2", "20.00") });
            Assert.Empty(_ps.Run("Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01").Errors);
            var r = _ps.Run("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -PricingRule AmountAbove -PriceAdjustment 1 -AcceptObligations");
            Assert.Empty(r.Errors);
            return r.Single();
        }

        private List<Rec> Report(string filter = "") => _ps.Run("Get-ConnectionReport " + filter).Records();

        private Rec ReportRow(string target, string sku) => _ps.Run("Get-ConnectionReport -TargetMarket $args[0] -Sku $args[1]", target, sku).Single();

        private int Connections() => _ps.Run("Get-MarketConnection").Output.Count;

        [Fact]
        public void A_connection_is_built_from_import_csv_rows_and_prices_every_target()
        {
            Import(Row("P1"), Row("P2", "20.00"), Row("U1", condition: "Used"), Row("F1", fulfillment: "FBA"), Row("I1", status: "Inactive"), Row("N1", asin: "-").Replace(",-,", ",,"));
            _ps.Run("Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01");
            var r = _ps.Run("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -PricingRule AmountAbove -PriceAdjustment 1 -AcceptObligations");
            Assert.Empty(r.Errors);
            var c = r.Single();
            Assert.Equal("ListingPs.Core.Connections.MarketConnection", c.TypeName);
            Assert.Equal("C001", c.S("ConnectionId"));
            Assert.Equal("amazon-us", c.S("SourceMarket"));
            Assert.Equal("amazon-ca;amazon-mx", c.S("TargetMarkets"));
            Assert.Equal("Active", c.S("State"));
            Assert.Equal(6L, c["OffersCreated"]);                 // P1, P2, F1 on two targets
            Assert.Equal(6L, c["NotSynchronized"]);              // U1, I1, N1 on two targets
            var summary = new Rec(PSObject.AsPSObject(c["Summary"]));
            Assert.Equal("FilteredOut=2, NoDetailPage=2, SourceOfferInactive=2", summary.S("ByReason"));
            Assert.Contains(r.Progress, p => p.Activity.StartsWith("Processing the market connection amazon-us -> amazon-ca, amazon-mx", StringComparison.Ordinal)
                && p.StatusDescription.StartsWith("12 of 12", StringComparison.Ordinal));

            var p1 = ReportRow("amazon-ca", "P1");
            Assert.Equal(12.39m, p1.Price);                      // (10 + 1) x 1.1262
            Assert.Equal("CAD", p1.S("Currency"));
            Assert.Equal("Synchronized", p1.S("Status"));
            Assert.Equal("B0P1", p1.S("ProductId"));
            Assert.Equal("amazon-us", p1.S("SourceMarket"));
            Assert.Equal("Rule", p1.S("PriceSource"));
            Assert.Equal("AmountAbove 1", p1.S("PricingRule"));
            Assert.Equal(1.1262m, p1.Dec("ExchangeRate"));
            Assert.Equal("ECB 2024-03-01", p1.S("RateSource"));
            Assert.NotNull(p1["SyncDate"]);
            Assert.Equal(187.44m, ReportRow("amazon-mx", "P1").Price);   // 11 x 17.0399 (the rules' rate) = 187.4389
            Assert.Equal("MXN", ReportRow("amazon-mx", "P1").S("Currency"));
            var used = ReportRow("amazon-ca", "U1");
            Assert.Equal("NotSynchronized", used.S("Status"));
            Assert.Equal("FilteredOut", used.S("Reason"));
            Assert.Contains("-OfferCondition NewAndUsed", used.S("NextStep"));
            Assert.Equal("AwaitingFbaInventory", ReportRow("amazon-ca", "F1").S("Reason"));
            Assert.Equal("NoDetailPage", ReportRow("amazon-ca", "N1").S("Reason"));
            Assert.Equal(12, Report().Count);
        }

        private void Refused(string command, string errorId, ErrorCategory category, string inMessage, params object?[] args)
        {
            int before = Connections(), rows = Report().Count;
            var r = _ps.Run(command, args);
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.Equal(errorId, e.FullyQualifiedErrorId);
            Assert.Equal(category, e.CategoryInfo.Category);
            Assert.Contains(inMessage, e.Exception.Message);
            Assert.Equal(before, Connections());
            Assert.Equal(rows, Report().Count);
        }

        [Fact]
        public void Every_broken_rule_is_an_error_that_names_it_and_creates_nothing()
        {
            Import(Row("P1"), Row("D1", market: "amazon-de"), Row("M1", market: "amazon-mx"));
            const string id = ",ListingPs.Commands.NewMarketConnectionCommand";
            Refused("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca", "ObligationsNotAccepted" + id, ErrorCategory.InvalidOperation, "-AcceptObligations");
            Refused("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-us -AcceptObligations", "SourceIsTarget" + id, ErrorCategory.InvalidArgument, "never a target");
            Refused("New-MarketConnection -SourceMarket amazon-us -TargetMarket allegro-cz -AcceptObligations", "InvalidConnectionMarket" + id, ErrorCategory.InvalidArgument, "within a platform");
            Refused("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -PricingRule PercentBelow -PriceAdjustment 150 -AcceptObligations", "InvalidPricingRule" + id, ErrorCategory.InvalidArgument, "under 100");
            Refused("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -PriceAdjustment 2 -AcceptObligations", "InvalidPricingRule" + id, ErrorCategory.InvalidArgument, "-PricingRule");
            Refused("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-xx -AcceptObligations", "UnknownMarket" + id, ErrorCategory.InvalidData, "amazon-xx");

            var whatIf = _ps.Run("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations -WhatIf");
            Assert.Empty(whatIf.Errors);
            Assert.Empty(whatIf.Output);
            Assert.Equal(0, Connections());
            Assert.Equal("ConnectionNotFound,ListingPs.Commands.GetMarketConnectionCommand", Assert.Single(_ps.Run("Get-MarketConnection C001").Errors).FullyQualifiedErrorId);

            Assert.Empty(_ps.Run("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations").Errors);   // C001
            Refused("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-br -AcceptObligations", "SourceAlreadyConnected" + id, ErrorCategory.InvalidOperation, "Add-MarketConnectionTarget");
            Refused("New-MarketConnection -SourceMarket amazon-ca -TargetMarket amazon-br -AcceptObligations", "SourceIsTarget" + id, ErrorCategory.InvalidOperation, "target of connection C001");
            Refused("New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr -AcceptObligations", "RegionNotLinked" + id, ErrorCategory.InvalidOperation, "Set-SellerProfile -LinkedRegion EU");
            Refused("New-MarketConnection -SourceMarket amazon-mx -TargetMarket amazon-br -AcceptObligations", "SecondSourceSameRegion" + id, ErrorCategory.InvalidOperation, "region NA");
            Assert.Empty(_ps.Run("Set-SellerProfile -LinkedRegion EU").Errors);
            Refused("New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-ca -AcceptObligations", "TargetHasSource" + id, ErrorCategory.InvalidOperation, "a target market has one source");
            Refused("New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-us -AcceptObligations", "SourceIsTarget" + id, ErrorCategory.InvalidOperation, "source of connection C001");

            // With EU linked, amazon-de is a valid second source; an Allegro connection neither counts as nor needs one.
            Assert.Equal("C002", _ps.Run("New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr -AcceptObligations").Single().S("ConnectionId"));
            Assert.Empty(_ps.Run("Set-SellerProfile -LinkedRegion @()").Errors);
            var allegro = _ps.Run("New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz -AcceptObligations");
            Assert.Empty(allegro.Errors);
            Assert.Equal("allegro", allegro.Single().S("Platform"));
            Assert.Equal(new[] { "C001", "C002", "C003" }, _ps.Run("Get-MarketConnection").Records().Select(c => c.S("ConnectionId")));
        }

        [Fact]
        public void Added_targets_are_checked_and_processed()
        {
            Connect();
            var added = _ps.Run("Get-MarketConnection -ConnectionId C001 | Add-MarketConnectionTarget -TargetMarket amazon-jp -PricingRule PercentBelow -PriceAdjustment 10 -AcceptObligations");
            Assert.Empty(added.Errors);
            Assert.Equal("amazon-ca;amazon-mx;amazon-jp", added.Single().S("TargetMarkets"));
            Assert.Equal(1350m, ReportRow("amazon-jp", "P1").Price);            // 9 x 150.05 = 1350.45 -> whole yen
            Assert.Equal(12.39m, ReportRow("amazon-ca", "P1").Price);           // the other targets keep their rule
            const string id = ",ListingPs.Commands.AddMarketConnectionTargetCommand";
            Refused("Add-MarketConnectionTarget -ConnectionId C001 -TargetMarket amazon-br", "ObligationsNotAccepted" + id, ErrorCategory.InvalidOperation, "Nothing was created");
            Refused("Add-MarketConnectionTarget -ConnectionId C001 -TargetMarket amazon-ca -AcceptObligations", "TargetHasSource" + id, ErrorCategory.InvalidArgument, "already a target of C001");
            Refused("Add-MarketConnectionTarget -ConnectionId C001 -TargetMarket amazon-us -AcceptObligations", "SourceIsTarget" + id, ErrorCategory.InvalidArgument, "never a target");
            Refused("Add-MarketConnectionTarget -ConnectionId C404 -TargetMarket amazon-br -AcceptObligations", "ConnectionNotFound" + id, ErrorCategory.ObjectNotFound, "C404");
        }

        [Fact]
        public void Sync_follows_price_and_rate_changes_but_not_rate_moves_under_one_percent()
        {
            Connect();
            Assert.Equal(12.39m, ReportRow("amazon-ca", "P1").Price);

            _ps.Run("Set-ExchangeRate -From USD -To CAD -Rate 1.1300 -Source ECB");     // +0.34 %
            Assert.Equal("SyncDue", _ps.Run("Get-MarketConnection C001").Single().S("State"));
            var small = _ps.Run("Sync-MarketConnection -ConnectionId C001");
            Assert.Empty(small.Errors);
            var summary = new Rec(PSObject.AsPSObject(small.Single()["Summary"]));
            Assert.Equal(2L, summary["RateMovesSkipped"]);
            Assert.Equal(0L, summary["Updated"]);
            var unchanged = ReportRow("amazon-ca", "P1");
            Assert.Equal(12.39m, unchanged.Price);
            Assert.Equal(1.1262m, unchanged.Dec("ExchangeRate"));
            Assert.Equal("Active", _ps.Run("Get-MarketConnection C001").Single().S("State"));

            Import(Row("P1", "15.00"));
            _ps.Run("Sync-MarketConnection | Out-Null");
            Assert.Equal(18.02m, ReportRow("amazon-ca", "P1").Price);           // 16 x 1.1262: the rate is still within 1 %
            Assert.Equal(272.64m, ReportRow("amazon-mx", "P1").Price);          // 16 x 17.0399

            _ps.Run("Set-ExchangeRate -From USD -To CAD -Rate 1.2000 -Source ECB");
            var large = _ps.Run("Get-MarketConnection | Sync-MarketConnection").Single();
            Assert.Equal(2L, new Rec(PSObject.AsPSObject(large["Summary"]))["Updated"]);
            var p1 = ReportRow("amazon-ca", "P1");
            Assert.Equal(19.20m, p1.Price);                                       // 16 x 1.2
            Assert.Equal(1.2m, p1.Dec("ExchangeRate"));
            Assert.Equal(25.20m, ReportRow("amazon-ca", "P2").Price);           // 21 x 1.2
        }

        [Fact]
        public void A_hand_set_price_survives_sync_and_the_report_says_so()
        {
            Connect();
            var set = _ps.Run("Set-OfferPrice -Market amazon-ca -OfferId P1 -Price 14.99 -PassThru");
            Assert.Empty(set.Errors);
            var row = set.Single();
            Assert.Equal("ListingPs.Core.Connections.ConnectionReportRow", row.TypeName);
            Assert.Equal("Manual", row.S("PriceSource"));
            Assert.Equal(14.99m, row.Price);

            Import(Row("P1", "30.00"));
            _ps.Run("Set-ExchangeRate -From USD -To CAD -Rate 1.3 -Source ECB");
            _ps.Run("Sync-MarketConnection C001 | Out-Null");
            var kept = ReportRow("amazon-ca", "P1");
            Assert.Equal(14.99m, kept.Price);
            Assert.Equal("Manual", kept.S("PriceSource"));
            Assert.Equal("Synchronized", kept.S("Status"));
            Assert.Equal("ManualPrice", kept.S("Reason"));
            Assert.Contains("set by hand", kept.S("Message"));
            Assert.Equal(27.30m, ReportRow("amazon-ca", "P2").Price);           // 21 x 1.3: the rule still prices the others

            var bad = _ps.Run("Set-OfferPrice -Market amazon-ca -OfferId P1 -Price 14.999");
            Assert.Equal("InvalidPricePrecision,ListingPs.Commands.SetOfferPriceCommand", Assert.Single(bad.Errors).FullyQualifiedErrorId);
            var missing = _ps.Run("Set-OfferPrice -Market amazon-br -OfferId P1 -Price 10");
            Assert.Equal("OfferNotConnected,ListingPs.Commands.SetOfferPriceCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
            Assert.Equal(14.99m, ReportRow("amazon-ca", "P1").Price);

            var back = _ps.Run("Get-ConnectionReport -TargetMarket amazon-ca -Sku P1 | ForEach-Object { Set-OfferPrice -Market $_.TargetMarket -OfferId $_.Sku -UseConverter -PassThru }").Single();
            Assert.Equal("Rule", back.S("PriceSource"));
            Assert.Equal(40.30m, back.Price);
        }

        [Fact]
        public void Target_offers_whose_source_left_the_assortment_are_removed()
        {
            Connect();
            Assert.Empty(_ps.Run("Remove-Offer -OfferId P2 -Force").Errors);
            var s = _ps.Run("Sync-MarketConnection C001").Single();
            Assert.Equal(2L, new Rec(PSObject.AsPSObject(s["Summary"]))["Removed"]);
            var p2 = ReportRow("amazon-ca", "P2");
            Assert.Equal("Disconnected", p2.S("Status"));
            Assert.Equal("SourceRemoved", p2.S("Reason"));
            Assert.Equal("Removed", p2.S("TargetOfferState"));
            Assert.Null(p2.Price);
            Assert.Equal("Synchronized", ReportRow("amazon-ca", "P1").S("Status"));
        }

        [Fact]
        public void The_report_reads_with_filters_and_from_the_pipeline()
        {
            Connect(Row("P1"), Row("P2", "20.00"), Row("X1"), Row("U1", condition: "Used"), Row("I1", status: "Inactive"));
            string Skus(string filter) => string.Join(",", Report(filter).Select(r => r.S("TargetMarket") + ":" + r.S("Sku")));
            Assert.Equal("amazon-ca:I1,amazon-mx:I1", Skus("-Status NotSynchronized -Reason SourceOfferInactive"));
            Assert.Equal("amazon-ca:P1,amazon-ca:P2,amazon-ca:X1", Skus("-TargetMarket amazon-ca -Status Synchronized"));
            Assert.Equal("amazon-mx:P1,amazon-mx:P2", Skus("-TargetMarket amazon-mx -Sku P*"));
            Assert.Equal("amazon-ca:I1", Skus("-First 1"));
            Assert.Equal(10, _ps.Run("Get-MarketConnection | Get-ConnectionReport").Output.Count);
            Assert.Empty(Report("-ConnectionId C999"));
            var rows = _ps.Run("Get-ConnectionReport -ConnectionId C0* -Status NotSynchronized | ForEach-Object { $_.Reason + ':' + $_.NextStep }").Output.Select(o => o.ToString()!).ToList();
            Assert.Equal(4, rows.Count);
            Assert.All(rows, x => Assert.Matches(@"^\w+:.{20,}$", x));
            // Completion offers the workspace's connection ids and the report's reasons.
            const string complete = "[System.Management.Automation.CommandCompletion]::CompleteInput($args[0], $args[0].Length, $null).CompletionMatches | ForEach-Object CompletionText";
            Assert.Equal(new[] { "C001" }, _ps.Run(complete, "Get-ConnectionReport -Workspace '" + _ps.WorkspacePath + "' -ConnectionId C0").Output.Select(o => o.ToString()));
            Assert.Equal(new[] { "SkuExcluded", "SourceOfferInactive", "SourceRemoved" }, _ps.Run(complete, "Get-ConnectionReport -Reason S").Output.Select(o => o.ToString()));
        }

        [Fact]
        public void Catalogue_and_fba_inventory_decide_what_lists_and_sells()
        {
            Import(Row("P1"), Row("F1", fulfillment: "FBA"));
            var catalogue = PowerShellSession.CsvRows("ASIN,Title\nB0F1,Item F1\n");
            var imported = _ps.RunWithInput("$input | Import-Catalog -Market amazon-ca", catalogue);
            Assert.Empty(imported.Errors);
            Assert.Equal(1L, imported.Single()["Total"]);
            _ps.Run("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations | Out-Null");
            Assert.Equal("NoDetailPage", ReportRow("amazon-ca", "P1").S("Reason"));
            var f1 = ReportRow("amazon-ca", "F1");
            Assert.Equal("AwaitingFbaInventory", f1.S("Reason"));
            Assert.Equal("Inactive", f1.S("TargetOfferState"));

            var inventory = _ps.Run("Get-ConnectionReport -Reason AwaitingFbaInventory | Set-FbaInventory -Quantity 24 -PassThru");
            Assert.Empty(inventory.Errors);
            Assert.Equal("Active", inventory.Single().S("TargetOfferState"));
            Assert.Equal("Active", ReportRow("amazon-ca", "F1").S("TargetOfferState"));

            var file = Path.Combine(Path.GetDirectoryName(_ps.WorkspacePath)!, "catalog.txt");
            File.WriteAllText(file, "B0P1\nB0F1\n");
            Assert.Equal(2L, _ps.Run("Import-Catalog -Market amazon-ca -Path $args[0] -Replace", file).Single()["Total"]);
            _ps.Run("Sync-MarketConnection | Out-Null");
            Assert.Equal("Synchronized", ReportRow("amazon-ca", "P1").S("Status"));
        }

        [Fact]
        public void Rules_come_from_a_connection_rule_file_and_a_broken_one_creates_nothing()
        {
            Import(Row("P1"), Row("F1", "20.00", fulfillment: "FBA"), Row("X1"));
            var dir = Path.GetDirectoryName(_ps.WorkspacePath)!;
            var file = Path.Combine(dir, "bil.yaml");
            File.WriteAllText(file, "version: 1\nconnection:\n  excludeSkus: [X1]\n  pricing: { rule: AmountAbove, adjustment: 1 }\n  targets:\n    amazon-jp:\n      pricing:\n        FBA: { rule: PercentAbove, adjustment: 10 }\n");
            var c = _ps.Run("New-MarketConnection amazon-us amazon-ca, amazon-jp -RulePath $args[0] -AcceptObligations", file);
            Assert.Empty(c.Errors);
            Assert.Contains("amazon-jp", c.Single()["Rules"]!.ToString());
            Assert.Equal(1651m, ReportRow("amazon-jp", "P1").Price);            // 11 x 150.05: the default rule
            Assert.Equal(3301m, ReportRow("amazon-jp", "F1").Price);            // FBA on amazon-jp: 22 x 150.05 = 3301.1 (the default rule would give 3151)
            Assert.Equal("SkuExcluded", ReportRow("amazon-ca", "X1").S("Reason"));
            Assert.Equal(14.91m, ReportRow("amazon-ca", "P1").Price);           // 11 x 1.3554 (the rules' rate) = 14.9094

            _ps.Run("Remove-MarketConnection C001 -Force");
            File.WriteAllText(file, "version: 1\nconnection:\n  pricing: { rule: PercentBelow, adjustment: 100 }\n");
            var broken = _ps.Run("New-MarketConnection amazon-us amazon-ca -RulePath $args[0] -AcceptObligations", file);
            var e = Assert.Single(broken.Errors);
            Assert.Equal("RuleFileInvalid,ListingPs.Commands.NewMarketConnectionCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Contains("bil.yaml:3:", e.Exception.Message);
            Assert.Equal(0, Connections());
        }

        [Fact]
        public void Remove_asks_first_supports_WhatIf_and_removes_with_Force()
        {
            Connect();
            var impact = _ps.Run("[System.Management.Automation.CommandMetadata]::new((Get-Command Remove-MarketConnection)).ConfirmImpact").Single();
            Assert.Equal("High", impact.ToString());
            Assert.Empty(_ps.Run("Remove-MarketConnection -ConnectionId C001 -WhatIf").Errors);
            Assert.Equal(1, Connections());
            Assert.Equal(4, Report().Count);
            var removed = _ps.Run("Get-MarketConnection | Remove-MarketConnection -Force -PassThru");
            Assert.Empty(removed.Errors);
            Assert.Equal("C001", removed.Single().S("ConnectionId"));
            Assert.Equal(0, Connections());
            Assert.Empty(Report());
            var missing = _ps.Run("Remove-MarketConnection -ConnectionId C001 -Force");
            Assert.Equal("ConnectionNotFound,ListingPs.Commands.RemoveMarketConnectionCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void An_allegro_connection_shares_through_the_shared_offers_verification()
        {
            var rows = SharedOffersTests.Rows(SharedOffersTests.Row("A1", price: "100.00"), SharedOffersTests.Row("A2", translations: ""), SharedOffersTests.Row("A3"));
            Assert.Empty(_ps.RunWithInput("$input | Import-Offer", rows).Errors);
            var c = _ps.Run("New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz -PricingRule PercentAbove -PriceAdjustment 5 -ExcludeSku A3 -AcceptObligations");
            Assert.Empty(c.Errors);
            var share = _ps.Run("Get-VerificationStatus -Market allegro-cz -OfferId A1").Single();
            Assert.Equal("Approved", share.State);
            Assert.Equal(535m, share.Price);                                    // 105 x 5.0942 = 534.891 -> whole crowns
            Assert.Equal("VQR002_LANGUAGE_NOT_AVAILABLE", ReportRow("allegro-cz", "A2").S("Reason"));
            Assert.Equal("SkuExcluded", ReportRow("allegro-cz", "A3").S("Reason"));
            Assert.Equal("NotRequested", _ps.Run("Get-VerificationStatus -Market allegro-cz -OfferId A3 -State NotRequested").Single().State);

            // A CZK price set by hand (Set-OfferCzkPrice) is never overwritten by Sync.
            _ps.Run("Set-OfferCzkPrice -OfferId A1 -Price 540");
            _ps.Run("Sync-MarketConnection | Out-Null");
            Assert.Equal(540m, _ps.Run("Get-VerificationStatus -Market allegro-cz -OfferId A1").Single().Price);
            Assert.Equal("ManualPrice", ReportRow("allegro-cz", "A1").S("Reason"));
        }

        [Fact]
        public void Seller_profile_links_regions_the_rules_know()
        {
            var set = _ps.Run("Set-SellerProfile -LinkedRegion EU, fe -SellerName 'Example Trading' -PassThru").Single();
            Assert.Equal("EU;FE", set.S("LinkedRegions"));
            Assert.Equal("Example Trading", _ps.Run("Get-SellerProfile").Single().S("SellerName"));
            var bad = _ps.Run("Set-SellerProfile -LinkedRegion Mars");
            Assert.Equal("UnknownRegion,ListingPs.Commands.SetSellerProfileCommand", Assert.Single(bad.Errors).FullyQualifiedErrorId);
            Assert.Equal("EU;FE", _ps.Run("Get-SellerProfile").Single().S("LinkedRegions"));
            Assert.Empty(_ps.Run("Set-SellerProfile -LinkedRegion NA -WhatIf").Errors);
            Assert.Equal("EU;FE", _ps.Run("Get-SellerProfile").Single().S("LinkedRegions"));
        }

        [Fact]
        public void The_rule_parameters_are_the_same_on_New_MarketConnection_and_Add_MarketConnectionTarget()
        {
            // Declared once (ConnectionRulesCmdlet): same name, type, attributes and position on both, and each described.
            var r = _ps.Run(@"
foreach ($c in 'New-MarketConnection', 'Add-MarketConnectionTarget') {
    $cmd = Get-Command $c
    foreach ($n in 'OfferCondition', 'Fulfillment', 'ExcludeSku', 'PricingRule', 'PriceAdjustment', 'AcceptObligations') {
        $p = $cmd.Parameters[$n]
        $a = $p.ParameterSets['__AllParameterSets']
        '{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $c, $n, $p.ParameterType.Name, $a.IsMandatory, $a.Position, [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateNotNullAttribute] }),
            ((Get-Help $c -Parameter $n).description.Text -join ' ').Length
    }
}");
            Assert.Empty(r.Errors);
            var lines = r.Output.Select(o => o.ToString()!.Split('|')).ToList();
            Assert.Equal(12, lines.Count);
            foreach (var n in lines.Where(l => l[0] == "New-MarketConnection"))
            {
                var add = lines.Single(l => l[0] == "Add-MarketConnectionTarget" && l[1] == n[1]);
                Assert.Equal(n.Skip(1).Take(5), add.Skip(1).Take(5));
                Assert.True(int.Parse(n[6]) > 20 && int.Parse(add[6]) > 20, n[1] + " has no help text");
            }
            Assert.Equal(new[] { "Nullable`1", "False", "-2147483648", "False" }, lines.Single(l => l[0] == "New-MarketConnection" && l[1] == "PricingRule").Skip(2).Take(4));
            Assert.Equal("True", lines.Single(l => l[0] == "Add-MarketConnectionTarget" && l[1] == "ExcludeSku")[5]);
            // The parameters still reach the rules on both: a percentage without a rule is refused, and the rules are applied.
            Connect();
            Assert.Contains(_ps.Run("Add-MarketConnectionTarget -ConnectionId C001 -TargetMarket amazon-br -PriceAdjustment 2 -AcceptObligations").Errors,
                e => e.FullyQualifiedErrorId.StartsWith("InvalidPricingRule", StringComparison.Ordinal));
        }

        [Fact]
        public void Ctrl_C_during_processing_leaves_no_half_made_connection()
        {
            var offers = Enumerable.Range(1, 3000).Select(i => Row("S" + i.ToString("D5"))).ToArray();
            Import(offers);
            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            using (var setup = PowerShell.Create())
            {
                setup.Runspace = runspace;
                setup.AddScript("Import-Module $args[0] -ErrorAction Stop; $PSDefaultParameterValues['*:Workspace'] = $args[1]")
                    .AddArgument(PowerShellSession.ModuleManifest).AddArgument(_ps.WorkspacePath).Invoke();
                Assert.False(setup.HadErrors);
            }
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx, amazon-br -AcceptObligations");
            int stopsRequested = 0;
            ps.Streams.Progress.DataAdded += (sender, e) =>
            {
                var record = ((PSDataCollection<ProgressRecord>)sender!)[e.Index];
                if (record.Activity.StartsWith("Processing", StringComparison.Ordinal) && Interlocked.Increment(ref stopsRequested) == 1)
                {
                    ps.BeginStop(null, null);   // what Ctrl+C does
                    Thread.Sleep(500);          // processing is held here until the stop request is in
                }
            };
            var async = ps.BeginInvoke();
            Assert.ThrowsAny<PipelineStoppedException>(() => ps.EndInvoke(async));
            Assert.True(stopsRequested >= 1, "processing never reported progress");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);

            using var other = new PowerShellSession(_ps.WorkspacePath);
            Assert.Empty(other.Run("Get-MarketConnection").Output);
            Assert.Empty(other.Run("Get-ConnectionReport").Output);
            Assert.Equal(3000, other.Run("Get-Offer").Output.Count);
            // The next run starts from nothing and completes.
            var again = _ps.Run("New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations");
            Assert.Empty(again.Errors);
            Assert.Equal(3000L, again.Single()["OffersCreated"]);
        }
    }
}
