using Albumi.Grains.Persistence;
using Albumi.Grains.Workspaces;
using NpgsqlTypes;

namespace Albumi.Grains.Lifecycle;

/// <summary>
/// The SQL of an import, all in the caller's transaction: the workspace, its owner and settings, invites for the
/// other members, then entities, an "imported" activity entry for each, and comments in multi-row inserts of a thousand rows,
/// read from the document as they are written.
/// (COPY is refused on tables under row-level security, so <c>unnest</c> of arrays it is.)
/// </summary>
internal static class WorkspaceImportWriter
{
    private const int Chunk = 1000;

    public static async Task<List<ImportedInvite>> WriteAsync(
        WorkspaceScope scope, WorkspaceImport import, Guid owner, string ownerEmail, DateTimeOffset now)
    {
        await ExecuteAsync(scope, "INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)", scope.WorkspaceId, import.Name, now);
        await ExecuteAsync(scope, "INSERT INTO workspace_members (workspace_id, account_id, role, joined_at) VALUES ($1, $2, 'owner', $3)", scope.WorkspaceId, owner, now);
        await ExecuteAsync(scope, "INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'require_mfa', to_jsonb($2::boolean))", scope.WorkspaceId, import.RequireMfa);
        await ExecuteAsync(scope, "INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'classification_policy', $2::jsonb)",
            scope.WorkspaceId, import.ClassificationPolicy.ToJsonString());

        var invites = new List<ImportedInvite>();
        var invitesExpireAt = now + InviteToken.Lifetime;
        foreach (var member in import.Invitees(ownerEmail))
        {
            var role = member.Role == WorkspaceRole.Owner ? WorkspaceRole.Admin : member.Role;
            var token = InviteToken.Create(scope.WorkspaceId);

            // Made by the importer, who owns the new workspace: like any invite, worth what its maker may grant when used.
            var id = Guid.CreateVersion7();
            await WorkspaceInvites.InsertAsync(scope, id, token, member.Email, role, owner, now, invitesExpireAt);
            invites.Add(new ImportedInvite(member.Email, role, token, invitesExpireAt, id));
        }

        var rows = import.Rows;
        await WriteWhileReadingAsync(rows, rows.Entities(), chunk => InsertEntitiesAsync(scope, chunk, owner, now));
        await WriteWhileReadingAsync(rows, rows.Comments(), chunk => InsertCommentsAsync(scope, chunk, owner));
        rows.ThrowIfInvalid();
        return invites;
    }

    /// <summary>
    /// Reads <paramref name="items"/> a chunk at a time while the previous chunk is being inserted: the server writes
    /// while this node reads. Once an error is seen nothing more is written, but reading goes on to report every
    /// error; the caller throws them at the end and the transaction rolls back.
    /// </summary>
    private static async Task WriteWhileReadingAsync<T>(IImportedRows rows, IEnumerable<T> items, Func<T[], Task> insert)
    {
        var pending = Task.CompletedTask;
        foreach (var chunk in items.Chunk(Chunk))
        {
            await pending;
            pending = rows.HasErrors ? Task.CompletedTask : insert(chunk);
        }

        await pending;
    }

    /// <summary>A chunk of entities and their "imported" activity entries, in one statement and one round trip.</summary>
    private static Task InsertEntitiesAsync(WorkspaceScope scope, ImportedEntity[] chunk, Guid owner, DateTimeOffset now)
        => ExecuteAsync(scope, """
            WITH inserted AS (
                INSERT INTO entities (workspace_id, id, kind, name, classification, fields, created_at, created_by, updated_at)
                SELECT $1, e.id, e.kind, e.name, e.classification, e.fields, e.created_at, $2, e.updated_at
                FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[], $9::timestamptz[])
                     AS e (id, kind, name, classification, fields, created_at, updated_at)
                RETURNING id, kind)
            INSERT INTO activity (workspace_id, occurred_at, actor_id, change_type, entity_kind, entity_id, is_mainline, changes)
            SELECT $1, $10, $2, 'imported', i.kind, i.id, true, '[]'::jsonb FROM inserted i
            """,
            scope.WorkspaceId, owner, chunk.Select(e => e.Id).ToArray(), chunk.Select(e => e.Kind).ToArray(), chunk.Select(e => e.Name).ToArray(),
            chunk.Select(e => e.Classification).ToArray(), Jsonb(chunk.Select(e => e.FieldsJson)),
            chunk.Select(e => e.CreatedAt).ToArray(), chunk.Select(e => e.UpdatedAt).ToArray(), now);

    private static Task InsertCommentsAsync(WorkspaceScope scope, ImportedComment[] chunk, Guid owner)
        => ExecuteAsync(scope, """
            INSERT INTO comments (workspace_id, id, entity_id, author_id, body, created_at)
            SELECT $1, c.id, c.entity_id, $2, c.body, c.created_at FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[]) AS c (id, entity_id, body, created_at)
            """,
            scope.WorkspaceId, owner, chunk.Select(c => c.Id).ToArray(), chunk.Select(c => c.EntityId).ToArray(), chunk.Select(c => c.Body).ToArray(),
            chunk.Select(c => c.CreatedAt).ToArray());

    private static NpgsqlParameterValue Jsonb(IEnumerable<string> values) => new(values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb);

    private static async Task ExecuteAsync(WorkspaceScope scope, string sql, params object?[] values)
    {
        await using var command = scope.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value is NpgsqlParameterValue typed
                ? new Npgsql.NpgsqlParameter { Value = typed.Value, NpgsqlDbType = typed.Type }
                : new Npgsql.NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private sealed record NpgsqlParameterValue(object Value, NpgsqlDbType Type);
}
