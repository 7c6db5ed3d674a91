using Albumi.Grains.Catalog;
using Albumi.Grains.Sharing;
using Albumi.Grains.Time;
using Albumi.Grains.Workspaces;
using Albumi.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Workspace;

/// <summary>The workspace's share links (editor+): what each shows, until when, and a revoke button for the live ones.</summary>
public sealed class SharesModel(WorkspacePageAccess access, ShareStore shares, AlbumiClock time) : PageModel
{
    public WorkspaceInfo Workspace { get; private set; } = null!;

    public IReadOnlyList<ShareLink> Links { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(string ws)
    {
        var (outcome, workspace, caller) = await access.CheckAsync(User, ws, requires: Permission.ShareCreate);
        if (WorkspacePageAccess.Refusal(outcome) is { } refusal)
        {
            return refusal;
        }

        Workspace = workspace!;
        Links = await shares.ListAsync(caller!);
        Now = time.GetUtcNow();
        return Page();
    }

    public string StateOf(ShareLink link)
        => link switch
        {
            { RevokedAt: not null } => "revoked",
            { ExpiresAt: { } expires } when expires <= Now => "expired",
            { EntityName: null } => "entity deleted or hidden",
            _ => "active",
        };
}
