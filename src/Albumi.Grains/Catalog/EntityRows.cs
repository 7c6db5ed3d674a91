using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Albumi.Grains.Catalog;

/// <summary>
/// The SQL of the <c>entities</c> table. Every statement runs in a <see cref="WorkspaceScope"/>, so row-level security
/// confines it to the scope's workspace; reads also take the classifications the caller may see.
/// </summary>
internal static class EntityRows
{
    private const string Columns = "id, kind, name, classification, fields, version, created_at, updated_at, created_by, deleted_at";

    public static async Task<CatalogEntity?> FindAsync(
        WorkspaceScope scope, EntityKind kind, Guid id, string[] visible, bool includeDeleted = false, bool forUpdate = false)
    {
        await using var command = scope.CreateCommand($"""
            SELECT {Columns} FROM entities
            WHERE id = $1 AND kind = $2 AND (classification IS NULL OR classification = ANY($3))
              {(includeDeleted ? "" : "AND deleted_at IS NULL")}
            {(forUpdate ? "FOR UPDATE" : "")}
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(kind.Segment);
        command.Parameters.AddWithValue(visible);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    /// <summary>Up to <paramref name="limit"/> live entities of <paramref name="kind"/> after <paramref name="after"/>, in id order.</summary>
    public static async Task<List<CatalogEntity>> PageAsync(WorkspaceScope scope, EntityKind kind, Guid? after, int limit, string[] visible)
    {
        await using var command = scope.CreateCommand($"""
            SELECT {Columns} FROM entities
            WHERE kind = $1 AND deleted_at IS NULL AND id > $2 AND (classification IS NULL OR classification = ANY($3))
            ORDER BY id LIMIT $4
            """);
        command.Parameters.AddWithValue(kind.Segment);
        command.Parameters.AddWithValue(after ?? Guid.Empty);
        command.Parameters.AddWithValue(visible);
        command.Parameters.AddWithValue(limit);
        var page = new List<CatalogEntity>(limit);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            page.Add(Read(reader));
        }

        return page;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> entities of <paramref name="kind"/> that <paramref name="filter"/> keeps, in id order:
    /// those after <paramref name="after"/>, or with <paramref name="before"/> the last ones before it.
    /// </summary>
    public static async Task<List<CatalogEntity>> FilteredPageAsync(
        WorkspaceScope scope, EntityKind kind, CatalogListFilter filter, Guid? after, Guid? before, int limit, string[] visible)
    {
        var backwards = before is not null;
        await using var command = scope.CreateCommand($"""
            SELECT {Columns} FROM entities
            WHERE kind = $1 AND deleted_at IS {(filter.Deleted ? "NOT NULL" : "NULL")} AND (classification IS NULL OR classification = ANY($3))
              AND {(backwards ? "id < $2" : "id > $2")}
              AND ($5::text IS NULL OR name ILIKE '%' || $5 || '%' ESCAPE '\')
              AND ($6::text IS NULL OR fields ->> 'status' = $6)
            ORDER BY id {(backwards ? "DESC" : "")} LIMIT $4
            """);
        command.Parameters.AddWithValue(kind.Segment);
        command.Parameters.AddWithValue(before ?? after ?? Guid.Empty);
        command.Parameters.AddWithValue(visible);
        command.Parameters.AddWithValue(limit);
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrEmpty(filter.NameContains) ? DBNull.Value : EscapeLike(filter.NameContains), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var page = new List<CatalogEntity>(limit);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            page.Add(Read(reader));
        }

        return page;
    }

    public static async Task InsertAsync(WorkspaceScope scope, Guid id, EntityKind kind, IReadOnlyDictionary<string, JsonNode?> values, Guid actor, DateTimeOffset now)
    {
        await using var command = scope.CreateCommand("""
            INSERT INTO entities (workspace_id, id, kind, name, classification, fields, created_at, created_by, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7)
            """);
        command.Parameters.AddWithValue(scope.WorkspaceId);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(kind.Segment);
        AddValueColumns(command, values);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(actor);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Writes the entity's new values if it is still at <paramref name="version"/>; false when it is not.</summary>
    public static async Task<bool> UpdateAsync(WorkspaceScope scope, Guid id, int version, IReadOnlyDictionary<string, JsonNode?> values, DateTimeOffset now)
    {
        await using var command = scope.CreateCommand("""
            UPDATE entities SET name = $3, classification = $4, fields = $5, version = version + 1, updated_at = $6
            WHERE id = $1 AND version = $2 AND deleted_at IS NULL
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(version);
        AddValueColumns(command, values);
        command.Parameters.AddWithValue(now);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>Soft-deletes (a time) or restores (null) the entity, moving its version on.</summary>
    public static async Task SetDeletedAsync(WorkspaceScope scope, Guid id, DateTimeOffset? deletedAt, DateTimeOffset now)
    {
        await using var command = scope.CreateCommand("UPDATE entities SET deleted_at = $2, version = version + 1, updated_at = $3 WHERE id = $1");
        command.Parameters.AddWithValue(id);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)deletedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The kind and name of those of <paramref name="ids"/> that are live and visible.</summary>
    public static async Task<Dictionary<Guid, (string Kind, string Name)>> LiveNamesAsync(WorkspaceScope scope, IReadOnlyCollection<Guid> ids, string[] visible)
    {
        var names = new Dictionary<Guid, (string, string)>();
        if (ids.Count == 0)
        {
            return names;
        }

        await using var command = scope.CreateCommand("""
            SELECT id, kind, name FROM entities
            WHERE id = ANY($1) AND deleted_at IS NULL AND (classification IS NULL OR classification = ANY($2))
            """);
        command.Parameters.AddWithValue(ids.ToArray());
        command.Parameters.AddWithValue(visible);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names[reader.GetGuid(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return names;
    }

    /// <summary>Whether following <paramref name="field"/> upwards from <paramref name="start"/> reaches <paramref name="entity"/>.</summary>
    public static async Task<bool> ReachesAsync(WorkspaceScope scope, string field, Guid start, Guid entity)
    {
        await using var command = scope.CreateCommand("""
            WITH RECURSIVE up (id, parent, depth) AS (
                SELECT id, (fields ->> $1)::uuid, 1 FROM entities WHERE id = $2
                UNION ALL
                SELECT e.id, (e.fields ->> $1)::uuid, up.depth + 1 FROM entities e JOIN up ON e.id = up.parent WHERE up.depth < 10000
            )
            SELECT EXISTS (SELECT 1 FROM up WHERE id = $3)
            """);
        command.Parameters.AddWithValue(field);
        command.Parameters.AddWithValue(start);
        command.Parameters.AddWithValue(entity);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public static CatalogEntity Read(NpgsqlDataReader reader)
    {
        var kind = EntityKinds.Find(reader.GetString(1));
        var stored = JsonNode.Parse(reader.GetString(4))!.AsObject();
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var field in kind.Fields)
        {
            values[field.Name] = field.Name switch
            {
                "name" => JsonValue.Create(reader.GetString(2)),
                "classification" => reader.IsDBNull(3) ? null : JsonValue.Create(reader.GetString(3)),
                // Taken out of the parsed document rather than copied: the document is thrown away.
                _ => stored.TryGetPropertyValue(field.Name, out var value) && stored.Remove(field.Name) ? value : field.Default(),
            };
        }

        return new CatalogEntity(
            reader.GetGuid(0), kind, values, reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7),
            reader.IsDBNull(8) ? null : reader.GetGuid(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9));
    }

    private static void AddValueColumns(WorkspaceCommand command, IReadOnlyDictionary<string, JsonNode?> values)
    {
        var fields = new JsonObject();
        foreach (var (name, value) in values)
        {
            if (name is not "name" and not "classification")
            {
                fields[name] = value?.DeepClone();
            }
        }

        command.Parameters.AddWithValue(values["name"]!.GetValue<string>());
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = values.TryGetValue("classification", out var classification) && classification is not null ? classification.GetValue<string>() : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.Text,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = fields.ToJsonString(JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
    }

    /// <summary>Text to find inside a name, its LIKE wildcards taken literally.</summary>
    private static string EscapeLike(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static readonly JsonSerializerOptions JsonOptions = new();
}
