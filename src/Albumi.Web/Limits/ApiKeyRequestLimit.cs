using Albumi.Grains.ApiKeys;
using Albumi.Grains.Audit;
using Albumi.Grains.Limits;
using Albumi.Web.Auth;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Limits;

/// <summary>
/// Each API key's requests per minute, counted by the cluster: one rate-limit grain per key, placed on the node that
/// first served it (an in-process call while the client sticks to one node, one hop otherwise). Sessions pass unlimited.
/// </summary>
public static class ApiKeyRequestLimit
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static async Task LimitAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.User.GetApiKeyId() is not { } keyId)
        {
            await next(context);
            return;
        }

        var services = context.RequestServices;
        var limit = new RateLimit(services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.RequestsPerMinute, Window);
        var decision = await services.GetRequiredService<IGrainFactory>().GetGrain<IRateLimitGrain>(RateLimitKeys.ApiKeyRequests(keyId)).AcquireAsync(limit);
        if (decision.Granted)
        {
            await next(context);
            return;
        }

        var refusal = await TooManyRequests.RefuseAsync(context, decision, SecurityEventType.ApiKeyRefused, context.User.GetAccountId(),
            "This API key sent too many requests; wait and retry.", provider: "api-key");
        await refusal.ExecuteAsync(context);
    }
}
