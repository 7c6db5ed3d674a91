using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;
using NpgsqlTypes;

namespace Albumi.Grains.Catalog;

/// <summary>The classification policy is a workspace setting, read in the transaction of every catalogue request.</summary>
internal static class ClassificationPolicyRows
{
    private const string SettingName = "classification_policy";

    public static async Task<ClassificationPolicy> LoadAsync(WorkspaceScope scope)
    {
        await using var command = scope.CreateCommand("SELECT value::text FROM workspace_settings WHERE name = $1");
        command.Parameters.AddWithValue(SettingName);
        return await command.ExecuteScalarAsync() is string json ? ClassificationPolicy.FromJson(JsonNode.Parse(json)!.AsObject()) : ClassificationPolicy.Default;
    }

    public static async Task SaveAsync(WorkspaceScope scope, ClassificationPolicy policy)
    {
        await using var command = scope.CreateCommand("""
            INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, $2, $3)
            ON CONFLICT (workspace_id, name) DO UPDATE SET value = excluded.value, version = workspace_settings.version + 1, updated_at = now()
            """);
        command.Parameters.AddWithValue(scope.WorkspaceId);
        command.Parameters.AddWithValue(SettingName);
        command.Parameters.Add(new() { Value = policy.ToJson().ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The ids of entities whose classification <paramref name="visible"/> does not include.</summary>
    public static async Task<HashSet<Guid>> HiddenAsync(WorkspaceScope scope, string[] visible)
    {
        var hidden = new HashSet<Guid>();
        if (visible.Length == EntityKinds.Classifications.Count)
        {
            return hidden;
        }

        await using var command = scope.CreateCommand("SELECT id FROM entities WHERE classification IS NOT NULL AND classification <> ALL($1)");
        command.Parameters.AddWithValue(visible);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            hidden.Add(reader.GetGuid(0));
        }

        return hidden;
    }
}
