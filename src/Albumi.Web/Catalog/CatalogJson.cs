using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;

namespace Albumi.Web.Catalog;

/// <summary>How catalogue records look in responses: the entity's fields flat, then its bookkeeping.</summary>
public static class CatalogJson
{
    /// <summary>
    /// Writes an entity straight from its values, nothing copied: list pages are the catalogue's hottest responses.
    /// Responses carrying <see cref="CatalogEntity"/> are written by this (<see cref="CatalogEntityJsonConverter"/>).
    /// </summary>
    public static void Write(Utf8JsonWriter json, CatalogEntity entity)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(entity);
        json.WriteStartObject();
        json.WriteString("id", entity.Id);
        json.WriteString("kind", entity.Kind.Segment);
        foreach (var field in entity.Kind.Fields)
        {
            json.WritePropertyName(field.Name);
            if (entity.Values.GetValueOrDefault(field.Name) is { } value)
            {
                value.WriteTo(json);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteNumber("version", entity.Version);
        json.WriteString("createdAt", entity.CreatedAt);
        json.WriteString("updatedAt", entity.UpdatedAt);
        if (entity.CreatedBy is { } createdBy)
        {
            json.WriteString("createdBy", createdBy);
        }
        else
        {
            json.WriteNull("createdBy");
        }

        json.WriteEndObject();
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
