using System.Collections.Concurrent;
using System.Net;
using Albumi.Grains.Limits;
using Albumi.Grains.Time;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Limits;

/// <summary>
/// Failed API-key authentications (malformed, unknown, revoked or expired keys) per client IP, counted by the cluster. A
/// refusal is remembered on this node until its Retry-After, so a blocked client's further requests cost neither a
/// grain call nor a key lookup; requests with a valid key from an IP that is not blocked here cost nothing extra.
/// Each node lets at most one more failure reach the cluster's counter after the limit was reached elsewhere.
/// </summary>
public sealed class FailedApiKeyLimit(IGrainFactory grains, IOptions<AuthLimitOptions> options, AlbumiClock clock)
{
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="ip"/> must still wait, when this node knows it is blocked.</summary>
    public TimeSpan? BlockedFor(IPAddress? ip)
    {
        if (_blockedUntil.IsEmpty || !_blockedUntil.TryGetValue(RateLimitKeys.FailedApiKeyByIp(ip), out var until))
        {
            return null;
        }

        var wait = until - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>Counts a failure; a refusal means this request is answered 429 and the IP is blocked on this node too.</summary>
    public async Task<RateLimitDecision> CountFailureAsync(IPAddress? ip)
    {
        var key = RateLimitKeys.FailedApiKeyByIp(ip);
        var decision = await grains.GetGrain<IRateLimitGrain>(key).AcquireAsync(options.Value.FailedApiKeyPerIp);
        if (!decision.Granted)
        {
            var now = clock.GetUtcNow();
            if (_blockedUntil.Count > SweepAbove)
            {
                foreach (var (blocked, until) in _blockedUntil)
                {
                    if (until <= now)
                    {
                        _blockedUntil.TryRemove(blocked, out _);
                    }
                }
            }

            _blockedUntil[key] = now + decision.RetryAfter;
        }

        return decision;
    }
}
