using System.Text.Json.Nodes;
using Albumi.Web.Ops;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages;

/// <summary>The operator dashboard; for platform operators only, a 404 for everyone else.</summary>
public sealed class OpsModel(OperatorStatus status) : PageModel
{
    public JsonObject? Status { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await OpsEndpoints.IsOperatorAsync(User, status))
        {
            return NotFound();
        }

        Status = await status.ReadAsync();
        return Page();
    }
}
