using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Grains.Mfa;
using Albumi.Grains.Workspaces;
using Albumi.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Account;

/// <summary>
/// Two-factor authentication: its state, the guided set-up (QR code and key, a code to confirm, recovery codes shown
/// once), new recovery codes and turning it off. The changes are the API's (<c>/v1/me/mfa/…</c>), each behind the
/// step-up, whose prompt this page shows. A workspace page refused for want of a second factor sends the browser here
/// with <c>returnUrl</c>, offered as the way back once the session has passed it.
/// </summary>
public sealed class SecurityModel(TotpService totp, IGrainFactory grains) : PageModel
{
    public const string PagePath = "/account/security";

    public DateTimeOffset? EnabledSince { get; private set; }

    /// <summary>Whether this session passed the second factor since it was turned on (what a workspace requiring it asks).</summary>
    public bool SessionPassed { get; private set; }

    /// <summary>Owners keep two-factor on: the page says so instead of offering to turn it off.</summary>
    public bool OwnsAWorkspace { get; private set; }

    /// <summary>Where the person was going (a host-relative path), or null.</summary>
    public string? ReturnUrl { get; private set; }

    public Shared.StepUpPrompt? StepUp { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        if (User.GetAccountId() is not { } accountId || User.IsApiKey())
        {
            return new Shared.RedirectWithReturnResult("/signin");
        }

        ReturnUrl = Auth.ReturnUrl.IsSafe(returnUrl) ? returnUrl : null;
        EnabledSince = await totp.EnabledSinceAsync(accountId);
        SessionPassed = EnabledSince is { } since && User.PassedSecondFactorSince(since);
        OwnsAWorkspace = (await grains.GetGrain<IAccountGrain>(accountId).GetMembershipsAsync()).Any(m => m.Role == WorkspaceRole.Owner);
        StepUp = await Shared.StepUpPrompt.ForAsync(HttpContext);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
