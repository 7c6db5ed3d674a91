using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Ops;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// What the layout's header shows a person: whether they are signed in (with a session), their workspaces for the
/// switcher (the Workspaces page's own source, through this node's cache) and whether they are a platform operator (the
/// Ops page's own rule), which adds the links to <c>/ops</c>, <c>/ops/orleans/</c> and <c>/docs</c>. An error page of
/// 5xx reads nothing: the cluster or database it would ask may be what failed.
/// </summary>
public sealed record SiteHeader(bool SignedIn, IReadOnlyList<WorkspaceInfo> Workspaces, bool IsOperator)
{
    private static readonly SiteHeader SignedOut = new(false, [], false);

    public static async Task<SiteHeader> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.GetAccountId() is not { } accountId || user.IsApiKey())
        {
            return SignedOut;
        }

        if (context.Response.StatusCode >= 500)
        {
            return new(true, [], false);
        }

        var services = context.RequestServices;
        var workspaces = (await services.GetRequiredService<WorkspaceDirectory>().ForAccountAsync(accountId))
            .Where(w => user.MayReachWorkspace(w.Workspace.Id))
            .Select(w => w.Workspace)
            .ToList();
        var isOperator = await OpsEndpoints.IsOperatorAsync(user, services.GetRequiredService<OperatorStatus>());
        return new(true, workspaces, isOperator);
    }
}
