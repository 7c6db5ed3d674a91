using Albumi.Grains.Mfa;
using Albumi.Web.Auth;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// What a page with a guarded action (a new API key, invite or share link, raising a role, turning a workspace's 2FA off, deleting a workspace) shows when the session has no recent
/// step-up: why, and a form to confirm it is you (a code when the account has a second factor, else the password).
/// </summary>
public sealed record StepUpPrompt(string Reason, bool SecondFactor)
{
    /// <summary>The prompt for this session now, or null when its step-up is recent.</summary>
    public static async Task<StepUpPrompt?> ForAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var refusal = await StepUp.RefusalAsync(httpContext, adminKeyMay: false);
        return refusal is null || httpContext.User.GetAccountId() is not { } account ? null
            : new StepUpPrompt(refusal, await httpContext.RequestServices.GetRequiredService<TotpService>().IsEnabledAsync(account));
    }
}
