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

/// <summary>One entity with its activity timeline, under the same rules as the API: membership, 2FA, classification.</summary>
public sealed class EntityModel(IGrainFactory grains, CatalogStore catalog, TotpService totp, IOptions<MfaOptions> mfa) : PageModel
{
    public Guid WorkspaceId { get; private set; }

    public CatalogEntity Entity { get; private set; } = null!;

    public IReadOnlyList<ActivityEntry> Activity { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string ws, string kind, string id)
    {
        if (User.GetAccountId() is not { } accountId)
        {
            return Redirect("/signin");
        }

        if (!Guid.TryParse(ws, out var workspaceId) || !User.MayReachWorkspace(workspaceId) || !EntityKinds.TryFind(kind, out var entityKind)
            || !Guid.TryParseExact(id, "D", out var entityId))
        {
            return NotFound();
        }

        var grain = grains.GetGrain<IWorkspaceGrain>(workspaceId);
        if (await grain.GetRoleAsync(accountId) is not { } role || await grain.GetAsync() is not { } workspace)
        {
            return NotFound();
        }

        if (await MfaGate.RefusalAsync(User, accountId, role, workspace, totp, mfa.Value) is not null)
        {
            return Forbid();
        }

        var actor = new CatalogActor(workspaceId, accountId, role);
        try
        {
            Entity = await catalog.GetAsync(actor, entityKind, entityId);
            Activity = await catalog.EntityActivityAsync(actor, entityKind, entityId, CatalogStore.MaxPageSize);
        }
        catch (CatalogNotFoundException)
        {
            return NotFound();
        }

        WorkspaceId = workspaceId;
        return Page();
    }
}
