using System.Text.Json.Nodes;

namespace Albumi.Grains.Catalog;

/// <summary>An entity as stored: every field of its kind in <see cref="Values"/>, plus its bookkeeping.</summary>
public sealed record CatalogEntity(
    Guid Id,
    EntityKind Kind,
    IReadOnlyDictionary<string, JsonNode?> Values,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid? CreatedBy,
    DateTimeOffset? DeletedAt)
{
    public string Name => Values.TryGetValue("name", out var value) ? value?.GetValue<string>() ?? "" : "";

    public string? Classification => Values.TryGetValue("classification", out var value) ? value?.GetValue<string>() : null;
}
