using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace ListingPs.Core.Allegro
{
    /// <summary>What the device flow asks the person to do: open the address and confirm the code.</summary>
    public sealed class DeviceAuthorization
    {
        public string DeviceCode { get; set; } = "";
        public string UserCode { get; set; } = "";
        public Uri VerificationUri { get; set; } = new Uri("https://allegro.pl/skojarz-aplikacje");
        /// <summary>The address with the code filled in: opening it is all the person has to do.</summary>
        public Uri? VerificationUriComplete { get; set; }
        public TimeSpan ExpiresIn { get; set; }
        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);
    }

    /// <summary>An access token with the refresh token that renews it.</summary>
    public sealed class AllegroToken
    {
        public string AccessToken { get; set; } = "";
        public string RefreshToken { get; set; } = "";
        public DateTimeOffset ExpiresAt { get; set; }
        public string Scope { get; set; } = "";
    }

    /// <summary>
    /// Allegro's OAuth 2.0 endpoints (https://developer.allegro.pl/auth/): the device flow for a person at a console
    /// (POST /auth/oauth/device, then polling POST /auth/oauth/token with the device_code grant at the interval it asks
    /// for), and the refresh_token grant for everything after, people and unattended runbooks alike. The application
    /// authenticates with HTTP Basic (client id and secret). No token or secret ever goes into a message.
    /// </summary>
    public sealed class AllegroAuth
    {
        private readonly HttpClient _http;
        private readonly AllegroSettings _settings;
        private readonly Func<DateTimeOffset> _clock;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly AllegroRetry _retry;

        public AllegroAuth(HttpClient http, AllegroSettings settings, Func<DateTimeOffset>? clock = null, Func<TimeSpan, CancellationToken, Task>? delay = null,
            AllegroRetry? retry = null)
        {
            _http = http; _settings = settings;
            _retry = retry ?? new AllegroRetry();
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _delay = delay ?? ((t, ct) => Task.Delay(t, ct));
        }

        /// <summary>Starts the device flow: the address and code to show the person.</summary>
        public async Task<DeviceAuthorization> StartDeviceFlowAsync(CancellationToken cancel)
        {
            using var doc = await PostAsync("auth/oauth/device", new Dictionary<string, string> { ["client_id"] = _settings.ClientId }, cancel).ConfigureAwait(false);
            var root = doc.Root;
            var d = new DeviceAuthorization
            {
                DeviceCode = Text(root, "device_code"),
                UserCode = Text(root, "user_code"),
                VerificationUri = new Uri(Text(root, "verification_uri")),
                ExpiresIn = TimeSpan.FromSeconds(Number(root, "expires_in", 3600)),
                Interval = TimeSpan.FromSeconds(Math.Max(0, Number(root, "interval", 5))),
            };
            if (root.TryGetProperty("verification_uri_complete", out var complete) && complete.ValueKind == JsonValueKind.String)
                d.VerificationUriComplete = new Uri(complete.GetString()!);
            return d;
        }

        /// <summary>
        /// Polls the token endpoint at the interval the flow asks for (5 seconds more after each slow_down, as RFC 8628 says)
        /// until the person confirms, refuses or the code expires.
        /// </summary>
        /// <exception cref="ListingPsException">AllegroAccessDenied, AllegroDeviceCodeExpired, AllegroAuthFailed, AllegroUnavailable.</exception>
        public async Task<AllegroToken> WaitForTokenAsync(DeviceAuthorization device, CancellationToken cancel)
        {
            var interval = device.Interval;
            var deadline = _clock() + device.ExpiresIn;
            while (true)
            {
                await _delay(interval, cancel).ConfigureAwait(false);
                var answer = await SendTokenRequestAsync(new Dictionary<string, string>
                {
                    ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
                    ["device_code"] = device.DeviceCode,
                }, cancel).ConfigureAwait(false);
                if (answer.Token != null) return answer.Token;
                switch (answer.Error)
                {
                    case "authorization_pending":
                        break;
                    case "slow_down":
                        interval += TimeSpan.FromSeconds(5);
                        break;
                    case "access_denied":
                        throw new ListingPsException(AllegroErrorIds.AllegroAccessDenied,
                            "The access was refused on Allegro's page: ListingPs is not connected. Run Connect-AllegroAccount again to retry.", ErrorKind.SecurityError);
                    case "expired_token":
                        throw Expired();
                    default:
                        throw Failed(answer);
                }
                if (_clock() >= deadline) throw Expired();
            }
        }

        /// <summary>A new access token (and a new refresh token: Allegro hands out a fresh one each time) for a refresh token.</summary>
        /// <exception cref="ListingPsException">AllegroAuthFailed when Allegro no longer takes the refresh token.</exception>
        public async Task<AllegroToken> RefreshAsync(string refreshToken, CancellationToken cancel)
        {
            var answer = await SendTokenRequestAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
            }, cancel).ConfigureAwait(false);
            if (answer.Token != null) return answer.Token;
            throw new ListingPsException(AllegroErrorIds.AllegroAuthFailed,
                "Allegro no longer accepts the stored refresh token (" + answer.Error + "): connect again with Connect-AllegroAccount" +
                (_settings.Environment == AllegroEnvironment.Sandbox ? " -Environment Sandbox" : "") + ".", ErrorKind.SecurityError);
        }

        private static ListingPsException Expired() =>
            new ListingPsException(AllegroErrorIds.AllegroDeviceCodeExpired,
                "The code was not confirmed in time and has expired: run Connect-AllegroAccount again for a new one.", ErrorKind.ResourceUnavailable);

        private static ListingPsException Failed((AllegroToken? Token, string Error, string Description, HttpStatusCode Status) answer) =>
            new ListingPsException(AllegroErrorIds.AllegroAuthFailed,
                "Allegro's token endpoint refused the request (" + (int)answer.Status + " " + answer.Error +
                (answer.Description.Length > 0 ? ": " + answer.Description : "") + ").", ErrorKind.SecurityError);

        private async Task<(AllegroToken? Token, string Error, string Description, HttpStatusCode Status)> SendTokenRequestAsync(
            Dictionary<string, string> form, CancellationToken cancel)
        {
            using var response = await Send(() => Request("auth/oauth/token", form), cancel).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            JsonDocument doc;
            try { doc = JsonDocument.Parse(body); }
            catch (JsonException) { throw Unreadable(response.StatusCode); }
            using (doc)
            {
                var root = doc.RootElement;
                if (response.IsSuccessStatusCode)
                {
                    return (new AllegroToken
                    {
                        AccessToken = Text(root, "access_token"),
                        RefreshToken = Text(root, "refresh_token"),
                        ExpiresAt = _clock() + TimeSpan.FromSeconds(Number(root, "expires_in", 43200)),
                        Scope = root.TryGetProperty("scope", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "",
                    }, "", "", response.StatusCode);
                }
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
                var description = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error_description", out var ed) && ed.ValueKind == JsonValueKind.String ? ed.GetString()! : "";
                if (error.Length == 0) throw Unreadable(response.StatusCode);
                return (null, error, description, response.StatusCode);
            }
        }

        private HttpRequestMessage Request(string path, Dictionary<string, string> form)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_settings.AuthAddress, path)) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(_settings.ClientId + ":" + _settings.ClientSecret)));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return request;
        }

        private async Task<Json> PostAsync(string path, Dictionary<string, string> form, CancellationToken cancel)
        {
            using var response = await Send(() => Request(path, form), cancel).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new ListingPsException(AllegroErrorIds.AllegroAuthFailed,
                    "Allegro refused the application's client id and secret (401): check -Credential or $env:" + AllegroSettings.ClientIdVariable +
                    " and $env:" + AllegroSettings.ClientSecretVariable + " against the application at apps.developer.allegro.pl.", ErrorKind.SecurityError);
            if (!response.IsSuccessStatusCode) throw Unreadable(response.StatusCode);
            try { return new Json(JsonDocument.Parse(body)); }
            catch (JsonException) { throw Unreadable(response.StatusCode); }
        }

        private async Task<HttpResponseMessage> Send(Func<HttpRequestMessage> request, CancellationToken cancel)
        {
            try
            {
                return await _retry.SendAsync(_http, request, cancel).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new ListingPsException(AllegroErrorIds.AllegroUnavailable,
                    "Allegro's sign-in at " + _settings.AuthAddress + " cannot be reached: " + ex.Message, ErrorKind.ResourceUnavailable, ex);
            }
            catch (TaskCanceledException ex) when (!cancel.IsCancellationRequested)
            {
                throw new ListingPsException(AllegroErrorIds.AllegroUnavailable,
                    "Allegro's sign-in at " + _settings.AuthAddress + " did not answer in time.", ErrorKind.ResourceUnavailable, ex);
            }
        }

        private ListingPsException Unreadable(HttpStatusCode status) =>
            new ListingPsException(AllegroErrorIds.AllegroUnavailable,
                "Allegro's sign-in at " + _settings.AuthAddress + " gave an answer ListingPs cannot read (" + (int)status + ").", ErrorKind.ResourceUnavailable);

        private static string Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
            : throw new ListingPsException(AllegroErrorIds.AllegroUnavailable, "Allegro's answer has no '" + name + "'.", ErrorKind.ResourceUnavailable);

        private static double Number(JsonElement e, string name, double fallback) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : fallback;

        /// <summary>A parsed answer that disposes its document.</summary>
        private sealed class Json : IDisposable
        {
            private readonly JsonDocument _doc;
            public Json(JsonDocument doc) { _doc = doc; }
            public JsonElement Root => _doc.RootElement;
            public void Dispose() => _doc.Dispose();
        }
    }
}
