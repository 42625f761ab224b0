using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ListingPs.Core.Allegro
{
    /// <summary>
    /// Runs calls to Allegro side by side, at most <c>limit</c> at once (the cmdlets' -ThrottleLimit), and gives their answers
    /// in the order of the items, not the order they came back. A call that fails fails the whole run, so each caller turns
    /// per-item problems into results first; Ctrl+C (the cancellation) ends every call under way.
    /// </summary>
    public static class AllegroParallel
    {
        /// <summary>The requests ListingPs keeps under way at once by default: well inside Allegro's limits per user, and enough to hide the round trips.</summary>
        public const int DefaultLimit = 4;

        /// <summary>The most requests at once a command takes (-ThrottleLimit's range).</summary>
        public const int MaxLimit = 32;

        public static async Task<IReadOnlyList<TOut>> MapAsync<TIn, TOut>(IReadOnlyList<TIn> items, int limit, Func<TIn, CancellationToken, Task<TOut>> work,
            CancellationToken cancel)
        {
            if (limit < 1 || limit > MaxLimit) throw new ArgumentOutOfRangeException(nameof(limit), "Between 1 and " + MaxLimit + " requests at once.");
            if (items.Count == 0) return Array.Empty<TOut>();
            if (limit == 1 || items.Count == 1)
            {
                var one = new List<TOut>(items.Count);
                foreach (var item in items) one.Add(await work(item, cancel).ConfigureAwait(false));
                return one;
            }
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            using var gate = new SemaphoreSlim(limit, limit);
            async Task<TOut> Run(TIn item)
            {
                await gate.WaitAsync(linked.Token).ConfigureAwait(false);
                try { return await work(item, linked.Token).ConfigureAwait(false); }
                catch { linked.Cancel(); throw; }               // the first failure stops the rest at once
                finally { gate.Release(); }
            }
            var tasks = items.Select(Run).ToList();
            try
            {
                return await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // one call failed and the others were cancelled for it: the failure is what the caller needs to see
                var failed = tasks.FirstOrDefault(t => t.IsFaulted);
                if (failed?.Exception != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.Exception.InnerException!).Throw();
                throw;
            }
        }
    }
}

namespace ListingPs.Core.Allegro
{
    /// <summary>
    /// How far a bulk run on Allegro has come, counted from any thread and read by the cmdlet's progress on the pipeline
    /// thread: offers read, offer changes planned, sent, answered (Allegro's result read) and failed.
    /// </summary>
    public sealed class AllegroCounters
    {
        private long _read, _planned, _sent, _answered, _failed;

        public long Read => Interlocked.Read(ref _read);
        /// <summary>Offer changes planned so far (price changes in commands, moves to a rate): what the expected time counts from.</summary>
        public long Planned => Interlocked.Read(ref _planned);
        public long Sent => Interlocked.Read(ref _sent);
        public long Answered => Interlocked.Read(ref _answered);
        public long Failed => Interlocked.Read(ref _failed);

        public void AddRead(long n) => Interlocked.Add(ref _read, n);
        public void AddPlanned(long n) => Interlocked.Add(ref _planned, n);
        public void AddSent(long n) => Interlocked.Add(ref _sent, n);
        public void AddAnswered(long n) => Interlocked.Add(ref _answered, n);
        public void AddFailed(long n) => Interlocked.Add(ref _failed, n);
    }
}
