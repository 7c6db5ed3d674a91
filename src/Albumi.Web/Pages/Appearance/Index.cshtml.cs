using Albumi.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Appearance;

/// <summary>
/// <c>/appearance</c>: where the header's theme switch posts (a plain form, so it works without script). It keeps the
/// chosen <see cref="ColorMode"/> in a cookie and sends the browser back to the page it came from: a path on this site
/// only; any other return address, or a mode that is not one of the three, is refused with 400 and nothing is set.
/// Cross-site posts are refused before this (<see cref="CrossSiteRequestGuard"/>); the cookie is not a secret, so there is
/// no antiforgery token to carry. A GET shows the same choice as a page.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class IndexModel : PageModel
{
    public string Mode { get; private set; } = ColorMode.Auto;

    public string ReturnTo { get; private set; } = "/workspaces";

    public void OnGet(string? returnUrl)
    {
        Mode = ColorMode.Of(Request);
        ReturnTo = ReturnUrl.IsSafe(returnUrl) ? returnUrl! : "/workspaces";
    }

    public IActionResult OnPost(string? mode, string? returnUrl)
    {
        if (!ColorMode.IsKnown(mode) || !ReturnUrl.IsSafe(returnUrl))
        {
            return BadRequest();
        }

        ColorMode.Remember(Response, mode!);
        return Redirect(returnUrl!);
    }
}
