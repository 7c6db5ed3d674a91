using Albumi.Grains;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Requests;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages;

/// <summary>
/// The signed-in person's workspaces, and the deleted ones they own (to restore during the grace period); anyone else
/// is sent to sign in. No API lists deleted workspaces, so the page reads them through the directory the API's access
/// check uses, from the caller's own memberships only. Without script the create form posts here and runs the API's
/// own create (<see cref="WorkspaceEndpoints.CreateAsync"/>).
/// </summary>
public sealed class WorkspacesModel(WorkspaceDirectory directory, IGrainFactory grains) : PageModel
{
    public IReadOnlyList<(WorkspaceInfo Workspace, WorkspaceRole Role)> Workspaces { get; private set; } = [];

    /// <summary>Soft-deleted workspaces the caller owns, soonest erased first.</summary>
    public IReadOnlyList<WorkspaceInfo> Deleted { get; private set; } = [];

    /// <summary>Set when an import whose members become invites needs a step-up first: the form to confirm it is you.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    /// <summary>What the form that brought the browser here did (a workspace created or restored), in words; null otherwise.</summary>
    public string? Outcome { get; private set; }

    /// <summary>The name typed into the create form, kept when it is refused.</summary>
    public string? Name { get; private set; }

    /// <summary>Why the create form, posted without script, was refused.</summary>
    public Shared.FormErrors CreateErrors { get; private set; } = Shared.FormErrors.None;

    public async Task<IActionResult> OnGetAsync(string? created = null, string? restored = null)
    {
        if (User.GetAccountId() is not { } accountId)
        {
            return Redirect("/signin");
        }

        await LoadAsync(accountId, created, restored);
        return Page();
    }

    /// <summary>The create form without script: the API's create, then where the script path goes (the list, saying so).</summary>
    public async Task<IActionResult> OnPostCreateAsync(string? name)
    {
        if (User.GetAccountId() is not { } accountId)
        {
            return Redirect("/signin");
        }

        var answer = (await WorkspaceEndpoints.CreateAsync(new CreateWorkspaceRequest(name), User, grains)).Result;
        if (answer is Created<WorkspaceResponse> { Value: { } made })
        {
            return new Shared.SeeOtherResult($"/workspaces?created={made.Id}");
        }

        var (status, problem) = answer switch
        {
            ValidationProblem invalid => (invalid.StatusCode, (ProblemDetails)invalid.ProblemDetails),
            ProblemHttpResult refused => (refused.StatusCode, refused.ProblemDetails),
            _ => throw new InvalidOperationException("The create endpoint answered something unexpected."),
        };
        await LoadAsync(accountId, null, null);
        Name = name;
        CreateErrors = Shared.FormErrors.From(problem, "name");
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    private async Task LoadAsync(Guid accountId, string? created, string? restored)
    {
        Workspaces = (await directory.ForAccountAsync(accountId)).Where(w => User.MayReachWorkspace(w.Workspace.Id)).ToList();
        Deleted = (await directory.DeletedOwnedByAsync(accountId)).Where(w => User.MayReachWorkspace(w.Id)).ToList();
        StepUp = await Shared.StepUpPrompt.ForAsync(HttpContext);
        Outcome = NameOf(created) is { } made ? $"Created {made}." : NameOf(restored) is { } back ? $"Restored {back}: its members have their access again." : null;
    }

    /// <summary>The name of one of the caller's live workspaces named in the address, so the message never echoes what it was given.</summary>
    private string? NameOf(string? id)
        => id is not null && RouteIds.TryParse(id, out var workspaceId) ? Workspaces.FirstOrDefault(w => w.Workspace.Id == workspaceId).Workspace?.Name : null;
}
