using System.Globalization;
using System.Security.Claims;
using Albumi.Grains.Mfa;
using Albumi.Grains.Time;

namespace Albumi.Web.Auth;

/// <summary>
/// The step-up rule ("sudo mode"), in one place for the API and the pages: changing a credential or a protection needs a
/// session that proved who is at the keyboard within <see cref="MfaOptions.StepUpWindow"/>: by the second factor when
/// the account has one, else by signing in or confirming the password. Freshness is judged against the time of each
/// request, so a cached session snapshot never extends it; a step-up drops every node's copy, so it holds for the next
/// request anywhere.
/// </summary>
public static class StepUp
{
    public const string VerifyCodePath = "/v1/me/mfa/verify";
    public const string ReauthenticatePath = "/v1/me/reauthenticate";

    /// <summary>
    /// Why the caller of this request must step up first, or null when it may go ahead: the one check the filter
    /// (<see cref="RequiresStepUp"/>), handlers whose rule depends on the body (a role raised, 2FA turned off, an import
    /// that invites) and the pages use.
    /// </summary>
    public static Task<string?> RefusalAsync(HttpContext httpContext, bool adminKeyMay)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var services = httpContext.RequestServices;
        return RefusalAsync(httpContext.User, adminKeyMay, services.GetRequiredService<TotpService>(), services.GetRequiredService<AlbumiClock>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MfaOptions>>().Value);
    }

    /// <summary>
    /// Why the caller must step up first, or null when it may go ahead. <paramref name="adminKeyMay"/>: whether an API
    /// key with the admin scope may do this too (workspace ownership and deletion).
    /// </summary>
    public static async Task<string?> RefusalAsync(ClaimsPrincipal user, bool adminKeyMay, TotpService totp, AlbumiClock clock, MfaOptions options)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(totp);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        if (user.IsApiKey())
        {
            return adminKeyMay && user.HasScope(ApiKeyScope.Admin) ? null : "An API key cannot do this: sign in with a session and confirm it is you.";
        }

        if (user.GetAccountId() is not { } account)
        {
            return "Sign in first.";
        }

        var window = options.StepUpWindow;
        var since = await totp.EnabledSinceAsync(account);
        if (IsPassed(user, since, clock.GetUtcNow(), window))
        {
            return null;
        }

        return since is not null
            ? $"This needs a session that passed your second factor in the last {Describe(window)}: verify a code at POST {VerifyCodePath}, then try again."
            : $"This needs a session that signed in within the last {Describe(window)}: confirm your password at POST {ReauthenticatePath} "
              + "(an account without a password signs in again with its provider), then try again.";
    }

    /// <summary>
    /// Whether this session stepped up recently enough, given when the account's second factor was (last) turned on
    /// (<paramref name="secondFactorSince"/>, null when it has none): the rule itself, for a caller that read that already.
    /// </summary>
    public static bool IsPassed(ClaimsPrincipal user, DateTimeOffset? secondFactorSince, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(user);

        // Passed since the second factor was (last) turned on: a pass of a factor since turned off and replaced is not one.
        return secondFactorSince is { } since
            ? IsRecent(user.GetSecondFactorAt(), now, window) && user.PassedSecondFactorSince(since)
            : IsRecent(user.GetAuthenticatedAt(), now, window);
    }

    private static bool IsRecent(DateTimeOffset? at, DateTimeOffset now, TimeSpan window) => at is { } time && now - time < window;

    private static string Describe(TimeSpan window)
        => window.TotalMinutes >= 1 && window.TotalMinutes == Math.Floor(window.TotalMinutes)
            ? window.TotalMinutes == 1 ? "minute" : string.Create(CultureInfo.InvariantCulture, $"{window.TotalMinutes} minutes")
            : string.Create(CultureInfo.InvariantCulture, $"{window.TotalSeconds} seconds");
}
