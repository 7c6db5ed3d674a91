using Albumi.Grains.Workspaces;

namespace Albumi.Web.Workspaces;

/// <summary>The caller's verified standing in the route's workspace, put on the request by <see cref="WorkspaceAccessFilter"/>.</summary>
public sealed record WorkspaceAccess(Guid WorkspaceId, Guid AccountId, WorkspaceRole Role)
{
    private const string ItemKey = "albumi.workspace-access";

    public static WorkspaceAccess Of(HttpContext httpContext)
        => httpContext?.Items[ItemKey] as WorkspaceAccess
           ?? throw new InvalidOperationException("The route has no workspace access; is it in the workspace route group?");

    internal void AttachTo(HttpContext httpContext) => httpContext.Items[ItemKey] = this;
}
