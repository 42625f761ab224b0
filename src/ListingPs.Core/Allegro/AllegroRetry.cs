using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Microsoft.Extensions.Logging;

namespace ListingPs.Core.Allegro
{
    /// <summary>
    /// How ListingPs retries a call to Allegro (Polly): a 429 after the Retry-After it names (or the backoff when it names
    /// none), a 5xx, a timeout or a network error with exponential backoff and jitter from <see cref="BaseDelay"/>, at most
    /// <see cref="MaxRetries"/> times; then the last answer or error stands. Every call is built anew for each attempt.
    /// Ctrl+C (the cancellation) ends the wait between attempts at once.
    /// </summary>
    public sealed class AllegroRetry
    {
        /// <summary>Retries after the first attempt (default 5).</summary>
        public int MaxRetries { get; set; } = 5;

        /// <summary>The first backoff (default 1 s), doubled each time, with jitter.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The longest Retry-After that is waited out (default 2 minutes); a longer one ends the retries.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>
        /// Where every request and answer is written at Debug level (-Debug): the method, address, body, status and time, with
        /// tokens, device codes and the client secret masked; the Authorization header is never written.
        /// </summary>
        public ILogger? Log { get; set; }

        /// <summary>How many retries the calls made so far needed (for logs and tests).</summary>
        public int Retries => _retries;

        private int _retries;

        private ResiliencePipeline<HttpResponseMessage>? _pipeline;

        private ResiliencePipeline<HttpResponseMessage> Pipeline => _pipeline ??= new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = BaseDelay <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : BaseDelay,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception switch
                {
                    HttpRequestException _ => true,
                    TaskCanceledException _ => !args.Context.CancellationToken.IsCancellationRequested,   // a timeout, not Ctrl+C
                    null => IsTransient(args.Outcome.Result),
                    _ => false,
                }),
                DelayGenerator = args =>
                {
                    var after = args.Outcome.Result?.Headers.RetryAfter;
                    TimeSpan? wait = after?.Delta ?? (after?.Date is DateTimeOffset at ? at - DateTimeOffset.UtcNow : (TimeSpan?)null);
                    if (wait.HasValue && wait.Value < TimeSpan.Zero) wait = TimeSpan.Zero;
                    return new ValueTask<TimeSpan?>(wait);
                },
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retries);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();

        private bool IsTransient(HttpResponseMessage? response)
        {
            if (response == null) return false;
            var code = (int)response.StatusCode;
            if (response.StatusCode == (HttpStatusCode)429)
            {
                var after = response.Headers.RetryAfter?.Delta;
                return !(after.HasValue && after.Value > MaxRetryAfter);
            }
            return code >= 500 && code != 501;
        }

        /// <summary>Sends the request <paramref name="build"/> makes, retrying as the class says.</summary>
        public async Task<HttpResponseMessage> SendAsync(HttpClient http, Func<HttpRequestMessage> build, CancellationToken cancel) =>
            await Pipeline.ExecuteAsync(async ct =>
            {
                using var request = build();
                var log = Log != null && Log.IsEnabled(LogLevel.Debug) ? Log : null;
                if (log == null) return await http.SendAsync(request, ct).ConfigureAwait(false);
                var sent = request.Content == null ? "" : " " + Mask(await request.Content.ReadAsStringAsync().ConfigureAwait(false));
                log.LogDebug("Allegro -> {Method} {Address}{Body}", request.Method, request.RequestUri, sent);
                var clock = Stopwatch.StartNew();
                var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                var body = response.Content == null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);   // buffered: the caller reads it again
                log.LogDebug("Allegro <- {Status} {Method} {Address} in {Ms} ms{Location}{Body}", (int)response.StatusCode, request.Method, request.RequestUri,
                    clock.ElapsedMilliseconds, response.Headers.Location != null ? " Location: " + response.Headers.Location : "",
                    body.Length == 0 ? "" : " " + Mask(body.Length > 4000 ? body.Substring(0, 4000) + "..." : body));
                return response;
            }, cancel).ConfigureAwait(false);

        private static readonly System.Text.RegularExpressions.Regex JsonSecret = new System.Text.RegularExpressions.Regex(
            "(\"(?:access_token|refresh_token|device_code|client_secret)\"\\s*:\\s*\")[^\"]*(\")", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private static readonly System.Text.RegularExpressions.Regex FormSecret = new System.Text.RegularExpressions.Regex(
            "((?:^|&)(?:refresh_token|device_code|client_secret|access_token)=)[^&]*", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>A body as it may be written to a log: the values of tokens, device codes and the client secret become ***.</summary>
        public static string Mask(string body) => FormSecret.Replace(JsonSecret.Replace(body, "$1***$2"), "$1***");
    }
}
