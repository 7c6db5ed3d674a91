using System.Security.Claims;
using Albumi.Web.Auth;
using Albumi.Web.Problems;

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
