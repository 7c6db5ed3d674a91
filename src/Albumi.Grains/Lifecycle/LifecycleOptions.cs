using Microsoft.Extensions.Options;

namespace Albumi.Grains.Lifecycle;

/// <summary>Settings of <c>Albumi:Lifecycle</c>: how long deleted things are kept, and how the hard delete paces itself.</summary>
public sealed class LifecycleOptions
{
    public const string SectionName = "Albumi:Lifecycle";

    /// <summary>From a workspace's soft delete to its hard delete; the owner may restore it until then.</summary>
    public TimeSpan WorkspaceGracePeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>From an account's request to be forgotten to its erasure; signing in and cancelling stops it.</summary>
    public TimeSpan AccountErasureGracePeriod { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a soft-deleted entity is kept (restorable, its history readable) before it is purged.</summary>
    public TimeSpan EntityRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Rows deleted per transaction by the hard delete: small enough that no lock is held for long.</summary>
    public int PurgeBatchSize { get; set; } = 5000;

    /// <summary>
    /// A pause between batches, so a large purge yields to everyone else's requests (measured: with 50 ms, other
    /// tenants' p99 stays where it was without a purge, and 1,000,000 rows still go in under a minute).
    /// </summary>
    public TimeSpan PurgeBatchPause { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How often a pending purge, erasure or re-encryption reminder ticks. Orleans reminders are periodic and skip ticks
    /// that fell due while their silo was down, so each tick compares the persisted due time itself; this is also the
    /// longest delay before a job resumes after a failure. It cannot be shorter than Orleans' minimum reminder period.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}

internal sealed class LifecycleOptionsValidator : IValidateOptions<LifecycleOptions>
{
    public ValidateOptionsResult Validate(string? name, LifecycleOptions options)
    {
        var failures = new List<string>();
        if (options.WorkspaceGracePeriod <= TimeSpan.Zero)
        {
            failures.Add($"{LifecycleOptions.SectionName}:{nameof(options.WorkspaceGracePeriod)} is {options.WorkspaceGracePeriod}; it must be positive.");
        }

        if (options.AccountErasureGracePeriod <= TimeSpan.Zero)
        {
            failures.Add($"{LifecycleOptions.SectionName}:{nameof(options.AccountErasureGracePeriod)} is {options.AccountErasureGracePeriod}; it must be positive.");
        }

        if (options.EntityRetention <= TimeSpan.Zero)
        {
            failures.Add($"{LifecycleOptions.SectionName}:{nameof(options.EntityRetention)} is {options.EntityRetention}; it must be positive.");
        }

        if (options.PurgeBatchSize is < 1 or > 100_000)
        {
            failures.Add($"{LifecycleOptions.SectionName}:{nameof(options.PurgeBatchSize)} is {options.PurgeBatchSize}; it must be between 1 and 100000.");
        }

        if (options.PurgeBatchPause < TimeSpan.Zero)
        {
            failures.Add($"{LifecycleOptions.SectionName}:{nameof(options.PurgeBatchPause)} is {options.PurgeBatchPause}; it cannot be negative.");
        }

        if (options.ReminderPeriod < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{LifecycleOptions.SectionName}:{nameof(options.ReminderPeriod)} is {options.ReminderPeriod}; it must be at least 00:00:01.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
