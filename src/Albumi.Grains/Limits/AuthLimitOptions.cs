using Microsoft.Extensions.Options;

namespace Albumi.Grains.Limits;

/// <summary>
/// How many guesses the cluster allows (section <c>Albumi:Auth</c>): password sign-ins per client IP and per account,
/// second-factor checks per account (sign-in codes, step-up, disabling, regenerating, recovery codes: one counter), and
/// failed API-key authentications per client IP. Each is a sliding window counted once for the whole cluster.
/// </summary>
public sealed class AuthLimitOptions
{
    public const string SectionName = "Albumi:Auth";

    /// <summary>Password sign-in attempts one IP address (an IPv6 /64) may make per window.</summary>
    public int SignInAttemptsPerIp { get; set; } = 30;

    /// <summary>Password sign-in attempts against one account per window, from anywhere.</summary>
    public int SignInAttemptsPerAccount { get; set; } = 10;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Second-factor codes (authenticator or recovery) checked for one account per window, wherever they are sent.</summary>
    public int SecondFactorAttemptsPerAccount { get; set; } = 5;

    public TimeSpan SecondFactorWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Requests with an unknown, revoked or expired API key one IP address may make per window.</summary>
    public int FailedApiKeyAttemptsPerIp { get; set; } = 20;

    public TimeSpan FailedApiKeyWindow { get; set; } = TimeSpan.FromMinutes(5);

    public RateLimit SignInPerIp => new(SignInAttemptsPerIp, SignInWindow);

    public RateLimit SignInPerAccount => new(SignInAttemptsPerAccount, SignInWindow);

    public RateLimit SecondFactorPerAccount => new(SecondFactorAttemptsPerAccount, SecondFactorWindow);

    public RateLimit FailedApiKeyPerIp => new(FailedApiKeyAttemptsPerIp, FailedApiKeyWindow);
}

internal sealed class AuthLimitOptionsValidator : IValidateOptions<AuthLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthLimitOptions options)
    {
        var failures = new List<string>();
        foreach (var (setting, limit) in new[]
                 {
                     (nameof(options.SignInAttemptsPerIp), options.SignInPerIp),
                     (nameof(options.SignInAttemptsPerAccount), options.SignInPerAccount),
                     (nameof(options.SecondFactorAttemptsPerAccount), options.SecondFactorPerAccount),
                     (nameof(options.FailedApiKeyAttemptsPerIp), options.FailedApiKeyPerIp),
                 })
        {
            if (limit.Permits < 1 || limit.Window <= TimeSpan.Zero)
            {
                failures.Add($"{AuthLimitOptions.SectionName}: {setting} ({limit.Permits}) must be at least 1 and its window ({limit.Window}) positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
