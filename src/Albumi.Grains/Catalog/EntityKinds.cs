using System.Collections.Frozen;

namespace Albumi.Grains.Catalog;

/// <summary>Every kind of entity the catalogue holds, with its fields. This table is the catalogue's schema.</summary>
public static class EntityKinds
{
    public const int MaxLongText = 10_000;

    public static readonly IReadOnlyList<string> Statuses = ["planned", "active", "phasing-out", "retired"];

    public static readonly IReadOnlyList<string> Classifications = ["public", "internal", "confidential", "restricted"];

    private static readonly FieldSpec[] Common =
    [
        new("name", FieldType.Text) { Required = true, Public = true },
        new("description", FieldType.Text) { MaxLength = MaxLongText, Public = true },
        new("status", FieldType.Choice) { Choices = Statuses, DefaultChoice = "active", Public = true },
        new("assigneeId", FieldType.Member),
    ];

    public static readonly EntityKind Applications = Kind("applications", "application",
        new FieldSpec("gdprRelevant", FieldType.Boolean),
        new FieldSpec("soxRelevant", FieldType.Boolean),
        new FieldSpec("pciDssRelevant", FieldType.Boolean),
        new FieldSpec("organisationId", FieldType.Reference) { Target = "organisations", Public = true },
        new FieldSpec("capabilityIds", FieldType.References) { Target = "capabilities", Public = true });

    public static readonly EntityKind Integrations = Kind("integrations", "integration",
        new FieldSpec("sourceApplicationId", FieldType.Reference) { Target = "applications", Required = true, Public = true },
        new FieldSpec("targetApplicationId", FieldType.Reference) { Target = "applications", Required = true, Public = true },
        new FieldSpec("transformationNotes", FieldType.Text) { MaxLength = MaxLongText },
        new FieldSpec("middlewareIds", FieldType.References) { Target = "it-components" },
        new FieldSpec("dataObjectIds", FieldType.References) { Target = "data-objects" });

    public static readonly EntityKind Interfaces = Kind("interfaces", "interface",
        new FieldSpec("integrationId", FieldType.Reference) { Target = "integrations", Required = true, Public = true },
        new FieldSpec("endpoint", FieldType.Text) { MaxLength = 2000 },
        new FieldSpec("authentication", FieldType.Text) { MaxLength = 500, Sensitive = true });

    public static readonly EntityKind DataObjects = Kind("data-objects", "data object",
        new FieldSpec("piiFlag", FieldType.Boolean),
        new FieldSpec("pciFlag", FieldType.Boolean),
        new FieldSpec("classification", FieldType.Choice) { Choices = Classifications, DefaultChoice = "internal" });

    public static readonly EntityKind Capabilities = Kind("capabilities", "capability",
        new FieldSpec("parentId", FieldType.Reference) { Target = "capabilities", Acyclic = true, Public = true });

    public static readonly EntityKind ItComponents = Kind("it-components", "IT component",
        new FieldSpec("vendor", FieldType.Text) { Public = true },
        new FieldSpec("productVersion", FieldType.Text) { MaxLength = 100, Public = true },
        new FieldSpec("endOfLife", FieldType.Date) { Public = true });

    public static readonly EntityKind Initiatives = Kind("initiatives", "initiative",
        new FieldSpec("startDate", FieldType.Date) { Public = true },
        new FieldSpec("endDate", FieldType.Date) { Public = true },
        new FieldSpec("applicationIds", FieldType.References) { Target = "applications", Public = true });

    public static readonly EntityKind Organisations = Kind("organisations", "organisation",
        new FieldSpec("parentId", FieldType.Reference) { Target = "organisations", Acyclic = true, Public = true });

    public static readonly EntityKind Albums = Kind("albums", "album",
        new FieldSpec("items", FieldType.AlbumItems) { MaxItems = 1000, Public = true });

    public static readonly IReadOnlyList<EntityKind> All =
        [Applications, Integrations, Interfaces, DataObjects, Capabilities, ItComponents, Initiatives, Organisations, Albums];

    private static readonly FrozenDictionary<string, EntityKind> BySegment = All.ToFrozenDictionary(k => k.Segment, StringComparer.Ordinal);

    public static bool TryFind(string? segment, out EntityKind kind)
    {
        kind = null!;
        return segment is not null && BySegment.TryGetValue(segment, out kind!);
    }

    public static EntityKind Find(string segment)
        => TryFind(segment, out var kind) ? kind : throw new ArgumentException($"No entity kind {segment}.", nameof(segment));

    private static EntityKind Kind(string segment, string singular, params FieldSpec[] own) => new(segment, singular, [.. Common, .. own]);
}
