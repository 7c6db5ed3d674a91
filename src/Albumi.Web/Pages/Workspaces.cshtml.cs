using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages;

/// <summary>The signed-in person's workspaces; anyone else is sent to sign in.</summary>
public sealed class WorkspacesModel(WorkspaceDirectory directory) : PageModel
{
    public IReadOnlyList<(WorkspaceInfo Workspace, WorkspaceRole Role)> Workspaces { get; private set; } = [];

    /// <summary>Set when an import whose members become invites needs a step-up first: the form to confirm it is you.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.GetAccountId() is not { } accountId)
        {
            return Redirect("/signin");
        }

        Workspaces = (await directory.ForAccountAsync(accountId)).Where(w => User.MayReachWorkspace(w.Workspace.Id)).ToList();
        StepUp = await Shared.StepUpPrompt.ForAsync(HttpContext);
        return Page();
    }
}
