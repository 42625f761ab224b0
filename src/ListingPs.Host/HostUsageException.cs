using System;

namespace ListingPs.Host
{
    /// <summary>The host's own command line is wrong (unknown option, missing value, missing script file).</summary>
    public sealed class HostUsageException : Exception
    {
        /// <summary>Creates the exception with a message meant for the user.</summary>
        public HostUsageException(string message)
            : base(message)
        {
        }
    }
}
