using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;

namespace Albumi.Web.Pages.Workspace;

/// <summary>
/// A field's value as people read it: text as written, "Yes"/"No", the names of the entities and members an id stands
/// for, "—" for nothing; never JSON.
/// </summary>
public static class FieldText
{
    public const string Nothing = "—";

    /// <summary>What an id that names nothing the caller can see reads as (deleted, purged, or hidden by classification).</summary>
    public const string Unavailable = "(not available)";

    public static string Of(FieldSpec field, JsonNode? value, CatalogNames names)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(names);
        if (value is null || value is JsonArray { Count: 0 })
        {
            return Nothing;
        }

        return field.Type switch
        {
            FieldType.Boolean => value.GetValueKind() == System.Text.Json.JsonValueKind.True ? "Yes" : "No",
            FieldType.Member => Guid.TryParse(Scalar(value), out var member) ? names.Member(member) : Nothing,
            FieldType.Reference or FieldType.References or FieldType.AlbumItems
                => string.Join(", ", CatalogNames.IdsIn(field, value).Select(id => names.Entity(id)?.Name ?? Unavailable)),
            _ => Scalar(value) ?? Nothing,
        };
    }

    private static string? Scalar(JsonNode value) => value is JsonValue text && text.TryGetValue<string>(out var s) ? s : null;
}
