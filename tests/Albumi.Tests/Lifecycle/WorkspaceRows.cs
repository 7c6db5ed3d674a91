using System.Text.Json.Nodes;
using Albumi.Silo.Database;
using Npgsql;

namespace Albumi.Tests.Lifecycle;

/// <summary>What the database holds of one workspace, read as the owner (no row-level security), for purge tests.</summary>
public static class WorkspaceRows
{
    /// <summary>The purge's per-table counts so far, or null when it has not started.</summary>
    public static async Task<JsonObject?> PurgeCountsAsync(DatabaseSettings database, Guid workspace)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT counts::text FROM workspace_purges WHERE purged_workspace = $1 AND finished_at IS NULL", connection);
        command.Parameters.AddWithValue(workspace);
        return await command.ExecuteScalarAsync() is string json ? JsonNode.Parse(json)!.AsObject() : null;
    }

    /// <summary>Every row of <paramref name="table"/>, whatever its workspace (the table name is the test's own constant).</summary>
    public static async Task<long> CountAsync(DatabaseSettings database, string table)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>"table: n" for every table with a workspace_id column that still holds rows of the workspace (and the workspace row).</summary>
    public static async Task<List<string>> LeftOverAsync(DatabaseSettings database, Guid workspace)
        => [.. (await CountsAsync(database, workspace)).Where(c => c.Value > 0).Select(c => $"{c.Key}: {c.Value}")];

    public static async Task<Dictionary<string, long>> CountsAsync(DatabaseSettings database, Guid workspace)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.relname FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
            WHERE c.relkind = 'r'
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("entities", tables);
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE workspace_id = $1", connection);
            count.Parameters.AddWithValue(workspace);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        await using var row = new NpgsqlCommand("SELECT count(*) FROM workspaces WHERE id = $1", connection);
        row.Parameters.AddWithValue(workspace);
        counts["workspaces"] = (long)(await row.ExecuteScalarAsync())!;
        return counts;
    }

    public static async Task<JsonObject?> PurgeAuditAsync(DatabaseSettings database, Guid workspace)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT metadata::text FROM audit.security_events WHERE workspace_id = $1 AND event_type = 1402", connection);
        command.Parameters.AddWithValue(workspace);
        return await command.ExecuteScalarAsync() is string json ? JsonNode.Parse(json)!.AsObject() : null;
    }

    /// <summary>How many purge audit events the workspace has: a purge resumed elsewhere must still write exactly one.</summary>
    public static async Task<long> PurgeAuditCountAsync(DatabaseSettings database, Guid workspace)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit.security_events WHERE workspace_id = $1 AND event_type = 1402", connection);
        command.Parameters.AddWithValue(workspace);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
