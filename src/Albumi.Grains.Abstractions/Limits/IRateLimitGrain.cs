namespace Albumi.Grains.Limits;

/// <summary>
/// One rate-limit counter of the whole cluster (a client IP's sign-ins, an account's second-factor checks, an API
/// key's requests...), keyed by what it counts (see <c>RateLimitKeys</c>). One activation counts for every node, so N
/// nodes together grant the limit, not N times it. The count lives in the activation's memory: a silo that dies takes
/// its counters with it, which gives at most one fresh window to the partitions it held.
/// </summary>
[Alias("albumi.rate-limit-grain")]
public interface IRateLimitGrain : IGrainWithStringKey
{
    /// <summary>Takes one permit when fewer than <see cref="RateLimit.Permits"/> were taken in the last <see cref="RateLimit.Window"/>.</summary>
    Task<RateLimitDecision> AcquireAsync(RateLimit limit);

    /// <summary>Gives back the newest permit (a second-factor code that was right: only wrong ones use the limit up).</summary>
    Task ReturnAsync();
}
