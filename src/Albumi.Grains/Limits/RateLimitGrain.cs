using Albumi.Grains.Time;
using Orleans.Placement;

namespace Albumi.Grains.Limits;

/// <summary>
/// A sliding-window log: the times of the permits granted in the last window, oldest first, never more than the limit.
/// Exact (no window edge lets twice the limit through) and bounded by the limit. Placed on the silo of its first caller,
/// so a client that sticks to one node pays an in-process call.
/// </summary>
[PreferLocalPlacement]
public sealed class RateLimitGrain(AlbumiClock clock) : Grain, IRateLimitGrain
{
    private readonly LinkedList<DateTimeOffset> _granted = new();
    private bool _refusing;

    public Task<RateLimitDecision> AcquireAsync(RateLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var now = clock.GetUtcNow();
        while (_granted.First is { } oldest && now - oldest.Value >= limit.Window)
        {
            _granted.RemoveFirst();
        }

        if (_granted.Count < limit.Permits)
        {
            _granted.AddLast(now);
            _refusing = false;

            // The log must outlive an idle spell shorter than the window (the silo collects idle activations).
            this.DelayDeactivation(limit.Window);
            return Task.FromResult(RateLimitDecision.Grant);
        }

        var first = !_refusing;
        _refusing = true;
        var wait = _granted.First!.Value + limit.Window - now;
        return Task.FromResult(new RateLimitDecision(false, wait <= TimeSpan.Zero ? TimeSpan.FromSeconds(1) : wait > limit.Window ? limit.Window : wait, first));
    }

    public Task ReturnAsync()
    {
        if (_granted.Count > 0)
        {
            _granted.RemoveLast();
        }

        return Task.CompletedTask;
    }
}
