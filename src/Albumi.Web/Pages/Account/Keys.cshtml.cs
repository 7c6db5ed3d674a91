using Albumi.Grains.ApiKeys;
using Albumi.Grains.Time;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Account;

/// <summary>
/// The signed-in person's API keys (never a key or its hash) with their scopes, workspaces, times and state, a revoke
/// for each live one, and a form that creates a key (scopes, workspaces, expiry) and shows it once.
/// </summary>
public sealed class KeysModel(ApiKeyStore keys, WorkspaceDirectory workspaces, AlbumiClock time) : PageModel
{
    public IReadOnlyList<ApiKeyRecord> Keys { get; private set; } = [];

    /// <summary>The account's workspaces, to limit a new key to and to name those an existing key is limited to.</summary>
    public IReadOnlyList<WorkspaceInfo> Workspaces { get; private set; } = [];

    /// <summary>Set when a new key needs a step-up first: the form to confirm it is you is shown above the key form.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public string? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        Keys = await keys.ListAsync(accountId);
        Workspaces = [.. (await workspaces.ForAccountAsync(accountId)).Select(m => m.Workspace)];
        StepUp = await Shared.StepUpPrompt.ForAsync(HttpContext);
        Now = time.GetUtcNow();
        Outcome = done == "revoked" ? "The key is revoked: it no longer works anywhere." : null;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>A key's state in words: revoked, expired or active.</summary>
    public string StateOf(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= Now ? "expired" : "active";
    }

    /// <summary>The names of the workspaces a key is limited to; one the account has left is named as such.</summary>
    public IReadOnlyList<string> WorkspaceNamesOf(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.WorkspaceIds is not { } ids ? [] : [.. ids.Select(id => Workspaces.FirstOrDefault(w => w.Id == id)?.Name ?? "a workspace you no longer belong to")];
    }
}
