using Microsoft.Extensions.Options;

namespace Albumi.Grains.Sessions;

/// <summary>How long sessions live (section <c>Albumi:Sessions</c>).</summary>
public sealed class SessionLifetimeOptions
{
    public const string SectionName = "Albumi:Sessions";

    /// <summary>A session unused this long expires; every request pushes the expiry forward.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>No session outlives this, however active.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The sliding renewal is written to PostgreSQL at most this often per session.</summary>
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
