using Albumi.Grains.Audit;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Account;

/// <summary>The signed-in person's sign-ins and their failed or blocked attempts, as <c>/v1/me/login-history</c> and alerts give them.</summary>
public sealed class HistoryModel(SecurityAuditLog audit) : PageModel
{
    public IReadOnlyList<SecurityEventResponse> SignIns { get; private set; } = [];

    public IReadOnlyList<SecurityEventResponse> Alerts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        SignIns = [.. (await audit.ForAccountAsync(accountId, [SecurityEventType.SignIn], false, 50, null)).Select(SecurityEventResponse.From)];
        Alerts = [.. (await audit.ForAccountAsync(accountId, null, true, 50, null)).Select(SecurityEventResponse.From)];
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
