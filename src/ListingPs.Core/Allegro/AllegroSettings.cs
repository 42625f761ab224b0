using System;
using System.IO;

namespace ListingPs.Core.Allegro
{
    /// <summary>Allegro's two environments: the marketplace itself and its sandbox (allegrosandbox.pl).</summary>
    public enum AllegroEnvironment { Production, Sandbox }

    /// <summary>
    /// Where an environment's REST API and OAuth endpoints are, and which application (client id and secret) ListingPs
    /// connects as. The addresses default to Allegro's own; $env:LISTINGPS_ALLEGRO_API and $env:LISTINGPS_ALLEGRO_AUTH point
    /// them elsewhere (the tests' fake on 127.0.0.1). The client id and secret come from the caller (-Credential) or from
    /// $env:LISTINGPS_ALLEGRO_CLIENT_ID and $env:LISTINGPS_ALLEGRO_CLIENT_SECRET.
    /// </summary>
    public sealed class AllegroSettings
    {
        public const string ApiVariable = "LISTINGPS_ALLEGRO_API";
        public const string AuthVariable = "LISTINGPS_ALLEGRO_AUTH";
        public const string ClientIdVariable = "LISTINGPS_ALLEGRO_CLIENT_ID";
        public const string ClientSecretVariable = "LISTINGPS_ALLEGRO_CLIENT_SECRET";
        public const string TokenFolderVariable = "LISTINGPS_ALLEGRO_TOKENS";

        public AllegroSettings(AllegroEnvironment environment, Uri apiAddress, Uri authAddress, string clientId, string clientSecret)
        {
            Environment = environment; ApiAddress = apiAddress; AuthAddress = authAddress; ClientId = clientId; ClientSecret = clientSecret;
        }

        public AllegroEnvironment Environment { get; }

        /// <summary>The REST API's base address (https://api.allegro.pl).</summary>
        public Uri ApiAddress { get; }

        /// <summary>The OAuth endpoints' base address (https://allegro.pl): /auth/oauth/device and /auth/oauth/token under it.</summary>
        public Uri AuthAddress { get; }

        public string ClientId { get; }

        /// <summary>Never printed: not in errors, verbose output or records.</summary>
        internal string ClientSecret { get; }

        public static Uri DefaultApiAddress(AllegroEnvironment environment) =>
            new Uri(environment == AllegroEnvironment.Sandbox ? "https://api.allegro.pl.allegrosandbox.pl" : "https://api.allegro.pl");

        public static Uri DefaultAuthAddress(AllegroEnvironment environment) =>
            new Uri(environment == AllegroEnvironment.Sandbox ? "https://allegro.pl.allegrosandbox.pl" : "https://allegro.pl");

        /// <summary>The environment's addresses (or the environment variables' ones) with this application's credentials.</summary>
        /// <exception cref="ListingPsException">AllegroClientMissing when no client id or secret is given anywhere;
        /// AllegroSettingInvalid for an address that is not an absolute http(s) address.</exception>
        public static AllegroSettings Resolve(AllegroEnvironment environment, string? clientId, string? clientSecret, Func<string, string?>? variables = null)
        {
            variables ??= System.Environment.GetEnvironmentVariable;
            clientId = Blank(clientId) ?? Blank(variables(ClientIdVariable));
            clientSecret = Blank(clientSecret) ?? Blank(variables(ClientSecretVariable));
            if (clientId == null || clientSecret == null)
                throw new ListingPsException(AllegroErrorIds.AllegroClientMissing,
                    "No Allegro application is given: pass -Credential (the client id as the user name, the client secret as the password) or set $env:" +
                    ClientIdVariable + " and $env:" + ClientSecretVariable + ". Register the application at https://apps.developer.allegro.pl" +
                    (environment == AllegroEnvironment.Sandbox ? ".allegrosandbox.pl" : "") + " (the device flow needs it).",
                    ErrorKind.InvalidArgument);
            return new AllegroSettings(environment, Address(variables(ApiVariable), ApiVariable) ?? DefaultApiAddress(environment),
                Address(variables(AuthVariable), AuthVariable) ?? DefaultAuthAddress(environment), clientId, clientSecret);
        }

        /// <summary>Where the tokens of each environment are kept: $env:LISTINGPS_ALLEGRO_TOKENS, else ListingPs/allegro in the user's profile.</summary>
        public static string TokenFolder(Func<string, string?>? variables = null)
        {
            variables ??= System.Environment.GetEnvironmentVariable;
            var set = Blank(variables(TokenFolderVariable));
            if (set != null) return Path.GetFullPath(set);
            var root = System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(root)) root = Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(root, "ListingPs", "allegro");
        }

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s!.Trim();

        private static Uri? Address(string? value, string variable)
        {
            var v = Blank(value);
            if (v == null) return null;
            if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                throw new ListingPsException(AllegroErrorIds.AllegroSettingInvalid,
                    "$env:" + variable + " is '" + v + "', not an http(s) address such as https://api.allegro.pl.", ErrorKind.InvalidArgument);
            return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        }
    }

    /// <summary>Stable error ids of the Allegro backend.</summary>
    public static class AllegroErrorIds
    {
        public const string AllegroClientMissing = "AllegroClientMissing";
        public const string AllegroSettingInvalid = "AllegroSettingInvalid";
        public const string AllegroNotConnected = "AllegroNotConnected";
        public const string AllegroAccessDenied = "AllegroAccessDenied";
        public const string AllegroDeviceCodeExpired = "AllegroDeviceCodeExpired";
        public const string AllegroAuthFailed = "AllegroAuthFailed";
        public const string AllegroUnavailable = "AllegroUnavailable";
        public const string AllegroTokenStoreFailed = "AllegroTokenStoreFailed";
        /// <summary>Allegro refused a request for this record (4xx with its errors): the message gives Allegro's own words.</summary>
        public const string AllegroRequestRefused = "AllegroRequestRefused";
        /// <summary>An offer the workspace holds is not on the connected Allegro account (404).</summary>
        public const string AllegroOfferNotFound = "AllegroOfferNotFound";
        /// <summary>An offer's shipping rate opens no delivery to the market: nothing is sent for it.</summary>
        public const string AllegroMarketNotOpened = "AllegroMarketNotOpened";
        /// <summary>Withdrawing from one Allegro market needs a shipping rate without that country's delivery methods (the API has no other way).</summary>
        public const string AllegroWithdrawNeedsRate = "AllegroWithdrawNeedsRate";
        /// <summary>An asynchronous change Allegro accepted (202) did not end within the time ListingPs waits.</summary>
        public const string AllegroOperationTimedOut = "AllegroOperationTimedOut";
        /// <summary>Allegro's price-change (or price-automation) command failed for this offer: the message gives Allegro's words.</summary>
        public const string AllegroPriceChangeFailed = "AllegroPriceChangeFailed";
        /// <summary>-Remote was asked for a market Allegro does not take prices for by this route (not allegro-cz, -sk or -hu).</summary>
        public const string AllegroMarketNotSupported = "AllegroMarketNotSupported";
        /// <summary>The account has no price-automation rule of the type asked for (EXCHANGE_RATE for the converter).</summary>
        public const string AllegroPricingRuleMissing = "AllegroPricingRuleMissing";
    }
}
