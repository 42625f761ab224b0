using System;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core;
using ListingPs.Core.Allegro;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the Allegro accounts ListingPs is connected to: who, where, and until when.</para>
    /// <para type="description">Without -Environment it writes the connection of each environment that has one (none when
    /// ListingPs is not connected); with -Environment that environment's, or an AllegroNotConnected error. It reads the
    /// stored connection and sends nothing, unless -Online asks Allegro who the token belongs to (GET /me), renewing the
    /// access token first when it runs out soon; that needs the application's credentials (-Credential or
    /// $env:LISTINGPS_ALLEGRO_CLIENT_ID and $env:LISTINGPS_ALLEGRO_CLIENT_SECRET).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AllegroAccount")]
    [OutputType(typeof(AllegroAccount))]
    public sealed class GetAllegroAccountCommand : AllegroCmdlet
    {
        /// <summary>Asks Allegro (GET /me) instead of reading the stored connection only; renews the token when due.</summary>
        [Parameter]
        public SwitchParameter Online { get; set; }

        /// <summary>The Allegro application for -Online: client id as the user name, client secret as the password.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        protected override void ProcessRecord()
        {
            bool one = MyInvocation.BoundParameters.ContainsKey(nameof(Environment));
            foreach (AllegroEnvironment env in one ? new[] { Environment } : (AllegroEnvironment[])Enum.GetValues(typeof(AllegroEnvironment)))
            {
                Try(env, () =>
                {
                    var account = Connection.GetAccount(env);
                    if (account == null)
                    {
                        if (one)
                            throw new ListingPsException(AllegroErrorIds.AllegroNotConnected,
                                "ListingPs is not connected to Allegro " + env + ": run Connect-AllegroAccount" +
                                (env == AllegroEnvironment.Sandbox ? " -Environment Sandbox" : "") + ".", ErrorKind.ObjectNotFound);
                        return;
                    }
                    if (Online)
                    {
                        var settings = AllegroSettings.Resolve(env, Credential?.UserName, Credential?.GetNetworkCredential().Password);
                        account = WaitFor(c => Connection.RefreshAccountAsync(settings, c));
                    }
                    WriteObject(account);
                });
            }
        }
    }
}
