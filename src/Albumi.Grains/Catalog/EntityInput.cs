using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Albumi.Grains.Catalog;

/// <summary>
/// Checks a create or patch body against its kind's fields, without the database: unknown fields, wrong types, lengths,
/// choices, dates and id formats. Every problem is reported against the field's JSON path; nothing is half accepted.
/// </summary>
public static class EntityInput
{
    private static readonly HashSet<string> ReadOnly = ["id", "kind", "version", "createdAt", "updatedAt", "createdBy", "deletedAt", "workspaceId"];

    /// <summary>The fields of <paramref name="body"/> as values, or the errors that refuse it.</summary>
    /// <remarks><paramref name="skip"/> names properties that are not fields, read by the caller (an import's id, kind and times).</remarks>
    public static Dictionary<string, JsonNode?> Parse(EntityKind kind, JsonElement body, bool creating, IReadOnlySet<string>? skip = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var errors = new CatalogErrors();
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", $"The body must be a JSON object with the fields of {kind.WithArticleInSentence}.");
            throw errors.ToException();
        }

        foreach (var property in body.EnumerateObject())
        {
            var name = property.Name;
            if (skip?.Contains(name) == true)
            {
                continue;
            }

            if (kind.Field(name) is not { } field)
            {
                errors.Add(name, ReadOnly.Contains(name) ? "This field is read-only." : $"{kind.WithArticle} has no field {name}.");
                continue;
            }

            if (values.ContainsKey(field.Name))
            {
                errors.Add(field.Name, "The field is given twice.");
                continue;
            }

            values[field.Name] = Read(field, property.Value, errors, field.Name);
        }

        foreach (var field in kind.RequiredFields)
        {
            var given = values.TryGetValue(field.Name, out var value);
            if ((creating && !given) || (given && value is null && !errors.Has(field.Name)))
            {
                errors.Add(field.Name, "This field is required.");
            }
        }

        if (!creating && values.Count == 0 && errors.IsEmpty)
        {
            errors.Add("$", "Give at least one field to change.");
        }

        errors.ThrowIfAny();
        return values;
    }

    /// <summary>Rules across fields, checked on the entity as it would be after the change.</summary>
    public static void CheckWhole(EntityKind kind, Guid id, IReadOnlyDictionary<string, JsonNode?> entity)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(entity);
        var errors = new CatalogErrors();
        if (kind == EntityKinds.Integrations && Text(entity, "sourceApplicationId") is { } source && source == Text(entity, "targetApplicationId"))
        {
            errors.Add("targetApplicationId", "An integration connects two different applications.");
        }

        if (kind == EntityKinds.Initiatives && Text(entity, "startDate") is { } start && Text(entity, "endDate") is { } end
            && string.CompareOrdinal(end, start) < 0)
        {
            errors.Add("endDate", "The end date is before the start date.");
        }

        foreach (var field in kind.Fields.Where(f => f.Acyclic))
        {
            if (Text(entity, field.Name) is { } parent && Guid.Parse(parent) == id)
            {
                errors.Add(field.Name, $"{kind.WithArticle} cannot be its own parent.");
            }
        }

        errors.ThrowIfAny();
    }

    private static string? Text(IReadOnlyDictionary<string, JsonNode?> entity, string name)
        => entity.TryGetValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? Read(FieldSpec field, JsonElement value, CatalogErrors errors, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (field.Type is FieldType.Boolean or FieldType.References or FieldType.AlbumItems || (field.Type == FieldType.Choice && field.DefaultChoice is not null))
            {
                errors.Add(path, "This field cannot be null.");
            }

            return null;
        }

        switch (field.Type)
        {
            case FieldType.Boolean:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return JsonValue.Create(value.GetBoolean());
                }

                errors.Add(path, "Expected true or false.");
                return null;
            case FieldType.Text:
                return ReadText(field, value, errors, path);
            case FieldType.Choice:
                if (value.ValueKind == JsonValueKind.String && field.Choices.Contains(value.GetString()!))
                {
                    return JsonValue.Create(value.GetString());
                }

                errors.Add(path, $"Expected one of: {string.Join(", ", field.Choices)}.");
                return null;
            case FieldType.Date:
                if (value.ValueKind == JsonValueKind.String
                    && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                errors.Add(path, "Expected a date as yyyy-MM-dd.");
                return null;
            case FieldType.Reference or FieldType.Member:
                return ReadId(value, errors, path) is { } id ? JsonValue.Create(id.ToString("D")) : null;
            case FieldType.References:
                return ReadIds(field, value, errors, path);
            default:
                return ReadAlbumItems(field, value, errors, path);
        }
    }

    private static JsonValue? ReadText(FieldSpec field, JsonElement value, CatalogErrors errors, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, "Expected a string.");
            return null;
        }

        var text = value.GetString()!.Trim();
        var multiline = field.MaxLength > 200;
        if (text.Length > field.MaxLength)
        {
            errors.Add(path, $"At most {field.MaxLength} characters.");
        }
        else if (field.Required && text.Length == 0)
        {
            errors.Add(path, "This field cannot be empty.");
        }
        else if (HasControl(text, multiline))
        {
            errors.Add(path, "Control characters are not allowed.");
        }
        else
        {
            return text.Length == 0 ? null : JsonValue.Create(text);
        }

        return null;
    }

    private static bool HasControl(string text, bool multiline)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    private static Guid? ReadId(JsonElement value, CatalogErrors errors, string path)
    {
        if (value.ValueKind == JsonValueKind.String && Guid.TryParseExact(value.GetString(), "D", out var id) && id != Guid.Empty)
        {
            return id;
        }

        errors.Add(path, "Expected an id (a UUID string).");
        return null;
    }

    private static JsonArray? ReadIds(FieldSpec field, JsonElement value, CatalogErrors errors, string path)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > field.MaxItems)
        {
            errors.Add(path, $"Expected a list of at most {field.MaxItems} ids.");
            return null;
        }

        var ids = new List<Guid>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (ReadId(item, errors, itemPath) is { } id)
            {
                if (ids.Contains(id))
                {
                    errors.Add(itemPath, "This id is listed twice.");
                }

                ids.Add(id);
            }
        }

        return [.. ids.Distinct().Select(id => JsonValue.Create(id.ToString("D")))];
    }

    private static JsonArray? ReadAlbumItems(FieldSpec field, JsonElement value, CatalogErrors errors, string path)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > field.MaxItems)
        {
            errors.Add(path, $"Expected a list of at most {field.MaxItems} {{kind, id}} items.");
            return null;
        }

        var items = new JsonArray();
        var seen = new HashSet<Guid>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("kind", out var kindValue) || !item.TryGetProperty("id", out var idValue))
            {
                errors.Add(itemPath, "Expected an object with kind and id.");
                continue;
            }

            var kind = kindValue.ValueKind == JsonValueKind.String && EntityKinds.TryFind(kindValue.GetString(), out var found) ? found : null;
            var known = kind is not null && kind != EntityKinds.Albums;
            if (!known)
            {
                errors.Add(itemPath + ".kind", kind is null ? "Unknown kind." : "An album cannot contain albums.");
            }

            if (ReadId(idValue, errors, itemPath + ".id") is { } id)
            {
                if (!seen.Add(id))
                {
                    errors.Add(itemPath + ".id", "This entity is listed twice.");
                }

                if (known)
                {
                    items.Add(new JsonObject { ["kind"] = kindValue.GetString(), ["id"] = id.ToString("D") });
                }
            }
        }

        return items;
    }
}
