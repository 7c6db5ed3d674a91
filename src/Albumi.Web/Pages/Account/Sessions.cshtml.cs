using Albumi.Grains;
using Albumi.Grains.Audit;
using Albumi.Grains.Persistence;
using Albumi.Grains.Sessions;
using Albumi.Grains.Time;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Account;

/// <summary>
/// The signed-in person's live sessions, this device marked; revoking one other session, or all of them. Without script
/// each form posts here: first answered with the question script asks (<see cref="Shared.ConfirmStep"/>), then, confirmed,
/// the API's own revoke (<see cref="MeEndpoints.RevokeSessionAsync"/>, <see cref="SignOutEndpoints.SignOutAllAsync"/>, audit
/// included), a person's session only, as the API's <see cref="RequiresSession"/> allows.
/// </summary>
public sealed class SessionsModel(AlbumiDataSources db, AlbumiClock time, SessionDirectory directory, IGrainFactory grains, SecurityAuditLog audit) : PageModel
{
    public const string AskToSignOutOthers = "Sign out every other device?";

    private const string PagePath = "/account/sessions";

    public IReadOnlyList<SessionResponse> Sessions { get; private set; } = [];

    public string? Outcome { get; private set; }

    /// <summary>Set when a form posted without script waits for its question to be answered: the page shows only that.</summary>
    public Shared.ConfirmStep? Confirm { get; private set; }

    /// <summary>Why a revoke posted without script was refused: the API's words.</summary>
    public string? Refusal { get; private set; }

    /// <summary>What revoking <paramref name="session"/> asks first, with script or without.</summary>
    public static string AskToRevoke(SessionResponse session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return $"Sign out {session.Browser} on {session.Os}, last seen from {session.Ip ?? "an unknown address"}?";
    }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        if (!IsAPerson())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        await LoadAsync();
        Outcome = done switch
        {
            "revoked" => "The session is revoked: that device is signed out.",
            "others" => "Every other device is signed out.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? id, bool confirmed)
    {
        if (!IsAPerson())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        if (!confirmed)
        {
            await LoadAsync();
            var session = Sessions.FirstOrDefault(s => s.Id.ToString() == id);
            if (session is null)
            {
                return NotFound();
            }

            Confirm = new Shared.ConfirmStep(AskToRevoke(session), "Revoke", id, "Yes, sign it out", PagePath);
            return Page();
        }

        var answer = (await MeEndpoints.RevokeSessionAsync(id ?? "", User, directory, audit, HttpContext)).Result;
        if (answer is ProblemHttpResult refused)
        {
            await LoadAsync();
            Refusal = refused.ProblemDetails.Detail ?? refused.ProblemDetails.Title;
            var page = Page();
            page.StatusCode = refused.StatusCode;
            return page;
        }

        return new Shared.SeeOtherResult(PagePath + "?done=revoked");
    }

    public async Task<IActionResult> OnPostSignOutOthersAsync(bool confirmed)
    {
        if (!IsAPerson())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        if (!confirmed)
        {
            await LoadAsync();
            Confirm = new Shared.ConfirmStep(AskToSignOutOthers, "SignOutOthers", null, "Yes, sign out every other device", PagePath);
            return Page();
        }

        await SignOutEndpoints.SignOutAllAsync(User, grains, audit, HttpContext);
        return new Shared.SeeOtherResult(PagePath + "?done=others");
    }

    /// <summary>A person signed in with a session: an API key never manages sessions (the API answers it session-required).</summary>
    private bool IsAPerson() => User.GetAccountId() is not null && !User.IsApiKey();

    private async Task LoadAsync()
    {
        Sessions = (await MeEndpoints.ListSessionsAsync(User, db, time)).Value!;
        Response.Headers.CacheControl = "no-store";
    }
}
