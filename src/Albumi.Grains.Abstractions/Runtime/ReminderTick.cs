namespace Albumi.Grains;

/// <summary>One firing of a reminder: when it was due and when it was delivered.</summary>
public sealed record ReminderTick(DateTimeOffset DueAt, DateTimeOffset FiredAt, TimeSpan? Period);
