using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>Schemas of the catalogue's other records (activity, comments, proposals, share links, notifications, the classification policy), registered once per document.</summary>
internal static class CatalogBodies
{
    private static readonly string[] Roles = ["owner", "admin", "editor", "viewer"];

    public static IOpenApiSchema Activity(OpenApiDocument document) => Component(document, "ActivityEntry", () => Object(new()
    {
        ["id"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
        ["occurredAt"] = CatalogSchemas.Time(),
        ["actorId"] = CatalogSchemas.Uuid(nullable: true),
        ["actorName"] = NullableText(),
        ["changeType"] = new OpenApiSchema { Type = JsonSchemaType.String },
        ["entityKind"] = NullableText(),
        ["entityId"] = CatalogSchemas.Uuid(nullable: true),
        ["proposalId"] = CatalogSchemas.Uuid(nullable: true),
        ["isMainline"] = new OpenApiSchema { Type = JsonSchemaType.Boolean },
        ["changes"] = new OpenApiSchema { Description = "What changed, field by field (sensitive fields say only that they changed)." },
        ["diffUrl"] = NullableText(),
    }));

    public static IOpenApiSchema Comment(OpenApiDocument document) => Component(document, "Comment", () => Object(new()
    {
        ["id"] = CatalogSchemas.Uuid(),
        ["entityId"] = CatalogSchemas.Uuid(),
        ["authorId"] = CatalogSchemas.Uuid(nullable: true),
        ["authorName"] = NullableText(),
        ["body"] = new OpenApiSchema { Type = JsonSchemaType.String },
        ["mentions"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = CatalogSchemas.Uuid() },
        ["createdAt"] = CatalogSchemas.Time(),
    }));

    public static IOpenApiSchema Proposal(OpenApiDocument document) => Component(document, "Proposal", () => Object(new()
    {
        ["id"] = CatalogSchemas.Uuid(),
        ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
        ["authorId"] = CatalogSchemas.Uuid(),
        ["status"] = new OpenApiSchema { Type = JsonSchemaType.String },
        ["createdAt"] = CatalogSchemas.Time(),
        ["closedAt"] = CatalogSchemas.Time(nullable: true),
        ["changes"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "The draft's changes (when reading one proposal).",
            Items = Object(new()
            {
                ["entityId"] = CatalogSchemas.Uuid(),
                ["kind"] = KindEnum(),
                ["operation"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["fields"] = new OpenApiSchema(),
                ["base"] = new OpenApiSchema(),
            }),
        },
    }, optional: ["changes"]));

    public static IOpenApiSchema ShareLink(OpenApiDocument document) => Component(document, "ShareLink", () => Object(new()
    {
        ["id"] = CatalogSchemas.Uuid(),
        ["kind"] = KindEnum(),
        ["entityId"] = CatalogSchemas.Uuid(),
        ["entityName"] = NullableText(),
        ["createdBy"] = CatalogSchemas.Uuid(nullable: true),
        ["createdAt"] = CatalogSchemas.Time(),
        ["expiresAt"] = CatalogSchemas.Time(nullable: true),
        ["revokedAt"] = CatalogSchemas.Time(nullable: true),
        ["token"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Shown once, when the link is made." },
        ["url"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Shown once, when the link is made." },
    }, optional: ["token", "url"]));

    public static IOpenApiSchema Notification(OpenApiDocument document) => Component(document, "Notification", () => Object(new()
    {
        ["id"] = CatalogSchemas.Uuid(),
        ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("mentioned"), JsonValue.Create("assigned")] },
        ["entityKind"] = new OpenApiSchema { Type = JsonSchemaType.String },
        ["entityId"] = CatalogSchemas.Uuid(),
        ["commentId"] = CatalogSchemas.Uuid(nullable: true),
        ["actorId"] = CatalogSchemas.Uuid(nullable: true),
        ["createdAt"] = CatalogSchemas.Time(),
    }));

    public static IOpenApiSchema ClassificationPolicy(OpenApiDocument document) => Component(document, "ClassificationPolicy", () => new OpenApiSchema
    {
        Type = JsonSchemaType.Object,
        Description = "For each classification, the lowest role that may see entities so classified.",
        Properties = EntityKinds.Classifications.ToDictionary(c => c, _ => (IOpenApiSchema)new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. Roles.Select(r => (JsonNode)JsonValue.Create(r))],
        }),
        AdditionalPropertiesAllowed = false,
    });

    public static OpenApiSchema KindEnum()
        => new() { Type = JsonSchemaType.String, Enum = [.. EntityKinds.All.Select(k => (JsonNode)JsonValue.Create(k.Segment))] };

    private static OpenApiSchema NullableText() => new() { Type = JsonSchemaType.String | JsonSchemaType.Null };

    private static OpenApiSchema Object(Dictionary<string, IOpenApiSchema> properties, string[]? optional = null)
        => new()
        {
            Type = JsonSchemaType.Object,
            Properties = properties,
            Required = new HashSet<string>(properties.Keys.Except(optional ?? [])),
        };

    private static OpenApiSchemaReference Component(OpenApiDocument document, string id, Func<OpenApiSchema> build)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(id))
        {
            document.Components.Schemas[id] = build();
        }

        return new OpenApiSchemaReference(id, document);
    }
}
