using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>The shared-offers flow driven through the built module, with Import-Csv-shaped input (all strings).</summary>
    public sealed class SharedOffersTests : IDisposable
    {
        private const string Header = "OfferId,Title,Category,Price,SellingFormat,AccountType,B2BOnly,Charity,ProductId,Status,DeliveryMethods,Translations,Extra";
        private readonly PowerShellSession _ps = new PowerShellSession();

        public void Dispose() => _ps.Dispose();

        internal static string Row(string id, string price = "45.00", string format = "BuyNow", string account = "Company",
            string b2b = "False", string charity = "0", string product = "P-1", string status = "Active",
            string delivery = "allegro-dhl-cz;allegro-dpd-pl", string translations = "cs-CZ", string category = "Elektronika/Telefony") =>
            string.Join(",", id, "Title " + id, category, price, format, account, b2b, charity, product, status, delivery, translations, "ignored");

        internal static List<PSObject> Rows(params string[] rows) => PowerShellSession.CsvRows(Header + "\n" + string.Join("\n", rows));

        [Fact]
        public void Import_csv_shaped_rows_bind_flags_lists_and_prices()
        {
            var rows = Rows(Row("A1", b2b: "True", charity: "1", delivery: "allegro-dhl-cz;packeta-locker-cz"), Row("A2", price: "", b2b: "", charity: "false", delivery: ""));
            var r = _ps.RunWithInput("$input | Import-Offer; Get-Offer", rows);
            Assert.Empty(r.Errors);
            var offers = r.Records();
            Assert.Equal(2, offers.Count);
            Assert.Equal("ListingPs.Core.Model.Offer", offers[0].TypeName);
            Assert.Equal(true, offers[0]["B2BOnly"]);
            Assert.Equal(true, offers[0]["Charity"]);
            Assert.Equal(45.00m, offers[0].Price);
            Assert.Equal(new[] { "allegro-dhl-cz", "packeta-locker-cz" }, ((IEnumerable<string>)offers[0]["DeliveryMethods"]!).ToArray());
            Assert.Equal("allegro-pl", offers[0].S("Market"));
            Assert.Null(offers[1].Price);
            Assert.Equal(false, offers[1]["B2BOnly"]);
            Assert.Equal(false, offers[1]["Charity"]);
            Assert.Empty((IEnumerable<string>)offers[1]["DeliveryMethods"]!);
        }

        [Fact]
        public void Typed_objects_and_command_line_fields_bind_too()
        {
            // Typed values: a decimal price, booleans, an array of delivery methods.
            var typed = _ps.Run("[pscustomobject]@{ OfferId = 'T1'; Price = 45.5; B2BOnly = $false; Charity = $true; ProductId = 'P'; DeliveryMethods = @('allegro-dhl-cz', 'packeta-locker-cz'); Translations = 'cs-CZ' } | Import-Offer -PassThru").Single();
            Assert.Equal(45.5m, typed.Price);
            Assert.Equal(true, typed["Charity"]);
            Assert.Equal("allegro-dhl-cz;packeta-locker-cz", typed.S("DeliveryMethods"));
            // A field given on the command line binds the piped objects by property name and applies to each of them.
            var mixed = _ps.RunWithInput("$input | Import-Offer -Status Inactive -PassThru", Rows(Row("T2"), Row("T3"))).Records();
            Assert.Equal(new[] { "Inactive", "Inactive" }, mixed.Select(o => o.S("Status")));
            Assert.Equal(new decimal?[] { 45.00m, 45.00m }, mixed.Select(o => o.Price));
            // Share records pipe into Submit-Offer by OfferId: their Price (a CZK price) is not taken for the base price.
            var resubmitted = _ps.Run("Get-Offer T1 | Submit-Offer -Market allegro-cz | Out-Null; Get-VerificationStatus -OfferId T1 | Submit-Offer -Market allegro-cz").Single();
            Assert.Equal(45.5m, resubmitted.Dec("BasePrice"));
            Assert.Equal(232m, resubmitted.Price);   // 45.5 x 5.0942 = 231.79 -> 232
            var importShare = _ps.Run("Get-VerificationStatus -OfferId T1 | Import-Offer");
            Assert.Equal("ShareRecordIsNotAnOffer,ListingPs.Commands.ImportOfferCommand", Assert.Single(importShare.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void Rows_bound_by_property_name_give_Submit_their_Price_as_the_base_price()
        {
            // A field on the command line (-Condition) makes PowerShell bind each row's columns by name; the Price column is
            // still the base price (Submit-Offer's own -Price is the market price), and a share record's Price is not.
            var r = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz -Condition New", Rows(Row("N1", price: "45.00"), Row("N2", price: "")));
            Assert.Empty(r.Errors);
            var recs = r.Records();
            Assert.Equal(45.00m, recs[0].Dec("BasePrice"));
            Assert.Equal(229m, recs[0].Price);
            Assert.Equal("Approved", recs[0].State);
            Assert.Null(recs[1].Dec("BasePrice"));
            Assert.Equal("VQR001_CURRENCY_NOT_AVAILABLE", recs[1].S("ReasonCodes"));
            var again = _ps.Run("Get-VerificationStatus -OfferId N1 | Submit-Offer -Market allegro-cz -Condition New").Single();
            Assert.Equal(45.00m, again.Dec("BasePrice"));
            Assert.Equal(229m, again.Price);
            var typed = _ps.Run("[pscustomobject]@{ OfferId = 'N1'; Price = 50 } | Submit-Offer -Market allegro-cz -Condition New").Single();
            Assert.Equal(50m, typed.Dec("BasePrice"));
        }

        [Fact]
        public void Test_Offer_shows_what_Submit_Offer_would_do_and_stores_nothing()
        {
            var rows = Rows(Row("T1", price: "45.00"), Row("T2", account: "Personal", translations: ""));
            var tested = _ps.RunWithInput("$input | Test-Offer -Market allegro-cz", rows);
            Assert.Empty(tested.Errors);
            var t = tested.Records();
            Assert.Equal(new[] { "Approved", "Refused" }, t.Select(r => r.State));
            Assert.Equal(229m, t[0].Price);
            Assert.Equal("ListingPs.Core.Model.ShareRecord", t[0].TypeName);
            Assert.Empty(_ps.Run("Get-Offer").Records());
            Assert.Empty(_ps.Run("Get-VerificationStatus -Market allegro-cz").Records());
            var submitted = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz", rows).Records();
            Assert.Equal(t.Select(r => r.State + "|" + r.S("ReasonCodes") + "|" + r.Price), submitted.Select(r => r.State + "|" + r.S("ReasonCodes") + "|" + r.Price));
            // Rows bound by property name, an own price to try: the stored share keeps its converter price.
            var own = _ps.Run("Test-Offer -Market allegro-cz -OfferId T1 -Price 240").Single();
            Assert.Equal(240m, own.Price);
            Assert.Equal("Manual", own.S("PriceSource"));
            Assert.Equal(229m, _ps.Run("Get-VerificationStatus -Market allegro-cz -OfferId T1").Single().Price);
            var meta = _ps.Run("$c = Get-Command Test-Offer; $c.Parameters.ContainsKey('WhatIf'); @($c.OutputType.Name)").Output.Select(o => o.ToString()).ToList();
            Assert.Equal(new[] { "False", "ListingPs.Core.Model.ShareRecord" }, meta); // changes nothing, so no -WhatIf
        }

        [Fact]
        public void Submit_prices_with_the_converter_and_reports_every_reason()
        {
            var rows = Rows(
                Row("OK1", price: "45.00"),   // 45 x 5.0942 = 229.239 -> 229
                Row("OK2", price: "10.00"),   // 50.942 -> 51
                Row("BAD", account: "Personal", b2b: "True", charity: "True", format: "Auction", product: "", delivery: "allegro-dpd-pl", translations: ""));
            var r = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz", rows);
            Assert.Empty(r.Errors);
            var recs = r.Records();
            Assert.Equal(3, recs.Count);
            var ok1 = recs[0];
            Assert.Equal("Approved", ok1.State);
            Assert.Equal(229m, ok1.Price);
            Assert.Equal("CZK", ok1.S("Currency"));
            Assert.Equal("Converter", ok1.S("PriceSource"));
            Assert.Equal(5.0942m, ok1.Dec("ExchangeRate"));
            Assert.Equal("NBP 2023-03-21", ok1.S("RateSource"));
            Assert.Equal(45.00m, ok1.Dec("BasePrice"));
            Assert.Equal("PLN", ok1.S("BaseCurrency"));
            Assert.Contains(ok1.List("Delivery"), d => d.S("Method") == "allegro-dhl-cz" && d.Dec("Price") == 99m && d.S("Currency") == "CZK");
            Assert.Equal(51m, recs[1].Price);
            var bad = recs[2];
            Assert.Equal("Refused", bad.State);
            foreach (var code in new[] { "LPS101_PERSONAL_ACCOUNT", "LPS102_B2B_ONLY", "LPS103_CHARITY", "LPS104_NOT_BUY_NOW", "LPS105_NO_CATALOGUE_PRODUCT",
                "VQR002_LANGUAGE_NOT_AVAILABLE", "VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE" })
                Assert.Contains(code, bad.Codes);
            Assert.All(bad.List("Reasons"), x => Assert.False(string.IsNullOrEmpty(x.S("Hint"))));
        }

        [Fact]
        public void Category_product_and_own_delivery_rules_come_from_the_yaml()
        {
            var rows = Rows(
                Row("C1", category: "Motoryzacja/Pojazdy/Osobowe"),
                Row("C2", product: "PRD-ALKO-0001"),
                Row("C3", category: "Książki i Komiksy/Fantastyka", translations: ""),
                Row("C4", price: "100.00", delivery: "own-courier-pl-cz"));
            var recs = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz", rows).Records();
            Assert.Equal(new[] { "LPS107_CATEGORY_UNAVAILABLE" }, recs[0].Codes);
            Assert.Equal(new[] { "LPS106_PRODUCT_NOT_ALLOWED" }, recs[1].Codes);
            Assert.Equal("Approved", recs[2].State);
            Assert.Equal("NotRequired", recs[2].S("Translation"));
            var own = Assert.Single(recs[3].List("Delivery"));
            Assert.Equal(102m, own.Dec("Price"));  // 19.99 PLN x 5.0942 = 101.83 -> 102 CZK
            Assert.Equal(509m, recs[3].Price);     // 509.42 -> 509
        }

        [Fact]
        public void A_bad_record_is_a_non_terminating_error_naming_it_and_the_rest_goes_on()
        {
            var rows = Rows(Row("G1"), Row("B1", price: "abc"), Row("B2", b2b: "maybe"), Row("G2"));
            var r = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz", rows);
            Assert.Equal(new[] { "G1", "G2" }, r.Records().Select(o => o.OfferId));
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, e => Assert.Equal("InvalidOfferField,ListingPs.Commands.SubmitOfferCommand", e.FullyQualifiedErrorId));
            Assert.All(r.Errors, e => Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category));
            Assert.Contains("B1", r.Errors[0].Exception.Message);
            Assert.Contains("Price", r.Errors[0].Exception.Message);
            Assert.Contains("B2BOnly", r.Errors[1].Exception.Message);
            Assert.Same(rows[1], r.Errors[0].TargetObject);
            var stored = _ps.Run("Get-Offer | ForEach-Object OfferId");
            Assert.Equal(new[] { "G1", "G2" }, stored.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void Own_price_with_decimals_is_an_error_and_changes_nothing()
        {
            _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz | Out-Null", Rows(Row("P1", price: "45.00")));
            var r = _ps.Run("Set-OfferCzkPrice -OfferId P1 -Price 229.5 -PassThru");
            Assert.Empty(r.Output);
            Assert.Equal("InvalidPricePrecision,ListingPs.Commands.SetOfferCzkPriceCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
            var after = _ps.Run("Get-VerificationStatus -Market allegro-cz -OfferId P1").Single();
            Assert.Equal(229m, after.Price);
            Assert.Equal("Converter", after.S("PriceSource"));

            var own = _ps.Run("Set-OfferCzkPrice -OfferId P1 -Price 240 -PassThru").Single();
            Assert.Equal(240m, own.Price);
            Assert.Equal("Manual", own.S("PriceSource"));
            Assert.Equal("Approved", own.State);
            // A later submission keeps the own price: the converter stays off for the offer.
            Assert.Equal(240m, _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz", Rows(Row("P1", price: "45.00"))).Single().Price);
        }

        [Fact]
        public void No_base_price_is_an_error_and_nothing_changes()
        {
            _ps.RunWithInput("$input | Import-Offer", Rows(Row("N1", price: "")));
            var r = _ps.Run("Set-OfferCzkPrice -OfferId N1 -UseConverter -PassThru");
            Assert.Empty(r.Output);
            Assert.Equal("NoBasePrice,ListingPs.Commands.SetOfferCzkPriceCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.Equal("NotRequested", _ps.Run("Get-VerificationStatus -Market allegro-cz -OfferId N1 -State Approved,Refused,Pending,NotRequested").Single().State);
        }

        [Fact]
        public void Price_far_from_the_converted_base_is_refused_and_a_moderate_one_warns()
        {
            _ps.RunWithInput("$input | Import-Offer", Rows(Row("D1", price: "100.00"))); // converted 509.42 CZK
            var refused = _ps.Run("Set-OfferCzkPrice -OfferId D1 -Price 400 -PassThru").Single(); // 21.48 % below
            Assert.Equal("Refused", refused.State);
            var reason = Assert.Single(refused.List("Reasons"));
            Assert.Equal("VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH", reason.S("Code"));
            Assert.Equal("20", ((IDictionary<string, string>)reason["Parameters"]!)["maxAllowedPriceDecreasePercent"]);
            var warned = _ps.Run("Set-OfferCzkPrice -OfferId D1 -Price 450 -PassThru").Single();  // 11.66 % below
            Assert.Equal("Approved", warned.State);
            Assert.Contains(warned.Warnings, w => w.StartsWith("PriceDeviation", StringComparison.Ordinal));
            var fine = _ps.Run("Set-OfferCzkPrice -OfferId D1 -Price 500 -PassThru").Single();
            Assert.Empty(fine.Warnings);
            // The engine's summary reaches the warning stream (and -Verbose its count).
            var bulk = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz -Price 570 -Verbose | Out-Null", Rows(Row("D2", price: "100.00"), Row("D3", price: "100.00")));
            Assert.Contains(bulk.Warnings, w => w.Contains("2 of 2 offers shared to allegro-cz carry a warning"));
            Assert.Contains(bulk.Verbose, v => v.Contains("2 offers submitted to allegro-cz"));
        }

        [Fact]
        public void Weekly_check_then_the_converter_fixes_the_refused_offers_through_the_pipeline()
        {
            var rows = Rows(Row("W1", price: "45.00"), Row("W2", price: "10.00"), Row("W3", delivery: "allegro-dpd-pl"), Row("W4", status: "Inactive"));
            _ps.RunWithInput("$input | Import-Offer", rows);
            var check = _ps.Run("Invoke-VisibilityCheck -Market allegro-cz");
            Assert.Empty(check.Errors);
            Assert.Equal(new[] { "W1", "W2" }, check.Records().Select(o => o.OfferId));
            Assert.All(check.Records(), o => Assert.Contains("VQR001_CURRENCY_NOT_AVAILABLE", o.Codes));

            var fixedRecords = _ps.Run(
                "Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -OfferStatus Active | Set-OfferCzkPrice -UseConverter -PassThru");
            Assert.Empty(fixedRecords.Errors);
            Assert.Equal(new decimal?[] { 229m, 51m }, fixedRecords.Records().Select(o => o.Price));
            Assert.All(fixedRecords.Records(), o => Assert.Equal("Approved", o.State));
            Assert.Empty(_ps.Run("Get-VerificationStatus -Market allegro-cz -Reason VQR001_CURRENCY_NOT_AVAILABLE").Output);
            // The check leaves priced offers alone.
            Assert.Empty(_ps.Run("Invoke-VisibilityCheck -Market allegro-cz").Output);
        }

        [Fact]
        public void Withdraw_supports_WhatIf_and_the_base_market_cannot_be_withdrawn()
        {
            _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz | Out-Null", Rows(Row("U1")));
            var whatIf = _ps.Run("Unpublish-Offer -Market allegro-cz -OfferId U1 -WhatIf -PassThru");
            Assert.Empty(whatIf.Output);
            Assert.Equal("Approved", _ps.Run("Get-VerificationStatus -OfferId U1").Single().State);

            var done = _ps.Run("Get-VerificationStatus -OfferId U1 | Unpublish-Offer -PassThru");
            Assert.Equal("Withdrawn", done.Single().State);

            var baseMarket = _ps.Run("Unpublish-Offer -Market allegro-pl -OfferId U1");
            Assert.Equal("BaseMarketFixed,ListingPs.Commands.UnpublishOfferCommand", Assert.Single(baseMarket.Errors).FullyQualifiedErrorId);
            var submitBase = _ps.RunWithInput("$input | Submit-Offer -Market allegro-pl", Rows(Row("U2")));
            Assert.Equal("BaseMarketFixed,ListingPs.Commands.SubmitOfferCommand", Assert.Single(submitBase.Errors).FullyQualifiedErrorId);
            Assert.Equal("InvalidOperation", submitBase.Errors[0].CategoryInfo.Category.ToString());
        }

        [Fact]
        public void Filters_match_the_sellers_market_filter_including_never_submitted_offers()
        {
            _ps.RunWithInput("$input | Import-Offer", Rows(Row("F1"), Row("F2", translations: ""), Row("F3", status: "Inactive"), Row("F4")));
            _ps.Run("'F1','F2','F3' | ForEach-Object { [pscustomobject]@{ OfferId = $_ } } | Submit-Offer -Market allegro-cz | Out-Null");
            string Ids(string filter) => string.Join(",", _ps.Run("Get-VerificationStatus " + filter + " | ForEach-Object OfferId").Output.Select(o => o.ToString()));
            Assert.Equal("F1", Ids("-Market allegro-cz -State Approved"));
            Assert.Equal("F2", Ids("-Market allegro-cz -State Refused -Reason VQR002_LANGUAGE_NOT_AVAILABLE"));
            Assert.Equal("F3", Ids("-Market allegro-cz -OfferStatus Inactive"));
            Assert.Equal("F3", Ids("-Market allegro-cz -State Pending"));
            Assert.Equal("F4", Ids("-Market allegro-cz -State NotRequested"));
            Assert.Equal("F1,F2", Ids("-Market allegro-cz -OfferId F1,F2"));
            Assert.Equal("F1,F2,F3", Ids("-Market allegro-cz -OfferId F?"));
            Assert.Equal("F1", Ids("-Market allegro-cz -First 1"));
            var unknown = _ps.Run("Get-VerificationStatus -Market allegro-xx");
            Assert.Equal("UnknownMarket,ListingPs.Commands.GetVerificationStatusCommand", Assert.Single(unknown.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void A_second_runspace_finds_what_the_first_committed()
        {
            _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz | Out-Null", Rows(Row("S1"), Row("S2", product: "")));
            using var second = new PowerShellSession(_ps.WorkspacePath);
            var recs = second.Run("Get-VerificationStatus -Market allegro-cz").Records();
            Assert.Equal(new[] { "S1:Approved", "S2:Refused" }, recs.Select(o => o.OfferId + ":" + o.State));
            Assert.Equal("LPS105_NO_CATALOGUE_PRODUCT", recs[1].S("ReasonCodes"));
        }

        [Fact]
        public void A_stopped_pipeline_keeps_the_records_it_finished_and_nothing_half_written()
        {
            // A generator of Import-Csv-shaped rows, stopped (as Ctrl+C does) after 300 share records came out.
            const string script = "1..100000 | ForEach-Object { [pscustomobject]@{ OfferId = 'S{0:D6}' -f $_; Price = '45.00'; ProductId = 'P'; DeliveryMethods = 'allegro-dhl-cz'; Translations = 'cs-CZ' } } | Submit-Offer -Market allegro-cz";
            var stopped = _ps.RunAndStop(script, 300);
            Assert.True(stopped.Output.Count >= 300 && stopped.Output.Count < 100000, "stopped after " + stopped.Output.Count);
            var offers = _ps.Run("@(Get-Offer).Count").Single();
            var shares = _ps.Run("@(Get-VerificationStatus -Market allegro-cz -State Approved).Count").Single();
            var offerCount = Convert.ToInt32(offers.ToString());
            Assert.True(offerCount >= 300, "offers kept: " + offerCount);
            Assert.Equal(offerCount, Convert.ToInt32(shares.ToString()));   // every kept offer has its share: no half record
        }

        [Fact]
        public void A_base_price_added_later_lets_the_converter_price_the_share()
        {
            var first = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz", Rows(Row("L1", price: ""))).Single();
            Assert.Contains("VQR001_CURRENCY_NOT_AVAILABLE", first.Codes);
            var again = _ps.RunWithInput("$input | Import-Offer; Get-VerificationStatus -OfferId L1", Rows(Row("L1", price: "45.00"))).Single();
            Assert.Equal("Approved", again.State);
            Assert.Equal(229m, again.Price);
        }

        [Fact]
        public void AutoTranslate_counts_as_a_translation_and_is_kept()
        {
            var s = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz -AutoTranslate", Rows(Row("T1", translations: ""))).Single();
            Assert.Equal("Approved", s.State);
            Assert.Equal("Automatic", s.S("Translation"));
            var again = _ps.Run("Set-OfferCzkPrice -OfferId T1 -Price 230 -PassThru").Single();
            Assert.Equal("Approved", again.State);
            var without = _ps.RunWithInput("$input | Submit-Offer -Market allegro-sk", Rows(Row("T2", translations: ""))).Single();
            Assert.Contains("VQR002_LANGUAGE_NOT_AVAILABLE", without.Codes);
        }

        [Fact]
        public void Other_markets_price_in_their_own_currency_steps()
        {
            var rows = Rows(Row("M1", price: "45.00", delivery: "allegro-dpd-sk;packeta-pickup-hu", translations: "sk-SK;hu-HU"));
            _ps.RunWithInput("$input | Import-Offer", rows);
            var sk = _ps.Run("Get-Offer M1 | Submit-Offer -Market allegro-sk").Single();
            Assert.Equal("EUR", sk.S("Currency"));
            Assert.Equal(10.43m, sk.Price);             // 45 x 0.2318 = 10.431
            var hu = _ps.Run("Get-Offer M1 | Submit-Offer -Market allegro-hu").Single();
            Assert.Equal("HUF", hu.S("Currency"));
            Assert.Equal(4095m, hu.Price);              // 45 x 91.05 = 4097.25 -> fives, half down -> 4095
            var bad = _ps.Run("Set-OfferPrice -Market allegro-hu -OfferId M1 -Price 4097");
            Assert.Equal("InvalidPricePrecision,ListingPs.Commands.SetOfferPriceCommand", Assert.Single(bad.Errors).FullyQualifiedErrorId);
            var rate = _ps.Run("Get-Offer M1 | Submit-Offer -Market allegro-cz -ExchangeRate 5.5").Single();
            Assert.Equal(247m, rate.Price);            // 45 x 5.5 = 247.50 -> half down -> 247
        }

        [Fact]
        public void Files_import_from_csv_and_json_and_bad_lines_are_named()
        {
            var dir = Path.GetDirectoryName(_ps.WorkspacePath)!;
            var csv = Path.Combine(dir, "offers.csv");
            File.WriteAllText(csv, "OfferId;Price;ProductId;DeliveryMethods;Translations\nC1;45,00;P1;allegro-dhl-cz;cs-CZ\nC2;oops;P2;allegro-dhl-cz;cs-CZ\n");
            var json = Path.Combine(dir, "offers.json");
            File.WriteAllText(json, "[ {\"OfferId\": \"J1\", \"Price\": 10, \"ProductId\": \"P3\", \"DeliveryMethods\": [\"packeta-locker-cz\"], \"Translations\": [\"cs\"]} ]");
            var r = _ps.Run("Submit-Offer -Market allegro-cz -Path $args[0], $args[1]", csv, json);
            Assert.Equal(new[] { "C1", "J1" }, r.Records().Select(o => o.OfferId));
            Assert.Equal(new decimal?[] { 229m, 51m }, r.Records().Select(o => o.Price));
            var e = Assert.Single(r.Errors);
            Assert.Contains("offers.csv line 3", e.Exception.Message);
        }

        [Fact]
        public void Verbose_shows_engine_logs_and_long_runs_report_progress()
        {
            _ps.RunWithInput("$input | Import-Offer", Rows(Row("V1"), Row("V2")));
            var r = _ps.Run("Invoke-VisibilityCheck -Market allegro-cz -Verbose | Out-Null");
            Assert.Contains(r.Verbose, v => v.Contains("Visibility check on allegro-cz") && v.Contains("2 offers checked"));
            Assert.Contains(r.Progress, p => p.Activity.Contains("Visibility check"));
            var quiet = _ps.Run("$ProgressPreference = 'SilentlyContinue'; Invoke-VisibilityCheck -Market allegro-cz | Out-Null");
            Assert.Empty(quiet.Progress);
            Assert.Empty(quiet.Verbose);
        }

        [Fact]
        public void Rules_come_from_RulePath_and_a_broken_file_is_refused_with_its_position()
        {
            var dir = Path.Combine(Path.GetDirectoryName(_ps.WorkspacePath)!, "rules");
            Directory.CreateDirectory(dir);
            foreach (var f in Directory.GetFiles(Path.Combine(Path.GetDirectoryName(PowerShellSession.ModuleManifest)!, "rules")))
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            var currencies = Path.Combine(dir, "currencies.yaml");
            File.WriteAllText(currencies, File.ReadAllText(currencies).Replace("rate: 5.0942", "rate: 6.0"));
            var own = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz -RulePath $args[0]", Rows(Row("R1", price: "10.00")), dir).Single();
            Assert.Equal(60m, own.Price);

            File.AppendAllText(currencies, "\n  - { from: PLN, to: XYZ, rate: oops }\n");
            var broken = _ps.Run("Get-Market -RulePath $args[0]", dir);
            var e = Assert.Single(broken.Errors);
            Assert.Equal("RuleFileInvalid,ListingPs.Commands.GetMarketCommand", e.FullyQualifiedErrorId);
            Assert.Matches(@"currencies\.yaml:\d+:\d+: ", e.Exception.Message);
            Assert.Empty(broken.Output);
        }

        [Fact]
        public void Markets_list_and_complete()
        {
            var cz = _ps.Run("Get-Market -Id allegro-cz").Single();
            Assert.Equal("CZK", cz.S("Currency"));
            Assert.Equal("allegro-pl", cz.S("ShareFrom"));
            const string complete = "[System.Management.Automation.CommandCompletion]::CompleteInput($args[0], $args[0].Length, $null).CompletionMatches | ForEach-Object CompletionText";
            var completion = _ps.Run(complete, "Submit-Offer -Market allegro-c");
            Assert.Equal(new[] { "allegro-cz" }, completion.Output.Select(o => o.ToString()));
            var reasons = _ps.Run(complete, "Get-VerificationStatus -Reason VQR00");
            Assert.Equal(new[] { "VQR001_CURRENCY_NOT_AVAILABLE", "VQR002_LANGUAGE_NOT_AVAILABLE", "VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE", "VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH" },
                reasons.Output.Select(o => o.ToString()));
        }
    }
}
