using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;
using NpgsqlTypes;

namespace Albumi.Grains.Catalog;

/// <summary>The SQL of the <c>proposals</c> and <c>proposal_changes</c> tables.</summary>
internal static class ProposalRows
{
    public static async Task InsertAsync(WorkspaceScope scope, Proposal proposal)
    {
        await using var command = scope.CreateCommand("""
            INSERT INTO proposals (workspace_id, id, title, author_id, status, created_at) VALUES ($1, $2, $3, $4, 'draft', $5)
            """);
        command.Parameters.AddWithValue(scope.WorkspaceId);
        command.Parameters.AddWithValue(proposal.Id);
        command.Parameters.AddWithValue(proposal.Title);
        command.Parameters.AddWithValue(proposal.AuthorId);
        command.Parameters.AddWithValue(proposal.CreatedAt);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<Proposal?> FindAsync(WorkspaceScope scope, Guid id, bool forUpdate = false)
    {
        await using var command = scope.CreateCommand(
            $"SELECT id, title, author_id, status, created_at, closed_at FROM proposals WHERE id = $1 {(forUpdate ? "FOR UPDATE" : "")}");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    public static async Task<List<Proposal>> ListAsync(WorkspaceScope scope, int limit)
    {
        await using var command = scope.CreateCommand("SELECT id, title, author_id, status, created_at, closed_at FROM proposals ORDER BY id DESC LIMIT $1");
        command.Parameters.AddWithValue(limit);
        var list = new List<Proposal>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public static async Task CloseAsync(WorkspaceScope scope, Guid id, string status, DateTimeOffset now)
    {
        await using var command = scope.CreateCommand("UPDATE proposals SET status = $2, closed_at = $3 WHERE id = $1");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<ProposalChange>> ChangesAsync(WorkspaceScope scope, Guid proposalId)
    {
        await using var command = scope.CreateCommand("SELECT entity_id, kind, operation, fields::text, base::text FROM proposal_changes WHERE proposal_id = $1 ORDER BY seq");
        command.Parameters.AddWithValue(proposalId);
        var changes = new List<ProposalChange>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            changes.Add(new ProposalChange(
                reader.GetGuid(0), EntityKinds.Find(reader.GetString(1)), reader.GetString(2),
                JsonNode.Parse(reader.GetString(3))!.AsObject(), JsonNode.Parse(reader.GetString(4))!.AsObject()));
        }

        return changes;
    }

    public static async Task SaveChangeAsync(WorkspaceScope scope, Guid proposalId, ProposalChange change)
    {
        await using var command = scope.CreateCommand("""
            INSERT INTO proposal_changes (workspace_id, proposal_id, entity_id, kind, operation, fields, base, seq)
            VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(max(seq), 0) + 1 FROM proposal_changes WHERE proposal_id = $2))
            ON CONFLICT (workspace_id, proposal_id, entity_id) DO UPDATE SET operation = excluded.operation, fields = excluded.fields, base = excluded.base
            """);
        command.Parameters.AddWithValue(scope.WorkspaceId);
        command.Parameters.AddWithValue(proposalId);
        command.Parameters.AddWithValue(change.EntityId);
        command.Parameters.AddWithValue(change.Kind.Segment);
        command.Parameters.AddWithValue(change.Operation);
        command.Parameters.Add(new() { Value = change.Fields.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = change.Base.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }

    public static async Task RemoveChangeAsync(WorkspaceScope scope, Guid proposalId, Guid entityId)
    {
        await using var command = scope.CreateCommand("DELETE FROM proposal_changes WHERE proposal_id = $1 AND entity_id = $2");
        command.Parameters.AddWithValue(proposalId);
        command.Parameters.AddWithValue(entityId);
        await command.ExecuteNonQueryAsync();
    }

    private static Proposal Read(Npgsql.NpgsqlDataReader reader)
        => new(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
}
