using Microsoft.Extensions.Options;

namespace Albumi.Grains.Sessions;

/// <summary>How long sessions live (section <c>Albumi:Sessions</c>).</summary>
public sealed class SessionLifetimeOptions
{
    public const string SectionName = "Albumi:Sessions";

    /// <summary>
    /// A session unused this long expires. The cookie handler slides it (ASP.NET Core's sliding expiration): a request
    /// made after more than half of it has passed since the last renewal renews the session for a full period.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>No session outlives this, however active.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A session's "last seen" time (shown in the owner's list of sessions) is written at most this often.</summary>
    public TimeSpan RenewalWriteInterval { get; set; } = TimeSpan.FromMinutes(5);
}

internal sealed class SessionLifetimeOptionsValidator : IValidateOptions<SessionLifetimeOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionLifetimeOptions options)
    {
        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{SessionLifetimeOptions.SectionName}:IdleTimeout is {options.IdleTimeout}; it must be greater than zero.");
        }

        if (options.AbsoluteTimeout < options.IdleTimeout)
        {
            return ValidateOptionsResult.Fail($"{SessionLifetimeOptions.SectionName}:AbsoluteTimeout is {options.AbsoluteTimeout}; it must be at least IdleTimeout ({options.IdleTimeout}).");
        }

        return options.RenewalWriteInterval < TimeSpan.Zero || options.RenewalWriteInterval >= options.IdleTimeout
            ? ValidateOptionsResult.Fail($"{SessionLifetimeOptions.SectionName}:RenewalWriteInterval is {options.RenewalWriteInterval}; it must be between zero and IdleTimeout ({options.IdleTimeout}).")
            : ValidateOptionsResult.Success;
    }
}
