using System.Text.Json.Nodes;

namespace Albumi.Grains.Catalog;

/// <summary>One row of the activity log: who changed what (an erased account shows as its tombstone), with the field-level diff.</summary>
public sealed record ActivityEntry(
    long Id,
    DateTimeOffset OccurredAt,
    Guid? ActorId,
    string ChangeType,
    string? EntityKind,
    Guid? EntityId,
    Guid? ProposalId,
    bool IsMainline,
    JsonArray Changes,
    string? ActorName = null);
