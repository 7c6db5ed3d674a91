using System.Security.Claims;
using Albumi.Grains.Mfa;
using Albumi.Grains.Time;
using Albumi.Web.Auth;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// What a page with a guarded action (a new API key, invite or share link, deleting a workspace) shows when the session has no recent
/// step-up: why, and a form to confirm it is you (a code when the account has a second factor, else the password).
/// </summary>
public sealed record StepUpPrompt(string Reason, bool SecondFactor)
{
    /// <summary>The prompt for this session now, or null when its step-up is recent.</summary>
    public static async Task<StepUpPrompt?> ForAsync(ClaimsPrincipal user, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(services);
        var totp = services.GetRequiredService<TotpService>();
        var refusal = await StepUp.RefusalAsync(
            user, adminKeyMay: false, totp, services.GetRequiredService<AlbumiClock>(), services.GetRequiredService<IOptions<MfaOptions>>().Value);
        return refusal is null || user.GetAccountId() is not { } account ? null : new StepUpPrompt(refusal, await totp.IsEnabledAsync(account));
    }
}
