namespace Albumi.Grains.Audit;

/// <summary>Filters and paging for reading the audit log: all optional but the page size.</summary>
public sealed record AuditQuery(
    IReadOnlyCollection<SecurityEventType>? Types = null,
    Guid? AccountId = null,
    SecurityOutcome? Outcome = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? BeforeId = null,
    int Limit = 50);
