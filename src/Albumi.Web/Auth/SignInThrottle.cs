using System.Net;
using System.Threading.RateLimiting;
using Albumi.Grains.Accounts;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>
/// Limits password sign-in attempts per client IP and per account (sliding windows, this node's memory). The account
/// limit stops a distributed guess at one account; the IP limit stops one client guessing at many.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perIp;
    private readonly PartitionedRateLimiter<string> _perAccount;

    public SignInThrottle(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _perIp = Create(o.SignInAttemptsPerIp, o.SignInWindow);
        _perAccount = Create(o.SignInAttemptsPerAccount, o.SignInWindow);
    }

    /// <summary>Null when the attempt may go ahead, else how long the caller should wait.</summary>
    public TimeSpan? TryAcquire(IPAddress? ip, string email)
    {
        using var byIp = _perIp.AttemptAcquire(ip?.ToString() ?? "unknown");
        if (!byIp.IsAcquired)
        {
            return RetryAfter(byIp);
        }

        using var byAccount = _perAccount.AttemptAcquire(EmailAddress.Normalize(email));
        return byAccount.IsAcquired ? null : RetryAfter(byAccount);
    }

    public void Dispose()
    {
        _perIp.Dispose();
        _perAccount.Dispose();
    }

    private static TimeSpan RetryAfter(RateLimitLease lease)
        => lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window)
        => PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = 5,
            QueueLimit = 0,
        }));
}
