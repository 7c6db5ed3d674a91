using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Account;

/// <summary>The signed-in person's live sessions, and "log out other devices".</summary>
public sealed class SessionsModel(AlbumiDataSources db, AlbumiClock time) : PageModel
{
    public IReadOnlyList<SessionResponse> Sessions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.GetAccountId() is null || User.IsApiKey())
        {
            return Redirect("/signin");
        }

        Sessions = (await MeEndpoints.ListSessionsAsync(User, db, time)).Value!;
        return Page();
    }
}
