using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading;

namespace ListingPs.Bench.Pipeline
{
    /// <summary>
    /// Times one pipeline and watches memory while it runs: wall time, time to the first record (marked by
    /// Test-BenchFirstRecord), bytes allocated, GC counts, the peak managed heap (sampled every 5 ms), the peak working set
    /// (on Linux the kernel's high-water mark is reset first, so it is the peak of this pipeline alone) and the heap that
    /// stays after a full collection.
    /// </summary>
    public sealed class Meter
    {
        private readonly Stopwatch _clock = new Stopwatch();
        private Timer? _sampler;
        private long _alloc0, _peakHeap, _peakRss;
        private int _gen0, _gen1, _gen2;
        private readonly object _gate = new object();

        public double Seconds { get; private set; }
        public double FirstRecordMs { get; private set; } = -1;
        public long Records { get; private set; }
        public long AllocatedBytes { get; private set; }
        public int Gen0 { get; private set; }
        public int Gen1 { get; private set; }
        public int Gen2 { get; private set; }
        public long PeakHeapBytes => Interlocked.Read(ref _peakHeap);
        /// <summary>Peak resident set during the run (VmHWM after a reset), or the sampled peak where the reset is not possible.</summary>
        public long PeakWorkingSetBytes { get; private set; }
        public bool PeakIsExact { get; private set; }
        public long HeapAfterBytes { get; private set; }
        public long RetainedBytes { get; private set; }

        public static Meter Start()
        {
            var m = new Meter();
            m.Begin();
            return m;
        }

        private void Begin()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            PeakIsExact = ResetPeakRss();
            _peakHeap = GC.GetTotalMemory(false);
            _peakRss = Rss();
            _gen0 = GC.CollectionCount(0); _gen1 = GC.CollectionCount(1); _gen2 = GC.CollectionCount(2);
            _alloc0 = GC.GetTotalAllocatedBytes(true);
            _sampler = new Timer(_ => Sample(), null, 5, 5);
            _clock.Start();
        }

        private void Sample()
        {
            long h = GC.GetTotalMemory(false);
            long cur;
            while (h > (cur = Interlocked.Read(ref _peakHeap))) Interlocked.CompareExchange(ref _peakHeap, h, cur);
            long r = Rss();
            while (r > (cur = Interlocked.Read(ref _peakRss))) Interlocked.CompareExchange(ref _peakRss, r, cur);
        }

        /// <summary>Called by the first record's consumer.</summary>
        public void MarkRecord()
        {
            if (Records++ == 0) FirstRecordMs = _clock.Elapsed.TotalMilliseconds;
        }

        public Meter Stop()
        {
            _clock.Stop();
            _sampler?.Dispose();
            Sample();
            Seconds = _clock.Elapsed.TotalSeconds;
            AllocatedBytes = GC.GetTotalAllocatedBytes(true) - _alloc0;
            Gen0 = GC.CollectionCount(0) - _gen0; Gen1 = GC.CollectionCount(1) - _gen1; Gen2 = GC.CollectionCount(2) - _gen2;
            HeapAfterBytes = GC.GetTotalMemory(false);
            var p = Process.GetCurrentProcess();
            PeakWorkingSetBytes = PeakIsExact ? Math.Max(p.PeakWorkingSet64, _peakRss) : _peakRss;
            RetainedBytes = GC.GetTotalMemory(true);
            return this;
        }

        /// <summary>Linux: writing 5 to /proc/self/clear_refs resets VmHWM (the peak resident set) to the current size.</summary>
        private static bool ResetPeakRss()
        {
            try
            {
                if (!File.Exists("/proc/self/clear_refs")) return false;
                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        }

        private static long Rss()
        {
            try { return Process.GetCurrentProcess().WorkingSet64; }
            catch (InvalidOperationException) { return 0; }
        }

        /// <summary>The load average line of the machine (Linux), to tell a quiet run from a busy one.</summary>
        public static string LoadAverage()
        {
            try { return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : ""; }
            catch (IOException) { return ""; }
        }
    }

    /// <summary>Counts the records that reach it and marks the first one on a <see cref="Meter"/>; writes nothing.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "BenchFirstRecord")]
    public sealed class TestBenchFirstRecordCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)] public Meter Meter { get; set; } = null!;
        [Parameter(ValueFromPipeline = true)] public PSObject? InputObject { get; set; }
        protected override void ProcessRecord() => Meter.MarkRecord();
    }
}

namespace ListingPs.Bench.Pipeline
{
    /// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID; elsewhere the process's): a pipeline in
    /// pwsh -Command runs on the script's thread, so this is what that pipeline spent on its own thread, without the time it
    /// waited for a core on a shared machine (issue 13, bench/profile/Measure-ThreadCpu.ps1).</summary>
    public static class ThreadCpu
    {
        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct TimeSpec { public long Seconds; public long Nanoseconds; }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        public static double Seconds()
        {
            if (OperatingSystem.IsLinux() && ClockGetTime(3, out var t) == 0) return t.Seconds + t.Nanoseconds / 1e9;
            return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        }
    }
}
