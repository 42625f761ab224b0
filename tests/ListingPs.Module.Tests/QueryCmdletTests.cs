using System;
using System.Globalization;
using System.Linq;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>Get-Offer and Get-VerificationStatus read in pages (a small first page, then large ones): every record once, in order.</summary>
    public sealed class QueryCmdletTests : IDisposable
    {
        private readonly PowerShellSession _ps = new PowerShellSession();

        public void Dispose() => _ps.Dispose();

        [Fact]
        public void Get_offer_and_get_verification_status_page_past_the_first_small_page_and_a_large_one()
        {
            var ids = Enumerable.Range(0, 1120).Select(i => "G" + i.ToString("D5", CultureInfo.InvariantCulture)).ToList();
            var imported = _ps.RunWithInput("$input | Import-Offer", SharedOffersTests.Rows(ids.Select(id => SharedOffersTests.Row(id)).ToArray()));
            Assert.Empty(imported.Errors);

            Assert.Equal(ids, _ps.Run("Get-Offer | ForEach-Object OfferId").Output.Select(o => (string)o.BaseObject));
            Assert.Equal(ids.Take(60), _ps.Run("Get-Offer -First 60 | ForEach-Object OfferId").Output.Select(o => (string)o.BaseObject));
            Assert.Equal(ids.Where(i => i.StartsWith("G001", StringComparison.Ordinal)),
                _ps.Run("Get-Offer -OfferId 'g001*' | ForEach-Object OfferId").Output.Select(o => (string)o.BaseObject));

            var notRequested = _ps.Run("Get-VerificationStatus -Market allegro-cz -State NotRequested | ForEach-Object OfferId").Output.Select(o => (string)o.BaseObject);
            Assert.Equal(ids, notRequested);
            Assert.Equal(ids.Take(50), _ps.Run("Get-VerificationStatus -Market allegro-cz -State NotRequested -First 50 | ForEach-Object OfferId").Output.Select(o => (string)o.BaseObject));
            Assert.Equal(ids.Take(51), _ps.Run("Get-VerificationStatus -Market allegro-cz -State NotRequested -First 51 | ForEach-Object OfferId").Output.Select(o => (string)o.BaseObject));
        }
    }
}
