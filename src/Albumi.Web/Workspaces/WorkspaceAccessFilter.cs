using Albumi.Grains;
using Albumi.Grains.Mfa;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Problems;
using Albumi.Web.Requests;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Workspaces;

/// <summary>
/// The one place workspace authorization happens, for every route under <c>/v1/workspaces/{ws}</c>: the caller's
/// current role is read from the workspace's roster (never from the cookie), which this node keeps as sessions are kept:
/// fetched through the grain's version-checked read, at most <see cref="Albumi.Grains.Caching.NodeCache.Lifetime"/> old, and
/// dropped on every node before a change of the workspace returns (a request that makes a change asks the grain itself).
/// A non-member or a missing workspace answers 404 before anything else, and a role without the route's permission
/// answers 403. A route that declares no permission, or lacks <c>{ws}</c>, fails closed.
/// </summary>
public sealed class WorkspaceAccessFilter(WorkspaceDirectory directory, TotpService totp, IOptions<MfaOptions> mfa) : IEndpointFilter
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

        // A soft-deleted workspace answers 404 everywhere but on the few routes that exist for it (restore, its audit).
        var whileDeleted = httpContext.GetEndpoint()?.Metadata.GetMetadata<AvailableWhileDeleted>() is not null;
        if (!RouteIds.TryParse(routeValue, out var workspaceId) || httpContext.User.GetAccountId() is not { } accountId
            || !httpContext.User.MayReachWorkspace(workspaceId)
            || await directory.MemberAsync(workspaceId, accountId, includeDeleted: whileDeleted, forChange: MakesAChange(httpContext.Request.Method)) is not ({ } workspace, var role))
        {
            return Problem.NotFound("workspace");
        }

        if (await MfaGate.RefusalAsync(httpContext.User, accountId, role, workspace, totp, mfa.Value) is { } refusal)
        {
            return Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.MfaEnrolmentRequired, "Two-factor authentication is required.", refusal);
        }

        if (!RolePermissions.Allows(role, required.Permission))
        {
            return Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden.",
                $"Your role ({RoleNames.Of(role)}) does not have the permission {required.Permission}.");
        }

        new WorkspaceAccess(workspaceId, accountId, role).AttachTo(httpContext);
        return await next(context);
    }

    private static bool MakesAChange(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);
}
