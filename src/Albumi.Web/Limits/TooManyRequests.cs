using System.Globalization;
using Albumi.Grains.Audit;
using Albumi.Grains.Limits;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Limits;

/// <summary>
/// The one answer past a limit: 429, a <c>Retry-After</c> in whole seconds, a problem naming what was limited, and a
/// <c>blocked</c> security event for the first refusal of each spell (a flood of refusals writes one row, not one per request).
/// </summary>
public static class TooManyRequests
{
    public static async Task<ProblemHttpResult> RefuseAsync(
        HttpContext httpContext, RateLimitDecision decision, SecurityEventType type, Guid? accountId, string detail, string reason = "rate limited", string? provider = null)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.FirstRefusal)
        {
            var client = ClientInfo.From(httpContext);
            await httpContext.RequestServices.GetRequiredService<SecurityAuditLog>().WriteAsync(new SecurityEvent(
                type, SecurityOutcome.Blocked, AccountId: accountId, Ip: client.Ip, UserAgent: client.UserAgent, Provider: provider, Reason: reason));
        }

        return Problem(httpContext, decision.RetryAfter, detail);
    }

    /// <summary>The 429 problem without an audit row (a refusal this node already knew of).</summary>
    public static ProblemHttpResult Problem(HttpContext httpContext, TimeSpan retryAfter, string detail)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        httpContext.Response.Headers.CacheControl = "no-store";
        return Problems.Problem.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests.", detail);
    }

    /// <summary>A second-factor check the account's limit refused (see <c>TotpService.VerifyAsync</c>).</summary>
    public static Task<ProblemHttpResult> SecondFactorAsync(HttpContext httpContext, RateLimitDecision decision, SecurityEventType type, Guid accountId)
        => RefuseAsync(httpContext, decision, type, accountId, "Too many second-factor codes were tried for this account; wait before trying again.", "second factor: rate limited");
}
