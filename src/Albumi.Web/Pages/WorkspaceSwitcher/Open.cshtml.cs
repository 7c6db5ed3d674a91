using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.WorkspaceSwitcher;

/// <summary>
/// Where the header's workspace switcher goes without script (a GET form, <c>?ws={id}</c>): on to that workspace's page,
/// which decides who may see it (404 for anyone else); anything that is not an id goes to the list of workspaces.
/// </summary>
public sealed class OpenModel : PageModel
{
    public IActionResult OnGet(string? ws)
        => Redirect(Guid.TryParseExact(ws, "D", out var id) ? "/workspaces/" + id.ToString("D", CultureInfo.InvariantCulture) : "/workspaces");
}
