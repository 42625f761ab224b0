using System.Collections.Generic;
using System.Management.Automation;

namespace ListingPs.Module.Tests
{
    /// <summary>
    /// Import-Csv-shaped rows for the xunit tests that are still here (MarketConnectionTests, ReportTests, ViewTests). The
    /// shared-offers tests themselves moved to Pester (tests/Pester/*Offer*.Tests.ps1 and the files of the other shared-offer
    /// cmdlets); this file goes when the last user of these helpers does.
    /// </summary>
    public static class SharedOffersTests
    {
        private const string Header = "OfferId,Title,Category,Price,SellingFormat,AccountType,B2BOnly,Charity,ProductId,Status,DeliveryMethods,Translations,Extra";

        internal static string Row(string id, string price = "45.00", string format = "BuyNow", string account = "Company",
            string b2b = "False", string charity = "0", string product = "P-1", string status = "Active",
            string delivery = "allegro-dhl-cz;allegro-dpd-pl", string translations = "cs-CZ", string category = "Elektronika/Telefony") =>
            string.Join(",", id, "Title " + id, category, price, format, account, b2b, charity, product, status, delivery, translations, "ignored");

        internal static List<PSObject> Rows(params string[] rows) => PowerShellSession.CsvRows(Header + "\n" + string.Join("\n", rows));
    }
}
