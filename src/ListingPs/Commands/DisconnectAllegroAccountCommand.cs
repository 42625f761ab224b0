using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Allegro;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Disconnects ListingPs from Allegro: deletes the stored tokens of an environment.</para>
    /// <para type="description">Nothing is sent to Allegro; the tokens are deleted from this user's token file, so no later
    /// command can act on the account until Connect-AllegroAccount is run again. To withdraw the application's access on
    /// Allegro's side too, remove it in the account's settings on allegro.pl. Disconnecting an environment that is not
    /// connected does nothing (it says so with -Verbose).</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "AllegroAccount", SupportsShouldProcess = true)]
    public sealed class DisconnectAllegroAccountCommand : AllegroCmdlet
    {
        protected override void ProcessRecord()
        {
            Try(Environment, () =>
            {
                var account = Connection.GetAccount(Environment);
                if (account == null)
                {
                    Verbose("ListingPs is not connected to Allegro " + Environment + ": nothing to disconnect.");
                    return;
                }
                if (!Confirm("Allegro " + Environment + " (" + account.Login + ")", "Delete the stored tokens (" + Connection.StoreFile(Environment) + ")")) return;
                Connection.Disconnect(Environment);
            });
        }
    }
}
