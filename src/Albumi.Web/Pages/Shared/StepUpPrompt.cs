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
        if (refusal is null || httpContext.User.GetAccountId() is not { } account)
        {
            return null;
        }

        // The API's refusal names the endpoints to call; a person is told what to do on this page instead.
        var secondFactor = await httpContext.RequestServices.GetRequiredService<TotpService>().IsEnabledAsync(account);
        return new StepUpPrompt(
            secondFactor
                ? "This needs you to confirm it is you: enter a code from your authenticator app, or a recovery code. It keeps anyone else who got hold of this browser from doing it."
                : "This needs you to confirm it is you: enter your password again. It keeps anyone else who got hold of this browser from doing it.",
            secondFactor);
    }
}
