using Albumi.Grains;
using Albumi.Grains.Workspaces;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// One workspace: its catalogue, its members and (for admins) pending invites, leaving it, ownership transfer (owner), and links to its settings, share
/// links and audit, with the controls the caller's role allows and no others. The page hides what the role may not do; the API refuses it anyway (the page is
/// never the check).
/// </summary>
public sealed class IndexModel(WorkspacePageAccess access, IGrainFactory grains) : PageModel
{
    public WorkspaceInfo Workspace { get; private set; } = null!;

    public WorkspaceRole Role { get; private set; }

    public IReadOnlyList<WorkspaceMember> Members { get; private set; } = [];

    /// <summary>The pending invites, for those who may invite (and so revoke); empty for everyone else.</summary>
    public IReadOnlyList<PendingInvite> Invites { get; private set; } = [];

    public Guid AccountId { get; private set; }

    /// <summary>Set when a new invite or a raised role needs a step-up first (those who may invite or change roles): the form to confirm it is you.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    /// <summary>What the form that brought the browser here did, in words; null otherwise.</summary>
    public string? Outcome { get; private set; }

    /// <summary>The members ownership may move to: everyone but the caller.</summary>
    public IReadOnlyList<WorkspaceMember> TransferCandidates => Members.Where(m => m.AccountId != AccountId).ToList();

    /// <summary>Who may remove a member (the owner and the admins), by name, for those who cannot leave by themselves.</summary>
    public string Managers => string.Join(", ", Members.Where(m => RolePermissions.Allows(m.Role, Permission.MembersRemove)).OrderByDescending(m => m.Role).Select(m => m.DisplayName));

    public bool May(Permission permission) => RolePermissions.Allows(Role, permission);

    /// <summary>Roles the caller may give (never owner: ownership moves by transfer), as the grain allows them.</summary>
    public IEnumerable<WorkspaceRole> AssignableRoles
        => new[] { WorkspaceRole.Viewer, WorkspaceRole.Editor, WorkspaceRole.Admin }.Where(r => r <= Role);

    /// <summary>Whether the caller gets role and removal controls for <paramref name="member"/>: not the owner, not themselves, not above them.</summary>
    public bool MayManage(WorkspaceMember member)
        => member is not null && May(Permission.MembersRole) && May(Permission.MembersRemove)
           && member.Role != WorkspaceRole.Owner && member.Role <= Role && member.AccountId != AccountId;

    public async Task<IActionResult> OnGetAsync(string ws, string? done = null)
    {
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        (Workspace, Role, AccountId) = (workspace!, caller!.Role, caller.AccountId);
        var grain = grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId);
        // Independent reads, together: the page waits for the slower, not their sum.
        var people = grain.ReadPeopleAsync(withInvites: May(Permission.MembersInvite));
        var stepUp = May(Permission.MembersInvite) || May(Permission.MembersRole) ? Shared.StepUpPrompt.ForAsync(HttpContext) : Task.FromResult<Shared.StepUpPrompt?>(null);
        (Members, Invites) = await people;
        StepUp = await stepUp;
        Outcome = done switch
        {
            "role" => "Role changed: it applies at once to the member's sessions and keys.",
            "removed" => "Member removed: their sessions have ended.",
            "revoked" => "Invite revoked: its link no longer works.",
            "transferred" => "Ownership transferred: you are an admin of this workspace now.",
            _ => null,
        };
        return Page();
    }
}
