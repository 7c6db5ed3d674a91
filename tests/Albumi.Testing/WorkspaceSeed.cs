using Npgsql;

namespace Albumi.Testing;

/// <summary>Rows written straight into a workspace (as the database owner), many more than a purge batch: entities and their activity.</summary>
public static class WorkspaceSeed
{
    public static async Task EntitiesAsync(string ownerConnectionString, Guid workspace, int count)
    {
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
                 {
                     "INSERT INTO entities (workspace_id, id, kind, name, created_at, updated_at) SELECT $1, gen_random_uuid(), 'it-components', 'server ' || n, now(), now() FROM generate_series(1, $2) n",
                     "INSERT INTO activity (workspace_id, occurred_at, change_type, entity_kind, is_mainline) SELECT $1, now(), 'created', 'it-components', true FROM generate_series(1, $2) n",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue(workspace);
            command.Parameters.AddWithValue(count);
            await command.ExecuteNonQueryAsync();
        }
    }
}
