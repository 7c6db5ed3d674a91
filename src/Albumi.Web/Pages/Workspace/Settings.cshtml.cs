using Albumi.Grains;
using Albumi.Grains.Catalog;
using Albumi.Grains.Mfa;
using Albumi.Grains.Workspaces;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// A workspace's settings: rename, the two-factor requirement and the classification policy (admin+), export (admin+),
/// delete with confirmation and restore during the grace period (owner). Everyone else is told what their role lets
/// them do and who changes settings, and sees the classification policy as it applies to them.
/// </summary>
public sealed class SettingsModel(WorkspacePageAccess access, IGrainFactory grains, CatalogStore catalog, TotpService totp) : PageModel
{
    public WorkspaceInfo Workspace { get; private set; } = null!;

    public WorkspaceRole Role { get; private set; }

    public bool IsOwner { get; private set; }

    public bool MayExport { get; private set; }

    /// <summary>Rename, the two-factor requirement and the classification policy (the admin permissions, checked again by the API).</summary>
    public bool MayChangeSettings { get; private set; }

    /// <summary>Whether the caller has a second factor (turning the requirement on without one sends them to set it up).</summary>
    public bool HasSecondFactor { get; private set; }

    /// <summary>Each classification and the lowest role that sees it, in the API's order.</summary>
    public IReadOnlyList<(string Classification, WorkspaceRole Lowest)> Policy { get; private set; } = [];

    /// <summary>The owner and the admins, by name: who changes settings.</summary>
    public string Managers { get; private set; } = string.Empty;

    /// <summary>Set when a guarded change (turning 2FA off, the classification policy, deleting) needs a step-up first: the form to confirm it is you.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    /// <summary>What the form that brought the browser here did, in words; null otherwise.</summary>
    public string? Outcome { get; private set; }

    /// <summary>What the caller's role lets them do in this workspace, in words, for a role that changes no settings.</summary>
    public IEnumerable<string> Abilities
    {
        get
        {
            yield return "Read the catalogue: every entity your role may see under the classification policy below, with its history.";
            yield return "See the members and their roles on the workspace page.";
            if (RolePermissions.Allows(Role, Permission.EntityCreate))
            {
                yield return "Add, change, delete and restore entities, comment on them, and make share links.";
            }
        }
    }

    public async Task<IActionResult> OnGetAsync(string ws, string? done = null)
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

        (Workspace, Role) = (workspace, caller!.Role);
        IsOwner = RolePermissions.Allows(Role, Permission.WorkspaceDelete);
        MayExport = RolePermissions.Allows(Role, Permission.ExportRun);
        MayChangeSettings = RolePermissions.Allows(Role, Permission.WorkspaceRename) && RolePermissions.Allows(Role, Permission.ClassificationPolicyManage);
        if (workspace.IsDeleted)
        {
            return Page();
        }

        var policy = await catalog.GetPolicyAsync(workspace.Id);
        Policy = EntityKinds.Classifications.Select(c => (c, policy.LowestRole.GetValueOrDefault(c, WorkspaceRole.Viewer))).ToList();
        Managers = string.Join(", ", (await grains.GetGrain<IWorkspaceGrain>(workspace.Id).ListMembersAsync())
            .Where(m => RolePermissions.Allows(m.Role, Permission.WorkspaceRename)).OrderByDescending(m => m.Role).Select(m => m.DisplayName));
        HasSecondFactor = MayChangeSettings && await totp.IsEnabledAsync(caller.AccountId);
        StepUp = MayChangeSettings ? await Shared.StepUpPrompt.ForAsync(HttpContext) : null;
        Outcome = done switch
        {
            "renamed" => $"Renamed to {workspace.Name}.",
            "two-factor" => workspace.RequireMfa ? "Two-factor authentication is now required of every member." : "Two-factor authentication is no longer required.",
            "policy" => "Saved who sees each classification; it applies to every member's next request.",
            _ => null,
        };
        return Page();
    }
}
