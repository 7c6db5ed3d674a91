using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Albumi.Grains.ApiKeys;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>
/// A token bucket per API key on this node (the framework's <see cref="TokenBucketRateLimiter"/>); requests without a
/// key pass unlimited. Unlike <c>PartitionedRateLimiter.Create</c>, which takes one lock around its partition map on
/// every acquisition, a bucket is found without a lock, so requests of different keys, and requests of no key, never
/// wait on one another. One timer replenishes every bucket and drops those that sat full and unused for a period.
/// </summary>
public sealed class ApiKeyRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>The framework's limiter that grants everything, for requests without a key.</summary>
    private static readonly RateLimiter Unlimited = RateLimitPartition.GetNoLimiter(string.Empty).Factory(string.Empty);

    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);
    private readonly TokenBucketRateLimiterOptions _bucket;
    private readonly Timer _timer;

    public ApiKeyRateLimiter(IOptions<ApiKeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perMinute = options.Value.RequestsPerMinute;
        _bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        _timer = new Timer(_ => Replenish(), null, Tick, Tick);
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource)
        => KeyOf(resource) is { } key && _buckets.TryGetValue(key, out var bucket) ? bucket.GetStatistics() : null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
        => KeyOf(resource) is { } key ? BucketOf(key).AttemptAcquire(permitCount) : Unlimited.AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
        => KeyOf(resource) is { } key ? BucketOf(key).AcquireAsync(permitCount, cancellationToken) : Unlimited.AcquireAsync(permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
            foreach (var bucket in _buckets.Values)
            {
                bucket.Dispose();
            }

            _buckets.Clear();
        }

        base.Dispose(disposing);
    }

    private static string? KeyOf(HttpContext context) => context.User.GetApiKeyId();

    private TokenBucketRateLimiter BucketOf(string key)
        => _buckets.GetOrAdd(key, static (_, options) => new TokenBucketRateLimiter(options), _bucket);

    private void Replenish()
    {
        foreach (var (key, bucket) in _buckets)
        {
            bucket.TryReplenish();

            // Full and unused for a whole period: forgetting it changes nothing, as a new bucket starts full too. It is not
            // disposed: a request that found it a moment ago may still take a token from it (it has no timer to release).
            if (bucket.IdleDuration >= _bucket.ReplenishmentPeriod)
            {
                _buckets.TryRemove(new KeyValuePair<string, TokenBucketRateLimiter>(key, bucket));
            }
        }
    }
}
