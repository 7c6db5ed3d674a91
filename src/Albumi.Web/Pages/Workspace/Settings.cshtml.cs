using Albumi.Grains.Workspaces;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>A workspace's settings: export (admin+), delete with confirmation and restore during the grace period (owner).</summary>
public sealed class SettingsModel(WorkspacePageAccess access) : PageModel
{
    public WorkspaceInfo Workspace { get; private set; } = null!;

    public bool IsOwner { get; private set; }

    public bool MayExport { get; private set; }

    /// <summary>Set when deleting needs a step-up first (owners only): the form to confirm it is you.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    public async Task<IActionResult> OnGetAsync(string ws)
    {
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws, includeDeleted: true);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        // A deleted workspace shows itself only to those who may restore it, as the API does.
        if (workspace!.IsDeleted && !RolePermissions.Allows(caller!.Role, Permission.WorkspaceRestore))
        {
            return NotFound();
        }

        Workspace = workspace;
        IsOwner = RolePermissions.Allows(caller!.Role, Permission.WorkspaceDelete);
        MayExport = RolePermissions.Allows(caller.Role, Permission.ExportRun);
        StepUp = IsOwner && !workspace.IsDeleted ? await Shared.StepUpPrompt.ForAsync(HttpContext) : null;
        return Page();
    }
}
