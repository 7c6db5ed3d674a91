using Albumi.Grains.Security;

namespace Albumi.Web.Auth;

/// <summary>Makes every grain call a request causes carry the authenticated account (or nobody), for the grains' own wall.</summary>
public static class GrainCallerMiddleware
{
    public static async Task ActForTheAuthenticatedAccountAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        GrainCaller.ActAs(context.User.GetAccountId());
        await next(context);
    }
}
