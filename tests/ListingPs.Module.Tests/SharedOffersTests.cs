using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ListingPs.Core.Model;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>The shared-offers flow driven through the built module, with Import-Csv-shaped input (all strings).</summary>
    public sealed class SharedOffersTests : IDisposable
    {
        private const string Header = "OfferId,Title,Category,Price,SellingFormat,AccountType,B2BOnly,Charity,ProductId,Status,DeliveryMethods,Translations,Extra";
        private readonly PowerShellSession _ps = new PowerShellSession();

        public void Dispose() => _ps.Dispose();

        private static string Row(string id, string price = "45.00", string format = "BuyNow", string account = "Company",
            string b2b = "False", string charity = "0", string product = "P-1", string status = "Active",
            string delivery = "allegro-dhl-cz;allegro-pl-courier", string translations = "cs-CZ", string category = "Elektronika/Telefony") =>
            string.Join(",", id, "Title " + id, category, price, format, account, b2b, charity, product, status, delivery, translations, "ignored");

        private static System.Collections.Generic.List<PSObject> Rows(params string[] rows) => PowerShellSession.CsvRows(Header + "\n" + string.Join("\n", rows));

        [Fact]
        public void Import_csv_shaped_rows_bind_flags_lists_and_prices()
        {
            var rows = Rows(Row("A1", b2b: "True", charity: "1", delivery: "allegro-dhl-cz;packeta-locker-cz"), Row("A2", price: "", b2b: "", charity: "false", delivery: ""));
            var r = _ps.RunWithInput("$input | Import-Offer; Get-Offer", rows);
            Assert.Empty(r.Errors);
            Assert.Equal(2, r.Output.Count);
            var a1 = (Offer)r.Output[0].BaseObject;
            Assert.True(a1.B2BOnly);
            Assert.True(a1.Charity);
            Assert.Equal(45.00m, a1.Price);
            Assert.Equal(new[] { "allegro-dhl-cz", "packeta-locker-cz" }, a1.DeliveryMethods);
            Assert.Equal("allegro-pl", a1.Market);
            var a2 = (Offer)r.Output[1].BaseObject;
            Assert.Null(a2.Price);
            Assert.False(a2.B2BOnly);
            Assert.False(a2.Charity);
            Assert.Empty(a2.DeliveryMethods);
        }

        [Fact]
        public void Submit_prices_with_the_converter_and_reports_every_reason()
        {
            var rows = Rows(
                Row("OK1", price: "45.00"),                                                      // 45 x 5.0942 = 229.239 -> 229
                Row("OK2", price: "10.00"),                                                      // 50.942 -> 51
                Row("BAD", account: "Personal", b2b: "True", charity: "True", format: "Auction", product: "", delivery: "allegro-pl-courier", translations: ""));
            var r = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz", rows);
            Assert.Empty(r.Errors);
            Assert.Equal(3, r.Output.Count);
            var ok1 = (ShareRecord)r.Output[0].BaseObject;
            Assert.Equal(ShareState.Approved, ok1.State);
            Assert.Equal(229m, ok1.Price);
            Assert.Equal("CZK", ok1.Currency);
            Assert.Equal(PriceSource.Converter, ok1.PriceSource);
            Assert.Equal(5.0942m, ok1.ExchangeRate);
            Assert.Equal(45.00m, ok1.BasePrice);
            Assert.Equal("PLN", ok1.BaseCurrency);
            Assert.Contains(ok1.Delivery, d => d.Method == "allegro-dhl-cz" && d.Price == 99m && d.Currency == "CZK");
            Assert.Equal(51m, ((ShareRecord)r.Output[1].BaseObject).Price);
            var bad = (ShareRecord)r.Output[2].BaseObject;
            Assert.Equal(ShareState.Refused, bad.State);
            var codes = bad.Reasons.Select(x => x.Code).ToList();
            foreach (var code in new[] { "LPS101_PERSONAL_ACCOUNT", "LPS102_B2B_ONLY", "LPS103_CHARITY", "LPS104_NOT_BUY_NOW", "LPS105_NO_CATALOGUE_PRODUCT",
                "VQR002_LANGUAGE_NOT_AVAILABLE", "VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE" })
                Assert.Contains(code, codes);
            Assert.All(bad.Reasons, x => Assert.False(string.IsNullOrEmpty(x.Hint)));
        }

        [Fact]
        public void A_bad_record_is_a_non_terminating_error_naming_it_and_the_rest_goes_on()
        {
            var rows = Rows(Row("G1"), Row("B1", price: "abc"), Row("B2", b2b: "maybe"), Row("G2"));
            var r = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz", rows);
            Assert.Equal(new[] { "G1", "G2" }, r.Output.Select(o => ((ShareRecord)o.BaseObject).OfferId));
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, e => Assert.Equal("InvalidOfferField,ListingPs.Commands.SubmitOfferCommand", e.FullyQualifiedErrorId));
            Assert.All(r.Errors, e => Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category));
            Assert.Contains("B1", r.Errors[0].Exception.Message);
            Assert.Contains("Price", r.Errors[0].Exception.Message);
            Assert.Contains("B2BOnly", r.Errors[1].Exception.Message);
            Assert.Same(rows[1], r.Errors[0].TargetObject);
            // Nothing of the bad records was written.
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
            var after = (ShareRecord)_ps.Run("Get-VerificationStatus -Market allegro-cz -OfferId P1").Output.Single().BaseObject;
            Assert.Equal(229m, after.Price);
            Assert.Equal(PriceSource.Converter, after.PriceSource);

            var own = (ShareRecord)_ps.Run("Set-OfferCzkPrice -OfferId P1 -Price 240 -PassThru").Output.Single().BaseObject;
            Assert.Equal(240m, own.Price);
            Assert.Equal(PriceSource.Manual, own.PriceSource);
            Assert.Equal(ShareState.Approved, own.State);
        }

        [Fact]
        public void No_base_price_is_an_error_and_nothing_changes()
        {
            _ps.RunWithInput("$input | Import-Offer", Rows(Row("N1", price: "")));
            var r = _ps.Run("Set-OfferCzkPrice -OfferId N1 -UseConverter -PassThru");
            Assert.Empty(r.Output);
            Assert.Equal("NoBasePrice,ListingPs.Commands.SetOfferCzkPriceCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.Empty(_ps.Run("Get-VerificationStatus -Market allegro-cz -State Approved,Refused,Pending").Output);
        }

        [Fact]
        public void Price_far_from_the_converted_base_is_refused_and_a_moderate_one_warns()
        {
            _ps.RunWithInput("$input | Import-Offer", Rows(Row("D1", price: "100.00"))); // converted 509.42 CZK
            var refused = (ShareRecord)_ps.Run("Set-OfferCzkPrice -OfferId D1 -Price 400 -PassThru").Output.Single().BaseObject; // -21.5 %
            Assert.Equal(ShareState.Refused, refused.State);
            var reason = Assert.Single(refused.Reasons);
            Assert.Equal("VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH", reason.Code);
            Assert.Equal("20", reason.Parameters["maxAllowedPriceDecreasePercent"]);
            var warned = (ShareRecord)_ps.Run("Set-OfferCzkPrice -OfferId D1 -Price 450 -PassThru").Output.Single().BaseObject;  // -11.7 %
            Assert.Equal(ShareState.Approved, warned.State);
            Assert.Contains(warned.Warnings, w => w.StartsWith("PriceDeviation", StringComparison.Ordinal));
        }

        [Fact]
        public void Weekly_check_then_the_converter_fixes_the_refused_offers_through_the_pipeline()
        {
            var rows = Rows(Row("W1", price: "45.00"), Row("W2", price: "10.00"), Row("W3", delivery: "allegro-pl-courier"), Row("W4", status: "Inactive"));
            _ps.RunWithInput("$input | Import-Offer", rows);
            var check = _ps.Run("Invoke-VisibilityCheck -Market allegro-cz");
            Assert.Empty(check.Errors);
            Assert.Equal(new[] { "W1", "W2" }, check.Output.Select(o => ((ShareRecord)o.BaseObject).OfferId));
            Assert.All(check.Output, o => Assert.True(((ShareRecord)o.BaseObject).HasReason("VQR001_CURRENCY_NOT_AVAILABLE")));

            var fixedRecords = _ps.Run(
                "Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -OfferStatus Active | Set-OfferCzkPrice -UseConverter -PassThru");
            Assert.Empty(fixedRecords.Errors);
            Assert.Equal(new[] { 229m, 51m }, fixedRecords.Output.Select(o => ((ShareRecord)o.BaseObject).Price!.Value));
            Assert.All(fixedRecords.Output, o => Assert.Equal(ShareState.Approved, ((ShareRecord)o.BaseObject).State));
            Assert.Empty(_ps.Run("Get-VerificationStatus -Market allegro-cz -Reason VQR001_CURRENCY_NOT_AVAILABLE").Output);
        }

        [Fact]
        public void Withdraw_supports_WhatIf_and_the_base_market_cannot_be_withdrawn()
        {
            _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz | Out-Null", Rows(Row("U1")));
            var whatIf = _ps.Run("Unpublish-Offer -Market allegro-cz -OfferId U1 -WhatIf -PassThru");
            Assert.Empty(whatIf.Output);
            Assert.Equal(ShareState.Approved, ((ShareRecord)_ps.Run("Get-VerificationStatus -OfferId U1").Output.Single().BaseObject).State);

            var done = _ps.Run("Get-VerificationStatus -OfferId U1 | Unpublish-Offer -PassThru");
            Assert.Equal(ShareState.Withdrawn, ((ShareRecord)done.Output.Single().BaseObject).State);

            var baseMarket = _ps.Run("Unpublish-Offer -Market allegro-pl -OfferId U1");
            Assert.Equal("BaseMarketFixed,ListingPs.Commands.UnpublishOfferCommand", Assert.Single(baseMarket.Errors).FullyQualifiedErrorId);
            var submitBase = _ps.RunWithInput("$input | Submit-Offer -Market allegro-pl", Rows(Row("U2")));
            Assert.Equal("BaseMarketFixed,ListingPs.Commands.SubmitOfferCommand", Assert.Single(submitBase.Errors).FullyQualifiedErrorId);
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
        }

        [Fact]
        public void A_second_runspace_finds_what_the_first_committed()
        {
            _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz | Out-Null", Rows(Row("S1"), Row("S2", product: "")));
            using var second = new PowerShellSession(_ps.WorkspacePath);
            var r = second.Run("Get-VerificationStatus -Market allegro-cz");
            Assert.Equal(new[] { "S1:Approved", "S2:Refused" }, r.Output.Select(o => ((ShareRecord)o.BaseObject).OfferId + ":" + ((ShareRecord)o.BaseObject).State));
            Assert.Equal("LPS105_NO_CATALOGUE_PRODUCT", ((ShareRecord)r.Output[1].BaseObject).ReasonCodes);
        }

        [Fact]
        public void AutoTranslate_counts_as_a_translation_and_is_kept()
        {
            var r = _ps.RunWithInput("$input | Submit-Offer -Market allegro-cz -AutoTranslate", Rows(Row("T1", translations: "")));
            var s = (ShareRecord)r.Output.Single().BaseObject;
            Assert.Equal(ShareState.Approved, s.State);
            Assert.Equal(TranslationKind.Automatic, s.Translation);
            var again = (ShareRecord)_ps.Run("Set-OfferCzkPrice -OfferId T1 -Price 230 -PassThru").Output.Single().BaseObject;
            Assert.Equal(ShareState.Approved, again.State);
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
            Assert.Equal(new[] { "C1", "J1" }, r.Output.Select(o => ((ShareRecord)o.BaseObject).OfferId));
            Assert.Equal(new[] { 229m, 51m }, r.Output.Select(o => ((ShareRecord)o.BaseObject).Price!.Value));
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
    }
}
