using System.Net;

namespace Albumi.Grains.Audit;

/// <summary>
/// One security event to record. Every field is typed, so no secret can ride along by accident: there is no field for a
/// password, session id, token or key. <see cref="Metadata"/> holds only named, non-secret details.
/// </summary>
public sealed record SecurityEvent(
    SecurityEventType Type,
    SecurityOutcome Outcome,
    Guid? AccountId = null,
    Guid? WorkspaceId = null,
    Guid? ActorAccountId = null,
    IPAddress? Ip = null,
    string? UserAgent = null,
    string? Provider = null,
    string? Reason = null,
    IReadOnlyDictionary<string, string>? Metadata = null);
