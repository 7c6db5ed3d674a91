using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Account;

/// <summary>The signed-in person's live sessions, this device marked; revoking one other session, or all of them.</summary>
public sealed class SessionsModel(AlbumiDataSources db, AlbumiClock time) : PageModel
{
    public IReadOnlyList<SessionResponse> Sessions { get; private set; } = [];

    public string? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        if (User.GetAccountId() is null || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        Sessions = (await MeEndpoints.ListSessionsAsync(User, db, time)).Value!;
        Outcome = done switch
        {
            "revoked" => "The session is revoked: that device is signed out.",
            "others" => "Every other device is signed out.",
            _ => null,
        };
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
