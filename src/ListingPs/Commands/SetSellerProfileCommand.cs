using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Records the seller's profile: which regions' accounts are linked, and the seller's name.</para>
    /// <para type="description">A second source market (a connection whose source is in another region than an existing
    /// connection's source) is only possible when the account of its region is linked: Set-SellerProfile -LinkedRegion EU,FE.
    /// -LinkedRegion replaces the list; regions are those of the rules' markets (NA, EU, FE, allegro). Parameters left out
    /// keep their stored value.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "SellerProfile", SupportsShouldProcess = true)]
    [OutputType(typeof(SellerProfile))]
    public sealed class SetSellerProfileCommand : ConnectionCmdlet
    {
        /// <summary>The regions whose accounts are linked (NA, EU, FE); replaces the stored list. An empty array unlinks every region.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [AllowEmptyCollection]
        public string[]? LinkedRegion { get; set; }

        /// <summary>The seller's name, for reports.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? SellerName { get; set; }

        /// <summary>Writes the profile after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var what = LinkedRegion != null ? "Link the regions " + (LinkedRegion.Length == 0 ? "(none)" : string.Join(", ", LinkedRegion)) : "Update the seller profile";
            if (!ShouldProcess("Seller profile", what)) return;
            Try(LinkedRegion, () =>
            {
                var profile = Connections.SetSellerProfile(SellerName, LinkedRegion);
                if (PassThru) WriteStored(profile);
            });
        }
    }
}
