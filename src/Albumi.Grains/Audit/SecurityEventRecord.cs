namespace Albumi.Grains.Audit;

/// <summary>A recorded security event as read back.</summary>
public sealed record SecurityEventRecord(
    long Id,
    DateTimeOffset OccurredAt,
    SecurityEventType Type,
    SecurityOutcome Outcome,
    Guid? AccountId,
    Guid? WorkspaceId,
    Guid? ActorAccountId,
    string? Ip,
    string? UserAgent,
    string? Provider,
    string? Reason,
    IReadOnlyDictionary<string, string> Metadata);
