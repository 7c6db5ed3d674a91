using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>Two-factor enforcement and step-up (section <c>Albumi:Mfa</c>).</summary>
public sealed class MfaOptions
{
    public const string SectionName = "Albumi:Mfa";

    /// <summary>Owners reach their workspaces only with 2FA on. Operators may relax it (for example for a trial).</summary>
    public bool RequiredForOwners { get; set; } = true;

    /// <summary>
    /// How recently a session must have passed the second factor (or, for an account without one, signed in or confirmed
    /// its password) to create API keys, change the second factor, request erasure, transfer ownership or delete a
    /// workspace: GitHub's "sudo mode".
    /// </summary>
    public TimeSpan StepUpWindow { get; set; } = TimeSpan.FromMinutes(10);
}

internal sealed class MfaOptionsValidator : IValidateOptions<MfaOptions>
{
    public ValidateOptionsResult Validate(string? name, MfaOptions options)
        => options.StepUpWindow <= TimeSpan.Zero || options.StepUpWindow > TimeSpan.FromHours(12)
            ? ValidateOptionsResult.Fail($"{MfaOptions.SectionName}: StepUpWindow ({options.StepUpWindow}) must be positive and at most 12 hours.")
            : ValidateOptionsResult.Success;
}
