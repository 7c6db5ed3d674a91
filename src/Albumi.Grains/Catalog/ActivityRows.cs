using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;
using NpgsqlTypes;

namespace Albumi.Grains.Catalog;

/// <summary>The SQL of the <c>activity</c> table. Rows are written in the transaction of the change they record.</summary>
internal static class ActivityRows
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string StatusChanged = "status_changed";
    public const string Deleted = "deleted";
    public const string Restored = "restored";
    public const string Commented = "commented";
    public const string ProposalMerged = "proposal_merged";

    /// <summary>An entity's first entry when it came in by import: who imported it and when, with no field diff.</summary>
    public const string Imported = "imported";

    /// <summary>
    /// A merge's row names many entities in its diff; each part is read only while its entity exists, so a purged
    /// entity's values leave the feed with it (whatever the purge left behind, rows written before it scrubbed merges too)
    /// and the classification scrub, which knows only entities that exist, is never the last line.
    /// </summary>
    private const string Columns = "id, occurred_at, actor_id, change_type, entity_kind, entity_id, proposal_id, is_mainline, "
        + "CASE WHEN change_type = 'proposal_merged' THEN COALESCE((SELECT jsonb_agg(p.part ORDER BY p.n) FROM jsonb_array_elements(changes) WITH ORDINALITY AS p(part, n) "
        + "WHERE EXISTS (SELECT 1 FROM entities e WHERE e.id = (p.part->>'entityId')::uuid)), '[]'::jsonb) ELSE changes END, "
        + "(SELECT a.display_name FROM accounts a WHERE a.id = actor_id)";

    public static async Task WriteAsync(
        WorkspaceScope scope, Guid actor, string changeType, EntityKind? kind, Guid? entityId, Guid? proposalId, JsonArray changes, DateTimeOffset now)
    {
        await using var command = scope.CreateCommand("""
            INSERT INTO activity (workspace_id, occurred_at, actor_id, change_type, entity_kind, entity_id, proposal_id, is_mainline, changes)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        command.Parameters.AddWithValue(scope.WorkspaceId);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(actor);
        command.Parameters.AddWithValue(changeType);
        command.Parameters.Add(new() { Value = (object?)kind?.Segment ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)entityId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)proposalId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.AddWithValue(proposalId is null || changeType == ProposalMerged);
        command.Parameters.Add(new() { Value = changes.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// An entity's mainline history, newest first: its own rows, and each merged proposal that touched it with just
    /// that entity's part of the merge.
    /// </summary>
    public static async Task<List<ActivityEntry>> ForEntityAsync(WorkspaceScope scope, Guid entityId, int limit)
    {
        await using var command = scope.CreateCommand($"""
            SELECT {Columns} FROM activity
            WHERE (entity_id = $1 AND is_mainline)
               OR (change_type = 'proposal_merged' AND proposal_id IN (SELECT proposal_id FROM proposal_changes WHERE entity_id = $1))
            ORDER BY id DESC LIMIT $2
            """);
        command.Parameters.AddWithValue(entityId);
        command.Parameters.AddWithValue(limit);
        var entries = await ReadAllAsync(command);
        return [.. entries.Select(e => e.ChangeType == ProposalMerged ? e with { Changes = OnlyEntity(e.Changes, entityId) } : e)];
    }

    /// <summary>The workspace's feed, newest first, mainline or one proposal's drafts; entities in <paramref name="hidden"/> left out.</summary>
    public static async Task<List<ActivityEntry>> ForWorkspaceAsync(WorkspaceScope scope, Guid? proposalId, long? before, int limit, IReadOnlySet<Guid> hidden)
    {
        await using var command = scope.CreateCommand($"""
            SELECT {Columns} FROM activity
            WHERE ($1::uuid IS NULL AND is_mainline OR proposal_id = $1) AND id < $2
            ORDER BY id DESC LIMIT $3
            """);
        command.Parameters.Add(new() { Value = (object?)proposalId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.AddWithValue(before ?? long.MaxValue);
        command.Parameters.AddWithValue(limit);
        var entries = await ReadAllAsync(command);
        return [.. entries.Where(e => e.EntityId is not { } id || !hidden.Contains(id))];
    }

    private static async Task<List<ActivityEntry>> ReadAllAsync(WorkspaceCommand command)
    {
        var entries = new List<ActivityEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ActivityEntry(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetGuid(5),
                reader.IsDBNull(6) ? null : reader.GetGuid(6), reader.GetBoolean(7), JsonNode.Parse(reader.GetString(8))!.AsArray(),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return entries;
    }

    private static JsonArray OnlyEntity(JsonArray merged, Guid entityId)
        => [.. merged.Where(part => part!["entityId"]!.GetValue<string>() == entityId.ToString("D")).Select(part => part!.DeepClone())];
}
