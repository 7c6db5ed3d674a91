using System.Text.Json.Nodes;

namespace Albumi.Grains.Catalog;

/// <summary>One field of an entity kind: its name in JSON, its type and the rules its values follow.</summary>
public sealed record FieldSpec(string Name, FieldType Type)
{
    public int MaxLength { get; init; } = 200;

    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The kind (its path segment) a <see cref="FieldType.Reference"/> or <see cref="FieldType.References"/> points at.</summary>
    public string? Target { get; init; }

    /// <summary>Must be given on create and cannot be cleared.</summary>
    public bool Required { get; init; }

    /// <summary>For a parent reference: following it must never lead back to the entity itself.</summary>
    public bool Acyclic { get; init; }

    /// <summary>May hold a credential or a hint to one: the activity log records that it changed, never its values.</summary>
    public bool Sensitive { get; init; }

    /// <summary>
    /// May leave through a share link. Fields are private unless marked here, so a field added later stays out of
    /// anonymised views until someone decides otherwise.
    /// </summary>
    public bool Public { get; init; }

    public string? DefaultChoice { get; init; }

    public int MaxItems { get; init; } = 500;

    /// <summary>The value a new entity has when the field is not given.</summary>
    public JsonNode? Default() => Type switch
    {
        FieldType.Boolean => JsonValue.Create(false),
        FieldType.References or FieldType.AlbumItems => new JsonArray(),
        FieldType.Choice when DefaultChoice is not null => JsonValue.Create(DefaultChoice),
        _ => null,
    };
}
