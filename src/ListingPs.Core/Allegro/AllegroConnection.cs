using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace ListingPs.Core.Allegro
{
    /// <summary>
    /// ListingPs's connection to one Allegro environment: connecting (the device flow, or a refresh token for unattended
    /// runbooks), who is connected, disconnecting, and authorized calls to the REST API that renew the access token before
    /// it runs out (five minutes ahead) and once more on a 401, storing every renewed token at once (Allegro hands out a new
    /// refresh token each time, and the old one stops working).
    /// </summary>
    public sealed class AllegroConnection
    {
        /// <summary>Allegro's REST media type, sent in Accept (and Content-Type) of every API call.</summary>
        public const string MediaType = "application/vnd.allegro.public.v1+json";

        /// <summary>The key in a refusal's Exception.Data that holds Allegro's status (404, 409, 422...).</summary>
        public const string StatusKey = "AllegroStatus";

        /// <summary>Allegro's status of a refused call (4xx), or null.</summary>
        public static int? StatusOf(Exception ex) => ex.Data.Contains(StatusKey) && ex.Data[StatusKey] is int s ? s : (int?)null;

        private static readonly TimeSpan RenewAhead = TimeSpan.FromMinutes(5);
        private readonly HttpClient _http;
        private readonly AllegroTokenStore _store;
        private readonly Func<DateTimeOffset> _clock;

        public AllegroConnection(HttpClient http, string tokenFolder, Func<DateTimeOffset>? clock = null, Microsoft.Extensions.Logging.ILogger? log = null)
        {
            _http = http;
            Retry.Log = log;
            _store = new AllegroTokenStore(tokenFolder);
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>Where the environment's connection is stored.</summary>
        public string StoreFile(AllegroEnvironment environment) => _store.FileOf(environment);

        /// <summary>How calls to Allegro are retried (429, 5xx, timeouts), for every call of this connection.</summary>
        public AllegroRetry Retry { get; } = new AllegroRetry();

        public AllegroAuth Auth(AllegroSettings settings, Func<TimeSpan, CancellationToken, Task>? delay = null) =>
            new AllegroAuth(_http, settings, _clock, delay, Retry);

        /// <summary>Stores the token the device flow or a refresh token gave, with the account it belongs to (GET /me).</summary>
        public async Task<AllegroAccount> CompleteAsync(AllegroSettings settings, AllegroToken token, CancellationToken cancel)
        {
            var stored = new StoredAccount
            {
                Environment = settings.Environment, ApiAddress = settings.ApiAddress.ToString(), AuthAddress = settings.AuthAddress.ToString(),
                ClientId = settings.ClientId, ConnectedAt = _clock(),
                AccessToken = token.AccessToken, RefreshToken = token.RefreshToken, ExpiresAt = token.ExpiresAt,
            };
            using (var me = (await SendAsync(stored, settings, HttpMethod.Get, "me", cancel).ConfigureAwait(false)).Body!)
            {
                var root = me.RootElement;
                stored.UserId = Text(root, "id");
                stored.Login = Text(root, "login");
                stored.BaseMarketplace = root.TryGetProperty("baseMarketplace", out var b) && b.ValueKind == JsonValueKind.Object ? Text(b, "id") : "";
            }
            _store.Write(stored);
            return stored.ToAccount();
        }

        /// <summary>Connects with a refresh token (from an earlier connection): the unattended way, no person needed.</summary>
        public async Task<AllegroAccount> ConnectWithRefreshTokenAsync(AllegroSettings settings, string refreshToken, CancellationToken cancel)
        {
            var token = await Auth(settings).RefreshAsync(refreshToken, cancel).ConfigureAwait(false);
            return await CompleteAsync(settings, token, cancel).ConfigureAwait(false);
        }

        /// <summary>The environment's connection as stored, or null.</summary>
        public AllegroAccount? GetAccount(AllegroEnvironment environment) => _store.Read(environment)?.ToAccount();

        /// <summary>Forgets the environment's connection (its tokens are deleted); false when there was none.</summary>
        public bool Disconnect(AllegroEnvironment environment) => _store.Delete(environment);

        /// <summary>The connected account as Allegro sees it now (GET /me), renewing the token when due.</summary>
        /// <exception cref="ListingPsException">AllegroNotConnected, AllegroAuthFailed, AllegroUnavailable.</exception>
        public async Task<AllegroAccount> RefreshAccountAsync(AllegroSettings settings, CancellationToken cancel)
        {
            var stored = Stored(settings.Environment);
            using (var me = (await SendAsync(stored, settings, HttpMethod.Get, "me", cancel).ConfigureAwait(false)).Body!)
                stored.Login = Text(me.RootElement, "login");
            _store.Write(stored);
            return stored.ToAccount();
        }

        /// <summary>GET on the REST API as the connected account (renewing the token when due); the caller disposes the answer.</summary>
        /// <exception cref="ListingPsException">AllegroNotConnected, AllegroAuthFailed, AllegroUnavailable, AllegroRequestRefused.</exception>
        public async Task<JsonDocument> GetAsync(AllegroSettings settings, string pathAndQuery, CancellationToken cancel)
        {
            var answer = await SendAsync(settings, HttpMethod.Get, pathAndQuery, null, cancel).ConfigureAwait(false);
            return answer.Body ?? throw new ListingPsException(AllegroErrorIds.AllegroUnavailable,
                "GET " + pathAndQuery + " on Allegro's API answered " + answer.Status + " without a body.", ErrorKind.ResourceUnavailable);
        }

        /// <summary>
        /// A call to the REST API as the connected account with an optional JSON body (sent as Allegro's media type): the answer's
        /// status, Location, Retry-After and body for 2xx and 3xx (redirects are not followed: a finished operation's 303 is an
        /// answer). 4xx answers become AllegroRequestRefused (404: AllegroOfferNotFound) with Allegro's own messages.
        /// </summary>
        /// <exception cref="ListingPsException">AllegroNotConnected, AllegroAuthFailed, AllegroUnavailable, AllegroRequestRefused, AllegroOfferNotFound.</exception>
        public Task<AllegroAnswer> SendAsync(AllegroSettings settings, HttpMethod method, string pathAndQuery, string? json, CancellationToken cancel) =>
            SendAsync(Stored(settings.Environment), settings, method, pathAndQuery, cancel, json);

        /// <summary>An HttpClient for Allegro's API: it does not follow redirects (an operation's 303 is read, and a redirect would drop the token).</summary>
        public static HttpClient CreateHttpClient() =>
            new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate })
            {
                Timeout = TimeSpan.FromSeconds(100),
            };

        private StoredAccount Stored(AllegroEnvironment environment) =>
            _store.Read(environment) ?? throw new ListingPsException(AllegroErrorIds.AllegroNotConnected,
                "ListingPs is not connected to Allegro " + environment + ": run Connect-AllegroAccount" +
                (environment == AllegroEnvironment.Sandbox ? " -Environment Sandbox" : "") + " first.", ErrorKind.ObjectNotFound);

        /// <summary>An authorized API call: the token renewed first when it runs out within five minutes, and once on a 401.</summary>
        private async Task<AllegroAnswer> SendAsync(StoredAccount account, AllegroSettings settings, HttpMethod method, string path, CancellationToken cancel, string? json = null)
        {
            if (account.ExpiresAt - _clock() < RenewAhead) await RenewAsync(account, settings, cancel).ConfigureAwait(false);
            for (int attempt = 1; ; attempt++)
            {
                HttpRequestMessage Build()
                {
                    var request = new HttpRequestMessage(method, new Uri(settings.ApiAddress, path));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.AccessToken);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
                    if (json != null)
                    {
                        request.Content = new StringContent(json, System.Text.Encoding.UTF8);
                        request.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaType) { CharSet = null };
                    }
                    return request;
                }
                HttpResponseMessage response;
                try
                {
                    response = await Retry.SendAsync(_http, Build, cancel).ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    throw new ListingPsException(AllegroErrorIds.AllegroUnavailable,
                        "Allegro's API at " + settings.ApiAddress + " cannot be reached: " + ex.Message, ErrorKind.ResourceUnavailable, ex);
                }
                catch (TaskCanceledException ex) when (!cancel.IsCancellationRequested)
                {
                    throw new ListingPsException(AllegroErrorIds.AllegroUnavailable,
                        "Allegro's API at " + settings.ApiAddress + " did not answer in time.", ErrorKind.ResourceUnavailable, ex);
                }
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
                    {
                        await RenewAsync(account, settings, cancel).ConfigureAwait(false);
                        continue;
                    }
                    var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    int status = (int)response.StatusCode;
                    string call = method + " " + path.Split('?')[0];
                    if (response.StatusCode == HttpStatusCode.Unauthorized)
                        throw new ListingPsException(AllegroErrorIds.AllegroAuthFailed,
                            "Allegro refused the renewed access token (401): connect again with Connect-AllegroAccount.", ErrorKind.SecurityError);
                    if (status == 429)
                        throw new ListingPsException(AllegroErrorIds.AllegroUnavailable,
                            "Allegro still limits the requests (429 Too Many Requests) after " + Retry.MaxRetries + " retries: run the command again later.",
                            ErrorKind.ResourceUnavailable);
                    if (status >= 400 && status < 500)
                        throw new ListingPsException(status == 404 ? AllegroErrorIds.AllegroOfferNotFound : AllegroErrorIds.AllegroRequestRefused,
                            call + " on Allegro's API answered " + status + ErrorsOf(body) + ".",
                            status == 404 ? ErrorKind.ObjectNotFound : ErrorKind.InvalidData) { Data = { [StatusKey] = status } };
                    if (status >= 400)
                        throw new ListingPsException(AllegroErrorIds.AllegroUnavailable, call + " on Allegro's API answered " + status + ".", ErrorKind.ResourceUnavailable);
                    JsonDocument? document = null;
                    if (body.Length > 0)
                    {
                        try { document = JsonDocument.Parse(body); }
                        catch (JsonException ex)
                        {
                            throw new ListingPsException(AllegroErrorIds.AllegroUnavailable,
                                call + " on Allegro's API gave an answer that is not JSON.", ErrorKind.ResourceUnavailable, ex);
                        }
                    }
                    var location = response.Headers.Location;
                    return new AllegroAnswer(status, location == null ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString,
                        response.Headers.RetryAfter?.Delta, document);
                }
            }
        }

        /// <summary>Allegro's error list ({"errors":[{code, message, userMessage, path}]}) as ": code: text (path); ...", or "".</summary>
        internal static string ErrorsOf(string body)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
                    return "";
                var parts = new List<string>();
                foreach (var e in errors.EnumerateArray())
                {
                    string Field(string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
                    var text = Field("userMessage") is { Length: > 0 } u ? u : Field("message");
                    var where = Field("path");
                    parts.Add(Field("code") + (text.Length > 0 ? ": " + text : "") + (where.Length > 0 ? " (" + where + ")" : ""));
                }
                return parts.Count == 0 ? "" : ": " + string.Join("; ", parts);
            }
            catch (JsonException) { return ""; }
        }

        /// <summary>One renewal at a time: calls side by side that all find the token due (or all get a 401) renew it once.</summary>
        private readonly SemaphoreSlim _renewing = new SemaphoreSlim(1, 1);

        /// <summary>
        /// Renews the access token with the refresh token and stores both at once (the old refresh token is spent). A call that
        /// waited while another renewed takes the token that one stored instead of spending the refresh token a second time.
        /// </summary>
        private async Task RenewAsync(StoredAccount account, AllegroSettings settings, CancellationToken cancel)
        {
            await _renewing.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                var now = account.UserId.Length > 0 ? _store.Read(account.Environment) : null;
                if (now != null && now.AccessToken != account.AccessToken && now.ExpiresAt - _clock() >= RenewAhead)
                {
                    account.AccessToken = now.AccessToken;
                    account.RefreshToken = now.RefreshToken;
                    account.ExpiresAt = now.ExpiresAt;
                    return;
                }
                var token = await Auth(settings).RefreshAsync((now ?? account).RefreshToken, cancel).ConfigureAwait(false);
                account.AccessToken = token.AccessToken;
                account.RefreshToken = token.RefreshToken;
                account.ExpiresAt = token.ExpiresAt;
                if (account.UserId.Length > 0) _store.Write(account);
            }
            finally { _renewing.Release(); }
        }

        private static string Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.String || v.ValueKind == JsonValueKind.Number)
                ? v.ToString()
                : throw new ListingPsException(AllegroErrorIds.AllegroUnavailable, "Allegro's answer has no '" + name + "'.", ErrorKind.ResourceUnavailable);
    }

    /// <summary>An answer of Allegro's API: its status, Location (path and query), Retry-After and JSON body (null when empty).</summary>
    public sealed class AllegroAnswer : IDisposable
    {
        public AllegroAnswer(int status, string? location, TimeSpan? retryAfter, JsonDocument? body)
        {
            Status = status; Location = location; RetryAfter = retryAfter; Body = body;
        }

        public int Status { get; }
        public string? Location { get; }
        public TimeSpan? RetryAfter { get; }
        public JsonDocument? Body { get; }

        public void Dispose() => Body?.Dispose();
    }
}
