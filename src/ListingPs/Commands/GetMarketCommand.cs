using System.Management.Automation;

namespace ListingPs.Commands
{
    [Cmdlet(VerbsCommon.Get, "Market")]
    public sealed class GetMarketCommand : PSCmdlet
    {
        protected override void ProcessRecord() { WriteObject("placeholder"); }
    }
}
