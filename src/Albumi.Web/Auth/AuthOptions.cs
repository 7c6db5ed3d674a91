using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>Sign-in settings (section <c>Albumi:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Albumi:Auth";

    /// <summary>Email + password accounts; on by default only with the embedded database.</summary>
    public bool? LocalAccounts { get; set; }

    /// <summary>Password sign-in attempts one IP address may make per window.</summary>
    public int SignInAttemptsPerIp { get; set; } = 30;

    /// <summary>Password sign-in attempts against one account per window, from anywhere.</summary>
    public int SignInAttemptsPerAccount { get; set; } = 10;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
        => options.SignInAttemptsPerIp < 1 || options.SignInAttemptsPerAccount < 1 || options.SignInWindow <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail(
                $"{AuthOptions.SectionName}: SignInAttemptsPerIp ({options.SignInAttemptsPerIp}) and SignInAttemptsPerAccount ({options.SignInAttemptsPerAccount}) must be at least 1 and SignInWindow ({options.SignInWindow}) positive.")
            : ValidateOptionsResult.Success;
}
