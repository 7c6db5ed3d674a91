using Albumi.Grains;

namespace Albumi.Silo.Reminders;

/// <summary>A due reminder this node has leased; the token proves the lease is still ours when we complete it.</summary>
internal sealed record LeasedReminder(GrainId GrainId, string Name, DateTimeOffset DueAt, TimeSpan? Period, Guid LeaseToken);
