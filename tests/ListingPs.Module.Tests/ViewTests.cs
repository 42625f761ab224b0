using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>
    /// How records look: the default table views as the console renders them (through the engine's formatting, captured by a
    /// host), the same after serialization, the list views, the default display sets, and records that flatten to CSV and
    /// JSON without type names.
    /// </summary>
    public sealed class ViewTests : IDisposable
    {
        private readonly CaptureHost _host = new CaptureHost(140);
        private readonly Runspace _runspace;
        private readonly string _workspace = PowerShellSession.TempPath("views.db");

        public ViewTests()
        {
            _runspace = _host.OpenRunspaceWithModule(_workspace);
            var rows = SharedOffersTests.Rows(
                SharedOffersTests.Row("V-OK", price: "45.00"),
                SharedOffersTests.Row("V-BAD", account: "Personal", format: "Auction", delivery: "allegro-dpd-pl"),
                SharedOffersTests.Row("V-ONE", delivery: "allegro-dpd-pl"));
            Run("$input | Submit-Offer -Market allegro-cz | Out-Null", rows);
            // A market connection with a synchronized and a not synchronized row.
            Run("$input | Import-Offer; Import-Catalog -Market amazon-ca -ProductId B0VIEWS001 | Out-Null; " +
                "New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations | Out-Null",
                new[] { Offer("CX-OK", "B0VIEWS001", "Merchant"), Offer("CX-FBA", "B0VIEWS001", "FBA"), Offer("CX-NODP", "B0VIEWS999", "Merchant") });
        }

        private static PSObject Offer(string id, string asin, string fulfillment)
        {
            var o = new PSObject();
            foreach (var (k, v) in new[] { ("OfferId", id), ("Title", "Title " + id), ("Market", "amazon-us"), ("Price", "20.00"), ("ProductId", asin), ("Fulfillment", fulfillment) })
                o.Properties.Add(new PSNoteProperty(k, v));
            return o;
        }

        public void Dispose() => _runspace.Dispose();

        private List<PSObject> Run(string script, IEnumerable? input = null, params object[] args)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            foreach (var a in args) ps.AddArgument(a);
            var output = input == null ? ps.Invoke() : ps.Invoke(input);
            Assert.True(!ps.HadErrors || ps.Streams.Error.Count == 0, string.Join("\n", ps.Streams.Error));
            return output.ToList();
        }

        /// <summary>What the console shows for the script's output (Out-Default through the module's views).</summary>
        private string Render(string script, params object[] args)
        {
            _host.Clear();
            Run(script + " | Out-Default", null, args);
            return _host.Text;
        }

        private static string[] HeaderCells(string text, string firstColumn)
        {
            var header = text.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(firstColumn, StringComparison.Ordinal));
            Assert.True(header != null, "no table header starting with " + firstColumn + " in:\n" + text);
            return Regex.Split(header!.Trim(), @"\s+");
        }

        [Fact]
        public void Share_records_show_offer_market_state_price_with_currency_and_first_reason()
        {
            var text = Render("Get-VerificationStatus -Market allegro-cz");
            Assert.Equal(new[] { "OfferId", "Market", "State", "Price", "Source", "Reason" }, HeaderCells(text, "OfferId"));
            var ok = text.Split('\n').Single(l => l.StartsWith("V-OK"));
            Assert.Matches(@"V-OK\s+allegro-cz\s+Approved\s+229 CZK\s+Converter", ok);
            var bad = text.Split('\n').Single(l => l.StartsWith("V-BAD"));
            Assert.Matches(@"Refused .* LPS101_PERSONAL_ACCOUNT \(\+\d+\)", bad); // the first reason and how many more
            var one = text.Split('\n').Single(l => l.StartsWith("V-ONE"));
            Assert.EndsWith("VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE", one.TrimEnd());
        }

        [Fact]
        public void Deserialized_records_show_the_same_table()
        {
            var live = Render("Get-VerificationStatus -Market allegro-cz");
            var again = Render("Get-VerificationStatus -Market allegro-cz | ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) }");
            var names = Run("Get-VerificationStatus -Market allegro-cz -First 1 | ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)).PSObject.TypeNames[0] }");
            Assert.Equal("Deserialized.ListingPs.Core.Model.ShareRecord", names.Single().ToString());
            Assert.Equal(live, again);

            var offers = Render("Get-Offer | ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) }");
            Assert.Equal(new[] { "OfferId", "Market", "Status", "Price", "Format", "Title" }, HeaderCells(offers, "OfferId"));
            Assert.Matches(@"V-OK\s+allegro-pl\s+Active\s+45\.00 PLN\s+BuyNow\s+Title V-OK", offers);
        }

        [Fact]
        public void Offers_markets_rates_and_reports_have_table_views()
        {
            var offers = Render("Get-Offer");
            Assert.Equal(new[] { "OfferId", "Market", "Status", "Price", "Format", "Title" }, HeaderCells(offers, "OfferId"));
            Assert.Matches(@"V-OK\s+allegro-pl\s+Active\s+45\.00 PLN", offers);

            var markets = Render("Get-Market -Id allegro-*");
            Assert.Equal(new[] { "Id", "Platform", "Region", "Country", "Currency", "Language", "SharesFrom", "Name" }, HeaderCells(markets, "Id"));
            Assert.Matches(@"allegro-cz\s+allegro\s+allegro\s+CZ\s+CZK\s+cs-CZ\s+allegro-pl", markets);
            Assert.Matches(@"allegro-pl\s+.*\(base\)", markets);

            var rates = Render("Get-ExchangeRate -From PLN -To CZK");
            Assert.Equal(new[] { "From", "To", "Rate", "Source", "Date" }, HeaderCells(rates, "From"));
            Assert.Matches(@"PLN\s+CZK\s+5\.0942\s+NBP\s+2023-03-21", rates);

            var report = Render("Export-ListingReport -Market allegro-cz -Path $args[0]", PowerShellSession.TempPath("view.html"));
            Assert.Equal(new[] { "Subject", "Total", "ToFix", "Counts", "Path" }, HeaderCells(report, "Subject"));
            Assert.Matches(@"allegro-cz\s+3\s+2\s+Approved=1; Refused=2", report);

            var reasons = Render("Get-VerificationStatus -Market allegro-cz -OfferId V-ONE | ForEach-Object Reasons");
            Assert.Equal(new[] { "Code", "Hint" }, HeaderCells(reasons, "Code"));
        }

        /// <summary>The list views of the format file, evaluated item by item on live and deserialized records.</summary>
        [Fact]
        public void List_views_show_every_property_and_each_item_evaluates()
        {
            var format = XDocument.Load(Path.Combine(Path.GetDirectoryName(PowerShellSession.ModuleManifest)!, "ListingPs.format.ps1xml"));
            var samples = new Dictionary<string, string>
            {
                ["ListingPs.Core.Model.ShareRecord"] = "Get-VerificationStatus -Market allegro-cz -OfferId V-BAD",
                ["ListingPs.Core.Model.Offer"] = "Get-Offer -OfferId V-OK",
                ["ListingPs.Core.Rules.MarketRule"] = "Get-Market -Id allegro-cz",
                ["ListingPs.Core.Rules.ExchangeRateRule"] = "Get-ExchangeRate -From PLN -To CZK",
                ["ListingPs.Core.Model.Reason"] = "Get-VerificationStatus -Market allegro-cz -OfferId V-ONE | ForEach-Object Reasons",
                ["ListingPs.Core.Reports.ReportSummary"] = "Export-ListingReport -Market allegro-cz -Path '" + PowerShellSession.TempPath("list.html") + "'",
            };
            var problems = new List<string>();
            foreach (var view in format.Descendants("View").Where(v => v.Element("ListControl") != null))
            {
                var type = view.Element("ViewSelectedBy")!.Elements("TypeName").First().Value;
                Assert.Contains(view.Element("ViewSelectedBy")!.Elements("TypeName"), t => t.Value == "Deserialized." + type);
                Assert.True(samples.ContainsKey(type), "no sample record for the list view of " + type);
                var record = Run(samples[type]).First();
                var deserialized = PSSerializer.Deserialize(PSSerializer.Serialize(record, 2));
                var items = view.Descendants("ListItem").ToList();
                var labels = items.Select(i => i.Element("Label")?.Value ?? i.Element("PropertyName")?.Value).ToList();
                var properties = record.Properties.Where(p => p.MemberType == PSMemberTypes.Property).Select(p => p.Name);
                foreach (var p in properties.Where(p => !labels.Contains(p) && !Synonyms.Contains(type + "." + p)))
                    problems.Add(type + ": the list view lacks " + p);
                foreach (var item in items)
                {
                    var script = item.Element("ScriptBlock")?.Value ?? "$_." + item.Element("PropertyName")!.Value;
                    foreach (var (what, o) in new[] { ("live", record), ("deserialized", deserialized) })
                    {
                        using var ps = PowerShell.Create();
                        ps.Runspace = _runspace;
                        ps.AddScript("param($o, $s) $o | ForEach-Object ([scriptblock]::Create($s))").AddArgument(o).AddArgument(script);
                        try { ps.Invoke(); }
                        catch (RuntimeException ex) { problems.Add(type + " " + what + " " + item.Element("Label")?.Value + ": " + ex.Message); }
                        foreach (var e in ps.Streams.Error) problems.Add(type + " " + what + " " + item.Element("Label")?.Value + ": " + e);
                    }
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        /// <summary>Properties a list view shows under another label (FirstReason, ReasonCodes and Hints are in Reasons).</summary>
        private static readonly HashSet<string> Synonyms = new HashSet<string>
        {
            "ListingPs.Core.Model.ShareRecord.ReasonCodes", "ListingPs.Core.Model.ShareRecord.FirstReason", "ListingPs.Core.Model.ShareRecord.Hints",
            "ListingPs.Core.Model.ShareRecord.Currency", "ListingPs.Core.Model.ShareRecord.BaseCurrency", "ListingPs.Core.Model.ShareRecord.RateSource",
            "ListingPs.Core.Rules.MarketRule.Policy",
        };

        [Fact]
        public void Every_record_type_has_a_default_display_set_of_its_own_properties_also_after_serialization()
        {
            var problems = new List<string>();
            foreach (var script in RecordScripts())
            {
                // Read in the runspace, where the module's type data applies (to live and to deserialized records alike).
                var facts = Run("$live = @(" + script + ")[0]; " +
                    "$back = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($live)); " +
                    "foreach ($o in $live, $back) { [pscustomobject]@{ Type = $o.PSObject.TypeNames[0]; " +
                    "Set = @($o.PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames); " +
                    "Missing = @($o.PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames | Where-Object { $null -eq $o.PSObject.Properties[$_] }) } }");
                Assert.Equal(2, facts.Count);
                Assert.StartsWith("Deserialized.", facts[1].Properties["Type"].Value.ToString());
                foreach (var f in facts)
                {
                    var type = f.Properties["Type"].Value.ToString();
                    if (((object[])f.Properties["Set"].Value).Length == 0) problems.Add(type + ": no DefaultDisplayPropertySet");
                    foreach (var m in (object[])f.Properties["Missing"].Value) problems.Add(type + ": display set names " + m + ", which the record lacks");
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        private IEnumerable<string> RecordScripts() => new[]
        {
            "Get-VerificationStatus -Market allegro-cz -OfferId V-BAD",
            "Get-Offer -OfferId V-OK",
            "Get-Market -Id allegro-cz",
            "Get-ExchangeRate -From PLN -To CZK",
            "Get-VerificationStatus -Market allegro-cz -OfferId V-BAD | ForEach-Object Reasons",
            "Get-VerificationStatus -Market allegro-cz -OfferId V-OK | ForEach-Object Delivery",
            "Export-ListingReport -Market allegro-cz -Path '" + PowerShellSession.TempPath("dds.html") + "'",
            // Market connections' records.
            "Get-MarketConnection -ConnectionId C001",
            "Get-ConnectionReport -ConnectionId C001",
            "Get-SellerProfile",
            "Set-FbaInventory -Market amazon-ca -Sku CX-FBA -Quantity 5 -PassThru",
            "Import-Catalog -Market amazon-ca -ProductId B0VIEWS001",
        };

        private static readonly Regex TypeNameText = new Regex(@"^(System|ListingPs|Microsoft)\.[\w.`\[\], =]+$|`\d\[|\[\]$");

        /// <summary>
        /// Export-Csv writes each property's ToString(); ConvertTo-Json writes objects two levels deep and the ToString() of
        /// what lies deeper. Neither may come out as a type name for any property of any record.
        /// </summary>
        [Fact]
        public void Records_flatten_to_csv_and_json_without_type_names()
        {
            var problems = new List<string>();
            foreach (var script in RecordScripts())
            {
                foreach (var record in Run(script))
                {
                    foreach (var p in record.Properties)
                    {
                        var v = p.Value;
                        var text = v == null ? "" : (v is PSObject pso ? pso.BaseObject : v).ToString() ?? "";
                        if (TypeNameText.IsMatch(text)) problems.Add(script + ": CSV column " + p.Name + " = " + text);
                    }
                    foreach (var (path, text) in JsonLeaves(record, 0, ""))
                        if (TypeNameText.IsMatch(text)) problems.Add(script + ": JSON " + path + " = " + text);
                }
            }
            // The records also say what a seller reads in one column: the reasons' codes and what to change.
            var bad = Run("Get-VerificationStatus -Market allegro-cz -OfferId V-BAD").Single();
            Assert.StartsWith("LPS101_PERSONAL_ACCOUNT;", bad.Properties["Reasons"].Value.ToString());
            Assert.Equal(bad.Properties["ReasonCodes"].Value, bad.Properties["Reasons"].Value.ToString());
            Assert.Contains("company account", bad.Properties["Hints"].Value.ToString());
            var offer = Run("Get-Offer -OfferId V-OK").Single();
            Assert.Equal("allegro-dhl-cz;allegro-dpd-pl", offer.Properties["DeliveryMethods"].Value.ToString());
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void Offers_exported_to_csv_import_again_unchanged()
        {
            var csv = PowerShellSession.TempPath("offers.csv");
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(Shims.UtilityShims.ImportScript + "; Get-Offer | Export-Csv $args[0] -NoTypeInformation; " +
                         "Remove-Offer -OfferId V-OK -Force; Import-Csv $args[0] | Where-Object OfferId -eq 'V-OK' | Import-Offer -PassThru").AddArgument(csv);
            var again = ps.Invoke().Single();
            Assert.Empty(ps.Streams.Error);
            Assert.Equal(new[] { "allegro-dhl-cz", "allegro-dpd-pl" }, ((IEnumerable)again.Properties["DeliveryMethods"].Value).Cast<object>().Select(o => o.ToString()));
            Assert.Equal(45.00m, again.Properties["Price"].Value);
            Assert.Equal(new[] { "cs-CZ" }, ((IEnumerable)again.Properties["Translations"].Value).Cast<object>().Select(o => o.ToString()));
        }

        /// <summary>The text leaves of ConvertTo-Json's default depth (2): deeper values become their ToString().</summary>
        private static IEnumerable<(string Path, string Text)> JsonLeaves(object? value, int depth, string path)
        {
            if (value is PSObject pso) value = pso.BaseObject;
            switch (value)
            {
                case null: yield break;
                case string s: yield return (path, s); yield break;
                case Enum e: yield return (path, e.ToString()); yield break;
                case IFormattable f when value.GetType().IsPrimitive || value is decimal || value is DateTime || value is DateTimeOffset:
                    yield return (path, f.ToString(null, System.Globalization.CultureInfo.InvariantCulture)); yield break;
                case bool b: yield return (path, b.ToString()); yield break;
            }
            if (depth > 2) { yield return (path, value!.ToString() ?? ""); yield break; }
            if (value is IDictionary d)
            {
                foreach (DictionaryEntry kv in d)
                    foreach (var leaf in JsonLeaves(kv.Value, depth + 1, path + "." + kv.Key)) yield return leaf;
                yield break;
            }
            if (value is IEnumerable list)
            {
                int i = 0;
                foreach (var item in list)
                    foreach (var leaf in JsonLeaves(item, depth + 1, path + "[" + i++ + "]")) yield return leaf;
                yield break;
            }
            foreach (var p in PSObject.AsPSObject(value).Properties)
            {
                object? v;
                try { v = p.Value; } catch (GetValueException) { continue; }
                foreach (var leaf in JsonLeaves(v, depth + 1, path + "." + p.Name)) yield return leaf;
            }
        }
    }
}
