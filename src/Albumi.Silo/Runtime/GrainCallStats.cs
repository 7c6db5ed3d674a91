using System.Collections.Concurrent;

namespace Albumi.Silo.Runtime;

/// <summary>
/// Grain calls per grain type since the node started: a count of failures and a latency histogram with buckets 25%
/// apart, recorded without locks. Two snapshots taken an interval apart give that interval's call rate and
/// percentiles (<see cref="Between"/>), which the heartbeat publishes for the operator dashboard.
/// </summary>
public sealed class GrainCallStats
{
    /// <summary>Upper bounds of the latency buckets in milliseconds, from 10 µs to about two minutes; one more bucket holds the rest.</summary>
    public static readonly double[] BucketBounds = Enumerable.Range(0, 74).Select(i => 0.01 * Math.Pow(1.25, i)).ToArray();

    private readonly ConcurrentDictionary<string, Counters> _byType = new(StringComparer.Ordinal);

    public void Record(string grainType, TimeSpan duration, bool failed)
    {
        var counters = _byType.GetOrAdd(grainType, static _ => new Counters());
        var bucket = Array.BinarySearch(BucketBounds, duration.TotalMilliseconds);
        Interlocked.Increment(ref counters.Buckets[bucket >= 0 ? bucket : ~bucket]);
        if (failed)
        {
            Interlocked.Increment(ref counters.Failures);
        }
    }

    /// <summary>A copy of every counter as it stands.</summary>
    public Snapshot Take()
        => new(_byType.ToDictionary(
            pair => pair.Key,
            pair => (ReadAll(pair.Value.Buckets), Interlocked.Read(ref pair.Value.Failures)),
            StringComparer.Ordinal));

    /// <summary>What happened between two snapshots <paramref name="seconds"/> apart, per grain type that had calls.</summary>
    public static IReadOnlyDictionary<string, CallWindow> Between(Snapshot earlier, Snapshot later, double seconds)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        var windows = new SortedDictionary<string, CallWindow>(StringComparer.Ordinal);
        foreach (var (type, (buckets, failures)) in later.ByType)
        {
            var before = earlier.ByType.TryGetValue(type, out var b) ? b : (Buckets: new long[buckets.Length], Failures: 0L);
            var delta = buckets.Select((count, i) => count - before.Buckets[i]).ToArray();
            var calls = delta.Sum();
            if (calls == 0)
            {
                continue;
            }

            windows[type] = new CallWindow(
                calls, failures - before.Failures, Math.Round(calls / Math.Max(seconds, 0.001), 2),
                Percentile(delta, calls, 0.50), Percentile(delta, calls, 0.95), Percentile(delta, calls, 0.99));
        }

        return windows;
    }

    private static long[] ReadAll(long[] buckets)
    {
        var copy = new long[buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            copy[i] = Interlocked.Read(ref buckets[i]);
        }

        return copy;
    }

    /// <summary>
    /// The upper bound of the bucket holding the <paramref name="quantile"/>: never below the true value and at most
    /// 25% above it, except past the last bound (two minutes), where it is that bound.
    /// </summary>
    private static double Percentile(long[] buckets, long calls, double quantile)
    {
        var rank = (long)Math.Ceiling(quantile * calls);
        long seen = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                return Math.Round(BucketBounds[Math.Min(i, BucketBounds.Length - 1)], 3);
            }
        }

        return Math.Round(BucketBounds[^1], 3);
    }

    private sealed class Counters
    {
        public readonly long[] Buckets = new long[BucketBounds.Length + 1];
        public long Failures;
    }

    public sealed record Snapshot(IReadOnlyDictionary<string, (long[] Buckets, long Failures)> ByType)
    {
        public static Snapshot Empty { get; } = new(new Dictionary<string, (long[], long)>());
    }

    /// <summary>One grain type's calls in an interval: how many, how many failed, per second, and latency percentiles in milliseconds.</summary>
    public sealed record CallWindow(long Calls, long Failures, double PerSecond, double P50Ms, double P95Ms, double P99Ms);
}
