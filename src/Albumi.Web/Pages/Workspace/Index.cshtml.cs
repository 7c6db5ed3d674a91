using Albumi.Grains;
using Albumi.Grains.Catalog;
using Albumi.Grains.Workspaces;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// One workspace: its applications and members, with the controls the caller's role allows and no others. The page
/// hides what the role may not do; the API refuses it anyway (the page is never the check).
/// </summary>
public sealed class IndexModel(WorkspacePageAccess access, IGrainFactory grains, CatalogStore catalog) : PageModel
{
    public WorkspaceInfo Workspace { get; private set; } = null!;

    public WorkspaceRole Role { get; private set; }

    public IReadOnlyList<CatalogEntity> Applications { get; private set; } = [];

    public IReadOnlyList<WorkspaceMember> Members { get; private set; } = [];

    public bool May(Permission permission) => RolePermissions.Allows(Role, permission);

    public async Task<IActionResult> OnGetAsync(string ws)
    {
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws);
        switch (outcome)
        {
            case WorkspacePageAccess.Outcome.SignIn:
                return Redirect("/signin");
            case WorkspacePageAccess.Outcome.NotFound:
                return NotFound();
            case WorkspacePageAccess.Outcome.Forbidden:
                return Forbid();
        }

        (Workspace, Role) = (workspace!, caller!.Role);
        (Applications, _) = await catalog.ListAsync(new CatalogActor(caller.WorkspaceId, caller.AccountId, caller.Role), EntityKinds.Applications, null, CatalogStore.MaxPageSize);
        Members = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).ListMembersAsync();
        return Page();
    }
}
