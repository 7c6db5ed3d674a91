using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>
/// OpenAPI schemas of catalogue entities, built from the catalogue's field table (<see cref="EntityKinds"/>) so the
/// document and the checks the catalogue makes cannot drift apart: one schema for an entity as read, one for creating
/// it (required fields required) and one for changing it (every field optional; null clears an optional field).
/// </summary>
internal static class CatalogSchemas
{
    public static string EntityId(EntityKind kind) => Pascal(kind.Segment);

    public static string CreateId(EntityKind kind) => Pascal(kind.Segment) + "Create";

    public static string PatchId(EntityKind kind) => Pascal(kind.Segment) + "Patch";

    /// <summary>Adds the kind's three schemas to the document's components once.</summary>
    public static void Register(OpenApiDocument document, EntityKind kind)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (document.Components.Schemas.ContainsKey(EntityId(kind)))
        {
            return;
        }

        var read = new Dictionary<string, IOpenApiSchema>
        {
            ["id"] = Uuid(),
            ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(kind.Segment)] },
        };
        foreach (var field in kind.Fields)
        {
            read[field.Name] = Field(field, forInput: false);
        }

        read["version"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "Send it back in If-Match to change or delete only this version." };
        read["createdAt"] = Time();
        read["updatedAt"] = Time();
        read["createdBy"] = Uuid(nullable: true);
        document.Components.Schemas[EntityId(kind)] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"{kind.WithArticle} of the catalogue.",
            Properties = read,
            Required = new HashSet<string>(["id", "kind", .. kind.Fields.Select(f => f.Name), "version", "createdAt", "updatedAt"]),
        };

        var input = kind.Fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)Field(f, forInput: true));
        document.Components.Schemas[CreateId(kind)] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"A new {kind.Singular}: fields left out take their defaults.",
            Properties = input,
            Required = new HashSet<string>(kind.Fields.Where(f => f.Required).Select(f => f.Name)),
            AdditionalPropertiesAllowed = false,
        };
        document.Components.Schemas[PatchId(kind)] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"Changes to {kind.WithArticleInSentence}: only the fields given change; null clears an optional field.",
            Properties = kind.Fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)Field(f, forInput: true)),
            AdditionalPropertiesAllowed = false,
        };
    }

    public static OpenApiSchema Uuid(bool nullable = false)
        => new() { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Format = "uuid" };

    public static OpenApiSchema Time(bool nullable = false)
        => new() { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Format = "date-time" };

    private static OpenApiSchema Field(FieldSpec field, bool forInput)
    {
        var nullable = !field.Required;
        var schema = field.Type switch
        {
            FieldType.Text => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = field.MaxLength, MinLength = field.Required && forInput ? 1 : null },
            FieldType.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            FieldType.Choice => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. field.Choices.Select(c => (JsonNode)JsonValue.Create(c))] },
            FieldType.Date => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
            FieldType.Reference or FieldType.Member => Uuid(),
            FieldType.References => new OpenApiSchema { Type = JsonSchemaType.Array, Items = Uuid(), UniqueItems = true, MaxItems = field.MaxItems },
            _ => new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MaxItems = field.MaxItems,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. EntityKinds.All.Where(k => k != EntityKinds.Albums).Select(k => (JsonNode)JsonValue.Create(k.Segment))] },
                        ["id"] = Uuid(),
                    },
                    Required = new HashSet<string> { "kind", "id" },
                },
            },
        };
        if (nullable && field.Type is not (FieldType.Boolean or FieldType.References or FieldType.AlbumItems))
        {
            schema.Type |= JsonSchemaType.Null;
            if (schema.Enum is { Count: > 0 })
            {
                schema.Enum.Add(null!);
            }
        }

        return schema;
    }

    private static string Pascal(string segment)
        => string.Concat(segment.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
