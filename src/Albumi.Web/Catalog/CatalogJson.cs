using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;

namespace Albumi.Web.Catalog;

/// <summary>How catalogue records look in responses: the entity's fields flat, then its bookkeeping.</summary>
public static class CatalogJson
{
    public static JsonObject Entity(CatalogEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var json = new JsonObject { ["id"] = entity.Id.ToString("D"), ["kind"] = entity.Kind.Segment };
        foreach (var field in entity.Kind.Fields)
        {
            json[field.Name] = entity.Values.GetValueOrDefault(field.Name)?.DeepClone();
        }

        json["version"] = entity.Version;
        json["createdAt"] = entity.CreatedAt;
        json["updatedAt"] = entity.UpdatedAt;
        json["createdBy"] = entity.CreatedBy?.ToString("D");
        return json;
    }

    public static JsonObject Activity(ActivityEntry entry, Guid workspaceId)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new JsonObject
        {
            ["id"] = entry.Id,
            ["occurredAt"] = entry.OccurredAt,
            ["actorId"] = entry.ActorId?.ToString("D"),
            ["actorName"] = entry.ActorName,
            ["changeType"] = entry.ChangeType,
            ["entityKind"] = entry.EntityKind,
            ["entityId"] = entry.EntityId?.ToString("D"),
            ["proposalId"] = entry.ProposalId?.ToString("D"),
            ["isMainline"] = entry.IsMainline,
            ["changes"] = entry.Changes.DeepClone(),
            ["diffUrl"] = entry.ProposalId is { } proposal ? $"/v1/workspaces/{workspaceId}/proposals/{proposal}" : null,
        };
    }

    public static JsonObject Proposal(Proposal proposal, IReadOnlyList<ProposalChange>? changes = null)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var json = new JsonObject
        {
            ["id"] = proposal.Id.ToString("D"),
            ["title"] = proposal.Title,
            ["authorId"] = proposal.AuthorId.ToString("D"),
            ["status"] = proposal.Status,
            ["createdAt"] = proposal.CreatedAt,
            ["closedAt"] = proposal.ClosedAt,
        };
        if (changes is not null)
        {
            json["changes"] = new JsonArray([.. changes.Select(c => (JsonNode)new JsonObject
            {
                ["entityId"] = c.EntityId.ToString("D"),
                ["kind"] = c.Kind.Segment,
                ["operation"] = c.Operation,
                ["fields"] = c.Fields.DeepClone(),
                ["base"] = c.Base.DeepClone(),
            })]);
        }

        return json;
    }
}
