using Albumi.Grains.Catalog;
using Albumi.Web.Requests;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>One entity with its activity timeline, under the same rules as the API: membership, 2FA, classification.</summary>
public sealed class EntityModel(WorkspacePageAccess access, CatalogStore catalog) : PageModel
{
    public Guid WorkspaceId { get; private set; }

    public CatalogEntity Entity { get; private set; } = null!;

    public IReadOnlyList<ActivityEntry> Activity { get; private set; } = [];

    public bool MayShare { get; private set; }

    /// <summary>Set when a new share link needs a step-up first (those who may share): the form to confirm it is you.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    public async Task<IActionResult> OnGetAsync(string ws, string kind, string id)
    {
        var (outcome, _, caller) = await access.CheckAsync(User, ws);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        if (caller is null || !EntityKinds.TryFind(kind, out var entityKind) || !RouteIds.TryParse(id, out var entityId))
        {
            return NotFound();
        }

        try
        {
            Entity = await catalog.GetAsync(caller, entityKind, entityId);
            Activity = await catalog.EntityActivityAsync(caller, entityKind, entityId, CatalogStore.MaxPageSize);
        }
        catch (CatalogNotFoundException)
        {
            return NotFound();
        }

        WorkspaceId = caller.WorkspaceId;
        MayShare = RolePermissions.Allows(caller.Role, Permission.ShareCreate);
        StepUp = MayShare ? await Shared.StepUpPrompt.ForAsync(HttpContext) : null;
        return Page();
    }
}
