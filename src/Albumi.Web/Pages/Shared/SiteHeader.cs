using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Ops;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// What the layout's header shows a person: whether they are signed in (with a session), their workspaces for the
/// switcher (the Workspaces page's own source, through this node's cache) and whether they are a platform operator (the
/// Ops page's own rule, read fresh), which adds the links to <c>/ops</c>, <c>/ops/orleans/</c> and <c>/docs</c>. An error page of
/// 5xx reads nothing: the cluster or database it would ask may be what failed. A page asked for with GET starts the
/// read before its handler runs (<see cref="SiteHeaderPrefetch"/>), so the header costs a page no time of its own.
/// </summary>
public sealed record SiteHeader(bool SignedIn, IReadOnlyList<WorkspaceInfo> Workspaces, bool IsOperator)
{
    private static readonly SiteHeader SignedOut = new(false, [], false);

    private static readonly object PrefetchKey = new();

    /// <summary>The header for the page being rendered: the read its prefetch started, or a read now.</summary>
    public static Task<SiteHeader> ForPageAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.StatusCode >= 500)
        {
            return Task.FromResult(IsPerson(context.User) ? new SiteHeader(true, [], false) : SignedOut);
        }

        return context.Items.TryGetValue(PrefetchKey, out var started) && started is Task<SiteHeader> read ? read : ReadAsync(context);
    }

    /// <summary>Starts reading the header beside the page's handler (which must not change who the person is or their workspaces).</summary>
    internal static void StartReading(HttpContext context)
    {
        var read = ReadAsync(context);
        // A page that fails never awaits it; its fault is not worth an unobserved-exception event.
        _ = read.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        context.Items[PrefetchKey] = read;
    }

    private static bool IsPerson(System.Security.Claims.ClaimsPrincipal user) => user.GetAccountId() is not null && !user.IsApiKey();

    private static async Task<SiteHeader> ReadAsync(HttpContext context)
    {
        var user = context.User;
        if (user.GetAccountId() is not { } accountId || user.IsApiKey())
        {
            return SignedOut;
        }

        var services = context.RequestServices;
        var operatorCheck = OpsEndpoints.IsOperatorAsync(user, services.GetRequiredService<OperatorStatus>());
        var workspaces = (await services.GetRequiredService<WorkspaceDirectory>().ForAccountAsync(accountId))
            .Where(w => user.MayReachWorkspace(w.Workspace.Id))
            .Select(w => w.Workspace)
            .ToList();
        return new(true, workspaces, await operatorCheck);
    }
}
