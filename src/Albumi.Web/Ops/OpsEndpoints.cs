using System.Security.Claims;
using Albumi.Web.Auth;
using Albumi.Web.Problems;
using Orleans.Dashboard;

namespace Albumi.Web.Ops;

/// <summary>
/// <c>/ops/status.json</c>: the operator dashboard's data, for platform operators signed in with a session. Anyone
/// else, signed in or not, is told it does not exist.
/// </summary>
public static class OpsEndpoints
{
    public static IEndpointRouteBuilder MapOpsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/ops/status.json", StatusAsync).WithTags("Operators").ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// Orleans' own dashboard at <c>/ops/orleans</c>, every route of it (pages, assets, its JSON API) behind the same rule
    /// as <c>/ops</c>: an operator signed in with a session; anyone else, API keys included, gets 404.
    /// </summary>
    public static IEndpointRouteBuilder MapOrleansDashboardForOperators(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrleansDashboard(routePrefix: "/ops/orleans")
            .ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
                await IsOperatorAsync(context.HttpContext.User, context.HttpContext.RequestServices.GetRequiredService<OperatorStatus>())
                    ? await next(context)
                    : Problem.NotFound("page"));
        return endpoints;
    }

    public static async Task<bool> IsOperatorAsync(ClaimsPrincipal user, OperatorStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return user?.GetAccountId() is { } account && !user.IsApiKey() && await status.IsOperatorAsync(account);
    }

    private static async Task<IResult> StatusAsync(ClaimsPrincipal user, OperatorStatus status, HttpContext http)
    {
        if (!await IsOperatorAsync(user, status))
        {
            return Problem.NotFound("page");
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await status.ReadAsync());
    }
}
