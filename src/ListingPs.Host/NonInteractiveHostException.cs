using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace ListingPs.Host
{
    /// <summary>
    /// Thrown when a script asks the host for input (Read-Host, a confirmation prompt, a credential, a choice, a nested
    /// prompt): the host runs unattended and fails the request instead of blocking on a console nobody watches.
    /// </summary>
    public sealed class NonInteractiveHostException : HostException
    {
        /// <summary>The error id of the error record scripts see.</summary>
        public const string ErrorId = "HostIsNonInteractive";

        /// <summary>Creates the exception for one kind of request, named in the message (for example "Prompt for a choice").</summary>
        public NonInteractiveHostException(string request)
            : base(
                "This host is non-interactive: " + request + " is not available. ListingPs.Host runs scripts unattended: pass "
                + "values as parameters, and -Confirm:$false or -Force to commands that would ask for confirmation.",
                null,
                ErrorId,
                ErrorCategory.InvalidOperation)
        {
            Request = request;
        }

        /// <summary>What the script asked the host for.</summary>
        public string Request { get; }
    }
}
