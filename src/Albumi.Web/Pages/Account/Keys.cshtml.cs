using Albumi.Grains;
using Albumi.Grains.ApiKeys;
using Albumi.Grains.Audit;
using Albumi.Grains.Time;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Account;

/// <summary>
/// The signed-in person's API keys (never a key or its hash) with their scopes, workspaces, times and state, a revoke
/// for each live one, and a form that creates a key (scopes, workspaces, expiry) and shows it once. Without script the
/// forms post here and run the API's own create and revoke (<see cref="ApiKeyEndpoints"/>, audit included), for a person's
/// session only; a create needs the same recent step-up as the API's, and its key is shown in that post's answer only
/// (no-store); a revoke is asked first (<see cref="Shared.ConfirmStep"/>).
/// </summary>
public sealed class KeysModel(ApiKeyStore keys, WorkspaceDirectory workspaces, AlbumiClock time, IGrainFactory grains, SecurityAuditLog audit) : PageModel
{
    private const string PagePath = "/account/keys";

    public IReadOnlyList<ApiKeyRecord> Keys { get; private set; } = [];

    /// <summary>The account's workspaces, to limit a new key to and to name those an existing key is limited to.</summary>
    public IReadOnlyList<WorkspaceInfo> Workspaces { get; private set; } = [];

    /// <summary>Set when a new key needs a step-up first: the form to confirm it is you is shown above the key form.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public string? Outcome { get; private set; }

    /// <summary>Set when a revoke posted without script waits for its question to be answered: the page shows only that.</summary>
    public Shared.ConfirmStep? Confirm { get; private set; }

    /// <summary>Why a revoke posted without script was refused: the API's words.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Why the create form, posted without script, was refused.</summary>
    public Shared.FormErrors CreateErrors { get; private set; } = Shared.FormErrors.None;

    /// <summary>The key just made by the create form posted without script: shown in that answer only, this once.</summary>
    public string? NewKey { get; private set; }

    /// <summary>What was chosen in the create form when it was refused (kept for the person to correct).</summary>
    public CreateApiKeyRequest? Typed { get; private set; }

    /// <summary>What revoking <paramref name="key"/> asks first, with script or without.</summary>
    public static string AskToRevoke(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"Revoke the key “{key.Name}”? Anything that uses it stops working at once.";
    }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        await LoadAsync(accountId);
        Outcome = done == "revoked" ? "The key is revoked: it no longer works anywhere." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? expiresIn)
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        // Ticked boxes as the script path sends them: scopes always a list (none ticked is none, never "all"); workspaces
        // left out when none is ticked. A value that is no id is one the API refuses as not yours.
        var form = Request.HasFormContentType ? await Request.ReadFormAsync() : FormCollection.Empty;
        var request = new CreateApiKeyRequest(
            name,
            expiresIn,
            [.. form["scopes"].OfType<string>()],
            form["workspaceIds"].Count == 0 ? null : [.. form["workspaceIds"].Select(w => Guid.TryParse(w, out var id) ? id : Guid.Empty)]);
        int status;
        var stepUp = await Auth.StepUp.RefusalAsync(HttpContext, adminKeyMay: false);
        if (stepUp is not null)
        {
            // The API's filter refuses the same way (403 step-up-required); the page says it as the prompt above the form does.
            status = StatusCodes.Status403Forbidden;
        }
        else
        {
            var answer = (await ApiKeyEndpoints.CreateAsync(request, User, keys, workspaces, audit, HttpContext)).Result;
            if (answer is Created<CreatedApiKeyResponse> { Value: { } created })
            {
                await LoadAsync(accountId);
                NewKey = created.Key;
                return Page();
            }

            var invalid = (ValidationProblem)answer;
            (status, CreateErrors) = (invalid.StatusCode, Shared.FormErrors.From(invalid.ProblemDetails, "name", "scopes", "workspaceIds", "expiresIn"));
        }

        await LoadAsync(accountId);
        if (stepUp is not null)
        {
            CreateErrors = Shared.FormErrors.Of(StepUp?.Reason ?? stepUp);
        }

        Typed = request;
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? id, bool confirmed)
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        if (!confirmed)
        {
            await LoadAsync(accountId);
            if (Keys.FirstOrDefault(k => k.Id.ToString() == id && StateOf(k) == "active") is not { } key)
            {
                return NotFound();
            }

            Confirm = new Shared.ConfirmStep(AskToRevoke(key), "Revoke", id, $"Yes, revoke “{key.Name}”", PagePath);
            return Page();
        }

        var answer = (await ApiKeyEndpoints.RevokeAsync(id ?? "", User, keys, grains, audit, HttpContext)).Result;
        if (answer is ProblemHttpResult refused)
        {
            await LoadAsync(accountId);
            Refusal = refused.ProblemDetails.Detail ?? refused.ProblemDetails.Title;
            var page = Page();
            page.StatusCode = refused.StatusCode;
            return page;
        }

        return new Shared.SeeOtherResult(PagePath + "?done=revoked");
    }

    private async Task LoadAsync(Guid accountId)
    {
        Keys = await keys.ListAsync(accountId);
        Workspaces = [.. (await workspaces.ForAccountAsync(accountId)).Select(m => m.Workspace)];
        StepUp = await Shared.StepUpPrompt.ForAsync(HttpContext);
        Now = time.GetUtcNow();
        Response.Headers.CacheControl = "no-store";
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
