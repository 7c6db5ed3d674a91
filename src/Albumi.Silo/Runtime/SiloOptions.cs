using Microsoft.Extensions.Options;

namespace Albumi.Silo.Runtime;

/// <summary>Settings of one node's grain runtime (section <c>Albumi:Node</c>).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Albumi:Node";

    /// <summary>The node's name on the dashboard; the host runs with host name + port when unset.</summary>
    public string? Name { get; set; }

    /// <summary>An activation not called for this long is collected.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the idle collector looks.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the node's heartbeat row is written.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the reminder service looks for due reminders.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a node holds a reminder it is firing before another node may take it.</summary>
    public TimeSpan ReminderLeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many due reminders one poll leases at most (the window held in memory).</summary>
    public int ReminderBatchSize { get; set; } = 50;

    /// <summary>When a reminder handler fails, the reminder is due again after this delay.</summary>
    public TimeSpan ReminderRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts to re-open the LISTEN connection.</summary>
    public TimeSpan ListenReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.CollectionAge), options.CollectionAge);
        Positive(failures, nameof(options.CollectionQuantum), options.CollectionQuantum);
        Positive(failures, nameof(options.HeartbeatInterval), options.HeartbeatInterval);
        Positive(failures, nameof(options.ReminderPollInterval), options.ReminderPollInterval);
        Positive(failures, nameof(options.ReminderRetryDelay), options.ReminderRetryDelay);
        Positive(failures, nameof(options.ListenReconnectMaxDelay), options.ListenReconnectMaxDelay);
        if (options.ReminderLeaseDuration <= options.ReminderPollInterval)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(options.ReminderLeaseDuration)} is {options.ReminderLeaseDuration}; it must be longer than {nameof(options.ReminderPollInterval)} ({options.ReminderPollInterval}).");
        }

        if (options.ReminderBatchSize is < 1 or > 10_000)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(options.ReminderBatchSize)} is {options.ReminderBatchSize}; it must be between 1 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{SiloOptions.SectionName}:{property} is {value}; it must be greater than zero.");
        }
    }
}
