using System.Globalization;
using System.Threading.RateLimiting;
using Albumi.Grains.ApiKeys;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>Per-key rate limiting (see <see cref="ApiKeyRateLimiter"/>) and the 429 problem it answers with.</summary>
public static class ApiKeyRateLimiting
{
    public static IServiceCollection AddApiKeyRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyRateLimiter>();
        services.AddOptions<RateLimiterOptions>().Configure<ApiKeyRateLimiter>((options, limiter) => options.GlobalLimiter = limiter);
        return services.AddRateLimiter(options =>
        {
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problem.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests.", "This API key sent too many requests; wait and retry.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }
}
