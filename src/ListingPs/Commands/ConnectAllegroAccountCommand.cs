using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Allegro;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects ListingPs to an Allegro account, in production or in the sandbox.</para>
    /// <para type="description">A person connects with the OAuth device flow: the cmdlet writes an address and a code, the
    /// person opens the address, signs in to Allegro and confirms the code, and the cmdlet, which polls Allegro's token
    /// endpoint meanwhile, stores the tokens and writes the account it is connected as. Unattended runbooks pass
    /// -RefreshToken instead (a refresh token of an earlier connection) and need no person. The application's client id and
    /// secret come from -Credential (user name and password) or $env:LISTINGPS_ALLEGRO_CLIENT_ID and
    /// $env:LISTINGPS_ALLEGRO_CLIENT_SECRET. The tokens are stored per user and environment in a file only its owner can
    /// read ($env:LISTINGPS_ALLEGRO_TOKENS, else ListingPs/allegro in the user's profile) and are never written to the
    /// pipeline, errors or logs; every later call renews the access token before it runs out. $env:LISTINGPS_ALLEGRO_API
    /// and $env:LISTINGPS_ALLEGRO_AUTH point the cmdlets at other addresses than Allegro's own.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "AllegroAccount", SupportsShouldProcess = true, DefaultParameterSetName = DeviceSet)]
    [OutputType(typeof(AllegroAccount))]
    public sealed class ConnectAllegroAccountCommand : AllegroCmdlet
    {
        private const string DeviceSet = "Device";
        private const string RefreshTokenSet = "RefreshToken";

        /// <summary>The Allegro application: its client id as the user name and its client secret as the password.
        /// Default: $env:LISTINGPS_ALLEGRO_CLIENT_ID and $env:LISTINGPS_ALLEGRO_CLIENT_SECRET.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>A refresh token of an earlier connection: connects without a person (runbooks). It is spent: Allegro hands
        /// out a new one, which ListingPs stores.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet)]
        public SecureString? RefreshToken { get; set; }

        protected override void ProcessRecord()
        {
            Try(null, () =>
            {
                var settings = Settings(Credential);
                var target = "Allegro " + Environment + " (" + settings.ApiAddress + ")";
                if (!Confirm(target, "Connect ListingPs and store its tokens in " + Connection.StoreFile(Environment))) return;
                AllegroAccount account;
                if (ParameterSetName == RefreshTokenSet)
                {
                    var token = new System.Net.NetworkCredential("", RefreshToken).Password;
                    account = WaitFor(c => Connection.ConnectWithRefreshTokenAsync(settings, token, c));
                }
                else
                {
                    var auth = Connection.Auth(settings);
                    var device = WaitFor(auth.StartDeviceFlowAsync);
                    var until = DateTimeOffset.Now + device.ExpiresIn;
                    var address = device.VerificationUriComplete ?? device.VerificationUri;
                    WriteInformation(new HostInformationMessage
                    {
                        Message = "To connect ListingPs to Allegro " + Environment + ", open " + address + " and confirm the code " + device.UserCode +
                            " (valid until " + until.ToString("HH:mm", CultureInfo.InvariantCulture) + "). Waiting...",
                    }, new[] { "PSHOST", "AllegroDeviceFlow" });
                    var activity = "Connecting to Allegro " + Environment;
                    var started = DateTimeOffset.Now;
                    var token = WaitFor(c => auth.WaitForTokenAsync(device, c), () =>
                    {
                        var left = until - DateTimeOffset.Now;
                        var total = device.ExpiresIn.TotalSeconds;
                        WriteProgress(new ProgressRecord(2, activity, "Waiting for the code " + device.UserCode + " to be confirmed at " + address)
                        {
                            SecondsRemaining = (int)Math.Max(0, left.TotalSeconds),
                            PercentComplete = total > 0 ? (int)Math.Min(100, (DateTimeOffset.Now - started).TotalSeconds * 100 / total) : -1,
                        });
                    });
                    WriteProgress(new ProgressRecord(2, activity, "Confirmed") { RecordType = ProgressRecordType.Completed });
                    account = WaitFor(c => Connection.CompleteAsync(settings, token, c));
                }
                WriteObject(account);
            });
        }
    }
}
