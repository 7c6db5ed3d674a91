using Albumi.Grains.Catalog;
using Albumi.Grains.Workspaces;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>The workspace's proposals, newest first (drafts, merged, discarded), and for editors a form to open one.</summary>
public sealed class ProposalsModel(WorkspacePageAccess access, ProposalStore proposals, IGrainFactory grains) : PageModel
{
    public WorkspaceInfo Workspace { get; private set; } = null!;

    public IReadOnlyList<Proposal> Proposals { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Authors { get; private set; } = new Dictionary<Guid, string>();

    public bool MayPropose { get; private set; }

    public async Task<IActionResult> OnGetAsync(string ws)
    {
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        Workspace = workspace!;
        Proposals = await proposals.ListAsync(caller!);
        Authors = (await grains.GetGrain<IWorkspaceGrain>(Workspace.Id).ListMembersAsync()).ToDictionary(m => m.AccountId, m => m.DisplayName);
        MayPropose = RolePermissions.Allows(caller!.Role, Permission.EntityUpdate);
        return Page();
    }

    public string AuthorOf(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return Authors.TryGetValue(proposal.AuthorId, out var name) ? name : "a former member";
    }
}
