using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

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
                return await http.SendAsync(request, ct).ConfigureAwait(false);
            }, cancel).ConfigureAwait(false);
    }
}
