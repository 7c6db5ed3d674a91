using System.Collections.Concurrent;
using System.Diagnostics;
using Albumi.Grains.Time;

namespace Albumi.Grains.Caching;

/// <summary>
/// This node's copies of what grains answer on every request (a session's validation, an API key's check, an account's
/// profile and memberships), so a warm request needs no grain call, local or across silos. A copy is served for at most
/// <see cref="Lifetime"/> after its fetch began, by the monotonic clock and by Albumi's clock both, and never past the
/// validity the answer carries. A grain whose answer changes drops the copies on every silo before its call returns
/// (<see cref="INodeCacheInvalidator"/>); a silo it cannot reach holds only copies fetched before the change, which are
/// gone one lifetime after it, and the invalidator waits that long. An answer fetched while any drop arrived is not kept.
/// Once this node's silo is declared dead or stops, the cache is closed: no copy is served or kept again, since the
/// cluster no longer sends this node its drops.
/// </summary>
public sealed class NodeCache(AlbumiClock clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<CacheKey, Entry> _entries = new();
    private readonly Lock _gate = new();
    private long _drops;
    private int _insertsSinceSweep;
    private volatile bool _closed;

    /// <summary>
    /// The fresh copy under <paramref name="key"/>, or the answer of <paramref name="fetch"/>, kept when
    /// <paramref name="keepUntil"/> gives a time (<see cref="DateTimeOffset.MaxValue"/>: no limit of its own) and not
    /// when it gives null (refusals, unknowns: those always ask the grain).
    /// </summary>
    public ValueTask<T> GetOrFetchAsync<T>(CacheKey key, Func<Task<T>> fetch, Func<T, DateTimeOffset?> keepUntil)
        => GetOrFetchAsync(key, fetch, static fetch => fetch(), keepUntil);

    /// <summary>
    /// As above, with the fetch's arguments passed in rather than captured: a hit then allocates nothing (no closure, no
    /// grain reference), which matters on the paths every request takes.
    /// </summary>
    public ValueTask<T> GetOrFetchAsync<TState, T>(CacheKey key, TState state, Func<TState, Task<T>> fetch, Func<T, DateTimeOffset?> keepUntil)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(keepUntil);
        return !_closed && _entries.TryGetValue(key, out var entry) && IsFresh(entry)
            ? ValueTask.FromResult((T)entry.Value)
            : FetchAsync(key, state, fetch, keepUntil);
    }

    private async ValueTask<T> FetchAsync<TState, T>(CacheKey key, TState state, Func<TState, Task<T>> fetch, Func<T, DateTimeOffset?> keepUntil)
    {
        var dropsBefore = Volatile.Read(ref _drops);
        var fetchedAt = Stopwatch.GetTimestamp();
        var fetchedAtClock = clock.GetUtcNow();
        var value = await fetch(state);
        if (value is not null && keepUntil(value) is { } until)
        {
            lock (_gate)
            {
                if (_drops == dropsBefore && !_closed)
                {
                    _entries[key] = new Entry(value, fetchedAt, fetchedAtClock, until);
                    SweepNowAndThen();
                }
            }
        }

        return value;
    }

    /// <summary>Drops the copies under <paramref name="keys"/>, and keeps any fetch already under way from storing its answer.</summary>
    public void Drop(IEnumerable<CacheKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lock (_gate)
        {
            _drops++;
            foreach (var key in keys)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Drops every copy, for good: from now on every answer comes from its grain (this node's silo is gone from the cluster).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _drops++;
            _entries.Clear();
        }
    }

    private bool IsFresh(Entry entry)
    {
        if (Stopwatch.GetElapsedTime(entry.FetchedAt) >= Lifetime)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        return now >= entry.FetchedAtClock && now - entry.FetchedAtClock < Lifetime && now < entry.ValidUntil;
    }

    private void SweepNowAndThen()
    {
        if (++_insertsSinceSweep < SweepEvery)
        {
            return;
        }

        _insertsSinceSweep = 0;
        foreach (var (key, entry) in _entries)
        {
            if (!IsFresh(entry))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(object Value, long FetchedAt, DateTimeOffset FetchedAtClock, DateTimeOffset ValidUntil);
}
