using Albumi.Grains.Audit;
using Albumi.Web.Auth;
using Albumi.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages;

/// <summary>
/// <c>/signout</c>: where the header's sign-out form posts without script (with script it posts to <c>/auth/signout</c>).
/// The same rule (<see cref="ThisSessionSignOut"/>) ends the session, then the browser goes to sign in. As the endpoint
/// requires a session, an API key is refused (403) and a caller without a session has nothing to end (sent to sign in).
/// The post carries the antiforgery token (and, with a session cookie, must come from this site's origin).
/// A GET shows the same button, for a browser that lands here.
/// </summary>
public sealed class SignOutModel(SecurityAuditLog audit) : PageModel
{
    public IActionResult OnGet() => User.GetAccountId() is null ? new SeeOtherResult("/signin") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.IsApiKey())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (User.GetAccountId() is not null)
        {
            await ThisSessionSignOut.RunAsync(HttpContext, audit);
        }

        return new SeeOtherResult("/signin");
    }
}
