using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the seller's profile: the linked regions and the seller's name.</para>
    /// <para type="description">The linked regions decide whether a second source market can be connected
    /// (New-MarketConnection): its region must be linked. A workspace without a profile has no linked region.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SellerProfile")]
    [OutputType(typeof(SellerProfile))]
    public sealed class GetSellerProfileCommand : ConnectionCmdlet
    {
        protected override void ProcessRecord()
        {
            Try(null, () => WriteObject(Connections.GetSellerProfile()));
        }
    }
}
