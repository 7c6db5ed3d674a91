namespace Albumi.Grains.Accounts;

/// <summary>
/// An account's right to be forgotten, keyed by the account id: a request starts a grace period (cancellable), at the
/// end of which a reminder erases the account's personal data and leaves a tombstone for the activity it authored.
/// </summary>
[Alias("albumi.account-erasure-grain")]
public interface IAccountErasureGrain : IGrainWithGuidKey
{
    /// <summary>Schedules the erasure; refused while the account owns a workspace. Returns when it will happen.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<DateTimeOffset> RequestAsync();

    /// <summary>Cancels a scheduled erasure; false when none was scheduled.</summary>
    [ResponseTimeout(GrainCallDeadlines.Change)]
    Task<bool> CancelAsync();

    /// <summary>When the erasure is scheduled for, or null.</summary>
    Task<DateTimeOffset?> ScheduledAsync();
}
