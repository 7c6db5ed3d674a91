using Albumi.Grains.Persistence;
using Npgsql;

namespace Albumi.Grains.Workspaces;

/// <summary>The SQL behind workspaces and members, always inside a <see cref="WorkspaceScope"/>.</summary>
internal static class WorkspaceRows
{
    public static async Task<(WorkspaceInfo?, Dictionary<Guid, WorkspaceRole>)> LoadAsync(WorkspaceScope scope, CancellationToken cancellationToken)
    {
        WorkspaceInfo? workspace = null;
        await using (var read = scope.CreateCommand("""
            SELECT w.name, w.created_at, w.version,
                   COALESCE((SELECT s.value = 'true'::jsonb FROM workspace_settings s WHERE s.workspace_id = w.id AND s.name = 'require_mfa'), false),
                   w.deleted_at, w.purge_after
            FROM workspaces w WHERE w.id = $1
            """))
        {
            read.Parameters.AddWithValue(scope.WorkspaceId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                workspace = new WorkspaceInfo(
                    scope.WorkspaceId, reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt32(2), reader.GetBoolean(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
            }
        }

        var roles = new Dictionary<Guid, WorkspaceRole>();
        await using (var members = scope.CreateCommand("SELECT account_id, role FROM workspace_members WHERE workspace_id = $1"))
        {
            members.Parameters.AddWithValue(scope.WorkspaceId);
            await using var reader = await members.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                roles[reader.GetGuid(0)] = ParseRole(reader.GetString(1));
            }
        }

        return (workspace, roles);
    }

    public static async Task InsertAsync(WorkspaceScope scope, string name, DateTimeOffset now)
    {
        await using var insert = scope.CreateCommand("INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)");
        insert.Parameters.AddWithValue(scope.WorkspaceId);
        insert.Parameters.AddWithValue(name);
        insert.Parameters.AddWithValue(now);
        await insert.ExecuteNonQueryAsync();
    }

    public static async Task UpsertMemberAsync(WorkspaceScope scope, Guid accountId, WorkspaceRole role, DateTimeOffset now)
    {
        await using var upsert = scope.CreateCommand("""
            INSERT INTO workspace_members (workspace_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (workspace_id, account_id) DO UPDATE SET role = excluded.role
            """);
        upsert.Parameters.AddWithValue(scope.WorkspaceId);
        upsert.Parameters.AddWithValue(accountId);
        upsert.Parameters.AddWithValue(RoleName(role));
        upsert.Parameters.AddWithValue(now);
        await upsert.ExecuteNonQueryAsync();
    }

    /// <summary>The members with their account details, by joining time: <c>$1</c> is the workspace.</summary>
    public const string ListMembersSql = """
        SELECT m.account_id, a.email, a.display_name, m.role, m.joined_at
        FROM workspace_members m JOIN accounts a ON a.id = m.account_id
        WHERE m.workspace_id = $1 ORDER BY m.joined_at, a.email
        """;

    public static async Task<IReadOnlyList<WorkspaceMember>> ListMembersAsync(WorkspaceScope scope)
    {
        await using var list = scope.CreateCommand(ListMembersSql);
        list.Parameters.AddWithValue(scope.WorkspaceId);
        await using var reader = await list.ExecuteReaderAsync();
        return await ReadMembersAsync(reader);
    }

    /// <summary>The rows of <see cref="ListMembersSql"/> at the reader's current result.</summary>
    public static async Task<IReadOnlyList<WorkspaceMember>> ReadMembersAsync(NpgsqlDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var members = new List<WorkspaceMember>();
        while (await reader.ReadAsync())
        {
            members.Add(new WorkspaceMember(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), ParseRole(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return members;
    }

    public static string RoleName(WorkspaceRole role) => RoleNames.Of(role);

    public static WorkspaceRole ParseRole(string name) => Enum.Parse<WorkspaceRole>(name, ignoreCase: true);
}
