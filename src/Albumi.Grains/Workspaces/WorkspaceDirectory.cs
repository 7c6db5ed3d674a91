using Albumi.Grains.Persistence;

namespace Albumi.Grains.Workspaces;

/// <summary>An account's own workspaces, listed through <see cref="AccountScope"/> (its memberships only).</summary>
public sealed class WorkspaceDirectory(AlbumiDataSources dataSources)
{
    public async Task<IReadOnlyList<(WorkspaceInfo Workspace, WorkspaceRole Role)>> ForAccountAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var (connection, transaction) = await AccountScope.BeginAsync(dataSources.App, accountId, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            await using var list = new Npgsql.NpgsqlCommand("""
                SELECT w.id, w.name, w.created_at, w.version, m.role
                FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
                WHERE m.account_id = $1 AND w.deleted_at IS NULL
                ORDER BY w.name, w.id
                """, connection, transaction);
            list.Parameters.AddWithValue(accountId);
            var result = new List<(WorkspaceInfo, WorkspaceRole)>();
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add((new WorkspaceInfo(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3)), WorkspaceRows.ParseRole(reader.GetString(4))));
            }

            return result;
        }
    }
}
