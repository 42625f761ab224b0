using System.Management.Automation;
using ListingPs.Commands.Infrastructure;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes offers from the workspace assortment, with their shares.</para>
    /// <para type="description">High impact: asks for confirmation unless -Force or -Confirm:$false (unattended runbooks pass one
    /// of them). Market connections remove the target offers of removed source offers on their next sync.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "Offer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveOfferCommand : ListingPsCmdlet
    {
        /// <summary>The offers to remove (pipeline: offers or share records).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Sku")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OfferIdCompleter))]
        public string[] OfferId { get; set; } = new string[0];

        /// <summary>Removes without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool UsesRules => false;

        protected override void ProcessRecord()
        {
            foreach (var id in OfferId)
            {
                if (Stopping) break;
                Try(id, () =>
                {
                    if (!Confirm("Offer " + id, "Remove from the assortment with its shares", Force)) return;
                    if (!Store.Offers.Delete(id))
                        throw new Core.ListingPsException(Core.ErrorIds.OfferNotFound, "Offer '" + id + "' is not in the workspace assortment.", Core.ErrorKind.ObjectNotFound);
                    Store.RecordWritten();
                    CommitIfDue();
                });
            }
        }
    }
}
