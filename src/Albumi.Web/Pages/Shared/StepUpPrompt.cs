using Albumi.Grains.Mfa;
using Albumi.Grains.Time;
using Albumi.Web.Auth;
using Microsoft.Extensions.Options;

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
        var user = httpContext.User;
        if (user.IsApiKey() || user.GetAccountId() is not { } account)
        {
            return null;
        }

        // The step-up rule itself, on one read of the second factor (which also picks the form to show). The API's refusal
        // names the endpoints to call; a person is told what to do on this page instead.
        var services = httpContext.RequestServices;
        var since = await services.GetRequiredService<TotpService>().EnabledSinceAsync(account);
        if (StepUp.IsPassed(user, since, services.GetRequiredService<AlbumiClock>().GetUtcNow(), services.GetRequiredService<IOptions<MfaOptions>>().Value.StepUpWindow))
        {
            return null;
        }

        var secondFactor = since is not null;
        return new StepUpPrompt(
            secondFactor
                ? "This needs you to confirm it is you: enter a code from your authenticator app, or a recovery code. It keeps anyone else who got hold of this browser from doing it."
                : "This needs you to confirm it is you: enter your password again. It keeps anyone else who got hold of this browser from doing it.",
            secondFactor);
    }
}
