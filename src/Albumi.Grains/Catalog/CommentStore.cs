using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using NpgsqlTypes;

namespace Albumi.Grains.Catalog;

/// <summary>Comments on entities. A comment notifies the members it mentions and is recorded in the entity's activity.</summary>
public sealed class CommentStore(AlbumiDataSources dataSources, AlbumiClock clock)
{
    public const int MaxBodyLength = 10_000;
    public const int MaxMentions = 50;

    public async Task<IReadOnlyList<CatalogComment>> ListAsync(CatalogActor actor, EntityKind kind, Guid entityId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, actor.WorkspaceId);
        _ = await EntityRows.FindAsync(scope, kind, entityId, await CatalogStore.VisibleAsync(scope, actor)) ?? throw new CatalogNotFoundException(kind.Singular);
        await using var command = scope.CreateCommand("""
            SELECT id, author_id, body, mentions, created_at, (SELECT a.display_name FROM accounts a WHERE a.id = author_id)
            FROM comments WHERE entity_id = $1 ORDER BY created_at, id
            """);
        command.Parameters.AddWithValue(entityId);
        var comments = new List<CatalogComment>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            comments.Add(new CatalogComment(
                reader.GetGuid(0), entityId, reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2),
                reader.GetFieldValue<Guid[]>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return comments;
    }

    public async Task<CatalogComment> AddAsync(CatalogActor actor, EntityKind kind, Guid entityId, string? body, IReadOnlyList<Guid> mentions)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(mentions);
        var text = body?.Trim();
        var errors = new CatalogErrors();
        if (text is not { Length: >= 1 and <= MaxBodyLength } || text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add("body", $"A comment of 1 to {MaxBodyLength} characters, without control characters, is required.");
        }

        if (mentions.Count > MaxMentions)
        {
            errors.Add("mentions", $"At most {MaxMentions} mentions.");
        }

        errors.ThrowIfAny();
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId);
        _ = await EntityRows.FindAsync(scope, kind, entityId, await CatalogStore.VisibleAsync(scope, actor), forUpdate: true)
            ?? throw new CatalogNotFoundException(kind.Singular);
        var members = await ReferenceChecks.MemberIdsAsync(scope, [.. mentions]);
        for (var i = 0; i < mentions.Count; i++)
        {
            if (!members.Contains(mentions[i]))
            {
                errors.Add($"mentions[{i}]", "Not a member of this workspace.");
            }
        }

        errors.ThrowIfAny();
        var comment = new CatalogComment(Guid.CreateVersion7(), entityId, actor.AccountId, text!, [.. mentions.Distinct()], clock.GetUtcNow());
        await using (var insert = scope.CreateCommand("""
            INSERT INTO comments (workspace_id, id, entity_id, author_id, body, mentions, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """))
        {
            insert.Parameters.AddWithValue(scope.WorkspaceId);
            insert.Parameters.AddWithValue(comment.Id);
            insert.Parameters.AddWithValue(entityId);
            insert.Parameters.AddWithValue(actor.AccountId);
            insert.Parameters.AddWithValue(comment.Body);
            insert.Parameters.Add(new() { Value = comment.Mentions.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.AddWithValue(comment.CreatedAt);
            await insert.ExecuteNonQueryAsync();
        }

        await ActivityRows.WriteAsync(scope, actor.AccountId, ActivityRows.Commented, kind, entityId, null, [new System.Text.Json.Nodes.JsonObject { ["commentId"] = comment.Id.ToString("D") }], comment.CreatedAt);
        await NotificationRows.WriteAsync(scope, comment.Mentions, NotificationRows.Mentioned, entityId, comment.Id, actor.AccountId, comment.CreatedAt);
        await scope.CommitAsync();
        return comment;
    }
}
