using Albumi.Grains;
using Albumi.Grains.Catalog;
using Albumi.Grains.Mfa;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// One workspace: its applications and members, with the controls the caller's role allows and no others. The page
/// hides what the role may not do; the API refuses it anyway (the page is never the check).
/// </summary>
public sealed class IndexModel(IGrainFactory grains, CatalogStore catalog, TotpService totp, IOptions<MfaOptions> mfa) : PageModel
{
    public WorkspaceInfo Workspace { get; private set; } = null!;

    public WorkspaceRole Role { get; private set; }

    public IReadOnlyList<CatalogEntity> Applications { get; private set; } = [];

    public IReadOnlyList<WorkspaceMember> Members { get; private set; } = [];

    public bool May(Permission permission) => RolePermissions.Allows(Role, permission);

    public async Task<IActionResult> OnGetAsync(string ws)
    {
        if (User.GetAccountId() is not { } accountId)
        {
            return Redirect("/signin");
        }

        var grain = Guid.TryParse(ws, out var id) && User.MayReachWorkspace(id) ? grains.GetGrain<IWorkspaceGrain>(id) : null;
        if (grain is null || await grain.GetRoleAsync(accountId) is not { } role || await grain.GetAsync() is not { } workspace)
        {
            return NotFound();
        }

        if (await MfaGate.RefusalAsync(User, accountId, role, workspace, totp, mfa.Value) is not null)
        {
            return Forbid();
        }

        (Workspace, Role) = (workspace, role);
        (Applications, _) = await catalog.ListAsync(new CatalogActor(id, accountId, role), EntityKinds.Applications, null, CatalogStore.MaxPageSize);
        Members = await grain.ListMembersAsync();
        return Page();
    }
}
