using System;

namespace ListingPs.Core.Model
{
    /// <summary>
    /// The platforms a market is on (a market rule's <c>platform</c>: allegro or amazon), and the one test the engine and the
    /// cmdlets make of "is this Allegro" or "is this Amazon": by the market's platform, never by the look of its id. Here in
    /// Model so that records which know a market only by its platform (a connection, a report row) are decided the same way
    /// as the market rules themselves.
    /// </summary>
    public static class Platforms
    {
        public const string Allegro = "allegro";
        public const string Amazon = "amazon";

        /// <summary>Whether a platform name (a market's, or one stored with a connection) is Allegro.</summary>
        public static bool IsAllegro(string? platform) => string.Equals(platform, Allegro, StringComparison.OrdinalIgnoreCase);

        /// <summary>Whether a platform name is Amazon.</summary>
        public static bool IsAmazon(string? platform) => string.Equals(platform, Amazon, StringComparison.OrdinalIgnoreCase);
    }
}
