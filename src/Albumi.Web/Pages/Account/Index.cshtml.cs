using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Caching;
using Albumi.Grains.Lifecycle;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Pages.Account;

/// <summary>
/// The account's profile as <c>GET /v1/me</c> gives it (email, name, linked sign-in providers), the personal export,
/// and erasure: its state, and scheduling or cancelling it through <c>/v1/me/erasure</c>. Scheduling needs a recent
/// step-up (whose prompt this page shows) and is refused while the account owns a workspace, which the page names.
/// </summary>
public sealed class IndexModel(IGrainFactory grains, NodeCache cache, WorkspaceDirectory workspaces, IOptions<LifecycleOptions> lifecycle) : PageModel
{
    public const string PagePath = "/account";

    public MeResponse Me { get; private set; } = null!;

    /// <summary>When the account will be erased, or null when no erasure is scheduled.</summary>
    public DateTimeOffset? EraseAfter { get; private set; }

    /// <summary>Live workspaces the account owns: each must change owner (or be deleted) before erasure.</summary>
    public IReadOnlyList<MembershipResponse> Owned { get; private set; } = [];

    public TimeSpan GracePeriod => lifecycle.Value.AccountErasureGracePeriod;

    public Shared.StepUpPrompt? StepUp { get; private set; }

    /// <summary>What the last action did, shown as the page's status after the reload it caused.</summary>
    public string? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        if ((await MeEndpoints.GetMeAsync(User, grains, cache, workspaces)).Result is not Ok<MeResponse> { Value: { } me })
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        Me = me;
        Owned = [.. me.Workspaces.Where(w => w.Role == RoleNames.Of(WorkspaceRole.Owner))];
        EraseAfter = await grains.GetGrain<IAccountErasureGrain>(accountId).ScheduledAsync();
        StepUp = EraseAfter is null && Owned.Count == 0 ? await Shared.StepUpPrompt.ForAsync(HttpContext) : null;
        Outcome = done switch
        {
            "erasure-scheduled" when EraseAfter is not null => "Your account's erasure is scheduled.",
            "erasure-cancelled" when EraseAfter is null => "The erasure is cancelled: your account stays.",
            _ => null,
        };
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
