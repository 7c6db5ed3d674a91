using Albumi.Grains;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Problems;

namespace Albumi.Web.Workspaces;

/// <summary>
/// The one place workspace authorization happens, for every route under <c>/v1/workspaces/{ws}</c>: the caller's
/// current role is read from the workspace grain (never from the cookie), a non-member or a missing workspace
/// answers 404 before anything else, and a role without the route's permission answers 403. A route that declares
/// no permission, or lacks <c>{ws}</c>, fails closed.
/// </summary>
public sealed class WorkspaceAccessFilter(IGrainFactory grains) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var httpContext = context.HttpContext;
        var required = httpContext.GetEndpoint()?.Metadata.GetMetadata<RequiresPermission>()
            ?? throw new InvalidOperationException($"The workspace route {httpContext.Request.Path} declares no permission.");
        var routeValue = httpContext.Request.RouteValues["ws"] as string
            ?? throw new InvalidOperationException($"The workspace route {httpContext.Request.Path} has no {{ws}} parameter.");

        if (!Guid.TryParse(routeValue, out var workspaceId) || httpContext.User.GetAccountId() is not { } accountId
            || !httpContext.User.MayReachWorkspace(workspaceId)
            || await grains.GetGrain<IWorkspaceGrain>(workspaceId).GetRoleAsync(accountId) is not { } role)
        {
            return Problem.NotFound("workspace");
        }

        if (!RolePermissions.Allows(role, required.Permission))
        {
            return Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden.",
                $"Your role ({role.ToString().ToLowerInvariant()}) does not have the permission {required.Permission}.");
        }

        new WorkspaceAccess(workspaceId, accountId, role).AttachTo(httpContext);
        return await next(context);
    }
}
