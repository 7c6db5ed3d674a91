using System.Globalization;
using System.Threading.RateLimiting;
using Albumi.Grains.ApiKeys;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>Per-key rate limiting: a token bucket per API key (per node); other requests are not limited here.</summary>
public static class ApiKeyRateLimiting
{
    public static IServiceCollection AddApiKeyRateLimiting(this IServiceCollection services)
        => services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.User.FindFirst(AlbumiClaims.ApiKeyId)?.Value is not { } keyId)
                {
                    return RateLimitPartition.GetNoLimiter("not-a-key");
                }

                var perMinute = context.RequestServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value.RequestsPerMinute;
                return RateLimitPartition.GetTokenBucketLimiter(keyId, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = perMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problem.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests.", "This API key sent too many requests; wait and retry.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
}
