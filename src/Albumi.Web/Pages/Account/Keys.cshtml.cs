using Albumi.Grains.ApiKeys;
using Albumi.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Account;

/// <summary>The signed-in person's API keys (never a key or its hash), and a form that shows a new key once.</summary>
public sealed class KeysModel(ApiKeyStore keys) : PageModel
{
    public IReadOnlyList<ApiKeyRecord> Keys { get; private set; } = [];

    /// <summary>Set when a new key needs a step-up first: the form to confirm it is you is shown above the key form.</summary>
    public Shared.StepUpPrompt? StepUp { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return Redirect("/signin");
        }

        Keys = await keys.ListAsync(accountId);
        StepUp = await Shared.StepUpPrompt.ForAsync(HttpContext);
        return Page();
    }
}
