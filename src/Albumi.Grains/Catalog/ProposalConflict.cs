using System.Text.Json.Nodes;

namespace Albumi.Grains.Catalog;

/// <summary>
/// A mainline change made since a draft touched an entity that the draft would overwrite: the field, its value when
/// the draft touched it, its value on the mainline now, and what the draft would set.
/// </summary>
public sealed record ProposalConflict(Guid EntityId, string Kind, string? Field, string Reason, JsonNode? Base, JsonNode? Mainline, JsonNode? Proposed);
