using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Invites;

/// <summary>
/// Where an invitation's link opens: a signed-out person is sent to sign in (or sign up) and brought back; a signed-in
/// one accepts with one button (<c>POST /v1/invites/{token}/accept</c>, the address built from this page's own) and the
/// workspace opens. The page names no workspace or role and never writes the token into itself: only accepting proves
/// the invite is for this account, so before that it tells a wrong account nothing, and every token gets the same page.
/// A refusal is the API's one answer for every unusable invite, shown in words.
/// </summary>
public sealed class AcceptModel(IGrainFactory grains) : PageModel
{
    public string Email { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        Email = (await grains.GetGrain<IAccountGrain>(accountId).GetProfileAsync())?.Email ?? "";
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
