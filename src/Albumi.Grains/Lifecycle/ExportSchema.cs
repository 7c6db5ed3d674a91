using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;

namespace Albumi.Grains.Lifecycle;

/// <summary>
/// The JSON Schema (draft 2020-12) of the workspace export, built from the catalogue's own field table so the two
/// never drift apart. Formats are spelled as patterns, so any validator checks them without format plug-ins.
/// </summary>
public static class ExportSchema
{
    public const string Path = "/schemas/workspace-export.v1.json";
    public const string Format = "albumi.workspace-export";
    public const int Version = 1;

    /// <summary>Fields that name accounts; the export names people by email in <c>members</c> only.</summary>
    public static readonly IReadOnlySet<string> NotExported = new HashSet<string> { "assigneeId" };

    private const string UuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    private const string TimePattern = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
    private const string DatePattern = "^\\d{4}-\\d{2}-\\d{2}$";

    public static JsonObject Build()
    {
        var defs = new JsonObject
        {
            ["uuid"] = new JsonObject { ["type"] = "string", ["pattern"] = UuidPattern },
            ["time"] = new JsonObject { ["type"] = "string", ["pattern"] = TimePattern },
        };
        foreach (var kind in EntityKinds.All)
        {
            defs[kind.Segment] = Entity(kind);
        }

        var roles = new JsonArray("owner", "admin", "editor", "viewer");
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://albumi.dev" + Path,
            ["title"] = "Albumi workspace export, version 1",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("format", "version", "exportedAt", "workspace", "members", "entities", "comments"),
            ["properties"] = new JsonObject
            {
                ["format"] = new JsonObject { ["const"] = Format },
                ["version"] = new JsonObject { ["const"] = Version },
                ["exportedAt"] = Ref("time"),
                ["workspace"] = Object(
                    new JsonObject
                    {
                        ["id"] = Ref("uuid"),
                        ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 200 },
                        ["requireMfa"] = new JsonObject { ["type"] = "boolean" },
                        ["classificationPolicy"] = Object(
                            new JsonObject(EntityKinds.Classifications.Select(c => KeyValuePair.Create(c, (JsonNode?)new JsonObject { ["enum"] = roles.DeepClone() }))),
                            []),
                    },
                    ["id", "name", "requireMfa", "classificationPolicy"]),
                ["members"] = Array(Object(
                    new JsonObject
                    {
                        ["email"] = new JsonObject { ["type"] = "string", ["minLength"] = 3, ["maxLength"] = 320 },
                        ["role"] = new JsonObject { ["enum"] = roles.DeepClone() },
                        ["status"] = new JsonObject { ["enum"] = new JsonArray("member", "invited") },
                    },
                    ["email", "role", "status"])),
                ["entities"] = Array(new JsonObject { ["oneOf"] = new JsonArray([.. EntityKinds.All.Select(k => (JsonNode)Ref(k.Segment))]) }),
                ["comments"] = Array(Object(
                    new JsonObject
                    {
                        ["id"] = Ref("uuid"),
                        ["entityId"] = Ref("uuid"),
                        ["body"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = CommentStore.MaxBodyLength },
                        ["createdAt"] = Ref("time"),
                    },
                    ["id", "entityId", "body", "createdAt"])),
            },
            ["$defs"] = defs,
        };
    }

    private static JsonObject Entity(EntityKind kind)
    {
        var properties = new JsonObject
        {
            ["id"] = Ref("uuid"),
            ["kind"] = new JsonObject { ["const"] = kind.Segment },
            ["createdAt"] = Ref("time"),
            ["updatedAt"] = Ref("time"),
        };
        var required = new List<string> { "id", "kind", "createdAt", "updatedAt" };
        foreach (var field in kind.Fields.Where(f => !NotExported.Contains(f.Name)))
        {
            properties[field.Name] = Field(field);
            if (field.Required)
            {
                required.Add(field.Name);
            }
        }

        return Object(properties, required);
    }

    private static JsonObject Field(FieldSpec field)
    {
        var nullable = !field.Required;
        return field.Type switch
        {
            FieldType.Text => new JsonObject
            {
                ["type"] = nullable ? new JsonArray("string", "null") : "string",
                ["minLength"] = 1,
                ["maxLength"] = field.MaxLength,
            },
            FieldType.Boolean => new JsonObject { ["type"] = "boolean" },
            FieldType.Choice => new JsonObject
            {
                ["enum"] = new JsonArray([.. field.Choices.Select(c => (JsonNode?)c), .. field.DefaultChoice is null ? new JsonNode?[] { null } : []]),
            },
            FieldType.Date => new JsonObject { ["type"] = new JsonArray("string", "null"), ["pattern"] = DatePattern },
            FieldType.Reference or FieldType.Member => new JsonObject
            {
                ["anyOf"] = new JsonArray(Ref("uuid"), nullable ? new JsonObject { ["type"] = "null" } : Ref("uuid")),
            },
            FieldType.References => new JsonObject { ["type"] = "array", ["uniqueItems"] = true, ["maxItems"] = field.MaxItems, ["items"] = Ref("uuid") },
            _ => new JsonObject
            {
                ["type"] = "array",
                ["maxItems"] = field.MaxItems,
                ["items"] = Object(
                    new JsonObject
                    {
                        ["kind"] = new JsonObject { ["enum"] = new JsonArray([.. EntityKinds.All.Where(k => k != EntityKinds.Albums).Select(k => (JsonNode?)k.Segment)]) },
                        ["id"] = Ref("uuid"),
                    },
                    ["kind", "id"]),
            },
        };
    }

    private static JsonObject Object(JsonObject properties, IEnumerable<string> required) => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray([.. required.Select(r => (JsonNode?)r)]),
        ["properties"] = properties,
    };

    private static JsonObject Array(JsonObject items) => new() { ["type"] = "array", ["items"] = items };

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/$defs/" + name };
}
