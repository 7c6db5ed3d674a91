using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Web.Workspaces;

namespace Albumi.Web.Catalog;

/// <summary><c>…/{kind}/{id}/comments</c>: read and write comments; mentions notify members.</summary>
public static class CommentEndpoints
{
    public static RouteGroupBuilder MapCommentEndpoints(this RouteGroupBuilder entities, EntityKind kind)
    {
        ArgumentNullException.ThrowIfNull(entities);
        entities.MapGet("/{id}/comments", (string id, HttpContext http, CommentStore comments) => ListAsync(kind, id, http, comments))
            .RequirePermission(Permission.EntityRead);
        entities.MapPost("/{id}/comments", (string id, HttpContext http, CommentStore comments) => AddAsync(kind, id, http, comments))
            .RequirePermission(Permission.CommentCreate);
        return entities;
    }

    private static async Task<IResult> ListAsync(EntityKind kind, string id, HttpContext http, CommentStore comments)
    {
        var list = await comments.ListAsync(CatalogEndpoints.Actor(http), kind, CatalogQuery.Id(id, kind.Singular));
        return TypedResults.Ok(new JsonArray([.. list.Select(c => (JsonNode)Json(c))]));
    }

    private static async Task<IResult> AddAsync(EntityKind kind, string id, HttpContext http, CommentStore comments)
    {
        var actor = CatalogEndpoints.Actor(http);
        var entityId = CatalogQuery.Id(id, kind.Singular);
        var body = await JsonBody.ReadAsync(http.Request);
        var (text, mentions) = Parse(body);
        var comment = await comments.AddAsync(actor, kind, entityId, text, mentions);
        return TypedResults.Created($"/v1/workspaces/{actor.WorkspaceId}/{kind.Segment}/{entityId}/comments", Json(comment));
    }

    private static (string? Body, List<Guid> Mentions) Parse(JsonElement body)
    {
        var errors = new CatalogErrors();
        string? text = null;
        var mentions = new List<Guid>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "The body must be a JSON object: {body, mentions?}.");
            throw errors.ToException();
        }

        foreach (var property in body.EnumerateObject())
        {
            switch (property.Name)
            {
                case "body" when property.Value.ValueKind == JsonValueKind.String:
                    text = property.Value.GetString();
                    break;
                case "body":
                    errors.Add("body", "Expected a string.");
                    break;
                case "mentions" when property.Value.ValueKind == JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String && Guid.TryParseExact(item.GetString(), "D", out var account))
                        {
                            mentions.Add(account);
                        }
                        else
                        {
                            errors.Add($"mentions[{index}]", "Expected an account id.");
                        }

                        index++;
                    }

                    break;
                case "mentions":
                    errors.Add("mentions", "Expected a list of account ids.");
                    break;
                default:
                    errors.Add(property.Name, $"A comment has no field {property.Name}.");
                    break;
            }
        }

        errors.ThrowIfAny();
        return (text, mentions);
    }

    private static JsonObject Json(CatalogComment comment) => new()
    {
        ["id"] = comment.Id.ToString("D"),
        ["entityId"] = comment.EntityId.ToString("D"),
        ["authorId"] = comment.AuthorId?.ToString("D"),
        ["authorName"] = comment.AuthorName,
        ["body"] = comment.Body,
        ["mentions"] = new JsonArray([.. comment.Mentions.Select(m => (JsonNode)m.ToString("D"))]),
        ["createdAt"] = comment.CreatedAt,
    };
}
