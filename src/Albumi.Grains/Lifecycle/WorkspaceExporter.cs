using System.Data;
using System.Text.Json;
using Albumi.Grains.Catalog;
using Albumi.Grains.Persistence;
using Albumi.Grains.Time;
using Npgsql;

namespace Albumi.Grains.Lifecycle;

/// <summary>
/// Writes a workspace as one JSON document (see <see cref="ExportSchema"/>), streamed: entities and comments are read
/// in pages from one repeatable-read snapshot and written as they come, so memory stays flat however large the
/// workspace. What the exporter's role may not see under the classification policy is left out.
/// </summary>
public sealed class WorkspaceExporter(AlbumiDataSources dataSources, AlbumiClock clock)
{
    private const int PageSize = 1000;

    public async Task WriteAsync(CatalogActor actor, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = await WorkspaceScope.BeginAsync(dataSources.App, actor.WorkspaceId, IsolationLevel.RepeatableRead, cancellationToken);
        var policy = await ClassificationPolicyRows.LoadAsync(scope);
        var (visible, hidden) = await CatalogStore.ViewAsync(scope, policy, actor.Role);
        await using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("format", ExportSchema.Format);
        writer.WriteNumber("version", ExportSchema.Version);
        writer.WriteString("exportedAt", clock.GetUtcNow());
        await WriteWorkspaceAsync(scope, policy, writer);
        await WriteMembersAsync(scope, writer);

        writer.WriteStartArray("entities");
        foreach (var kind in EntityKinds.All)
        {
            if (hidden.Ids.Count == 0)
            {
                await CopyEntitiesAsync(scope, kind, visible, writer, cancellationToken);
                continue;
            }

            // Something is hidden from this role: take the careful path that scrubs references to it.
            Guid? after = null;
            List<CatalogEntity> page;
            do
            {
                page = await EntityRows.PageAsync(scope, kind, after, PageSize, visible);
                foreach (var entity in page)
                {
                    WriteEntity(writer, hidden.Scrub(entity));
                }

                after = page.Count > 0 ? page[^1].Id : after;
                await writer.FlushAsync(cancellationToken);
            }
            while (page.Count == PageSize);
        }

        writer.WriteEndArray();
        await WriteCommentsAsync(scope, visible, writer, cancellationToken);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private static async Task WriteWorkspaceAsync(WorkspaceScope scope, ClassificationPolicy policy, Utf8JsonWriter writer)
    {
        await using var command = scope.CreateCommand("""
            SELECT w.name, COALESCE((SELECT s.value = 'true'::jsonb FROM workspace_settings s WHERE s.name = 'require_mfa'), false)
            FROM workspaces w WHERE w.id = $1
            """);
        command.Parameters.AddWithValue(scope.WorkspaceId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        writer.WriteStartObject("workspace");
        writer.WriteString("id", scope.WorkspaceId);
        writer.WriteString("name", reader.GetString(0));
        writer.WriteBoolean("requireMfa", reader.GetBoolean(1));
        writer.WritePropertyName("classificationPolicy");
        policy.ToJson().WriteTo(writer);
        writer.WriteEndObject();
    }

    private async Task WriteMembersAsync(WorkspaceScope scope, Utf8JsonWriter writer)
    {
        await using var command = scope.CreateCommand("""
            SELECT a.email, m.role, 'member' FROM workspace_members m JOIN accounts a ON a.id = m.account_id
            UNION ALL
            SELECT i.email, i.role, 'invited' FROM workspace_invites i WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $1
            ORDER BY 3, 1
            """);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        writer.WriteStartArray("members");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            writer.WriteStartObject();
            writer.WriteString("email", reader.GetString(0));
            writer.WriteString("role", reader.GetString(1));
            writer.WriteString("status", reader.GetString(2));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// The fast path, when nothing is hidden: one ordered scan, each row's stored fields copied straight into the
    /// output (a default written for a field the row does not hold), no per-row object model.
    /// </summary>
    private static async Task CopyEntitiesAsync(WorkspaceScope scope, EntityKind kind, string[] visible, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        await using var command = scope.CreateCommand("""
            SELECT id, name, classification, fields::text, created_at, updated_at FROM entities
            WHERE kind = $1 AND deleted_at IS NULL AND (classification IS NULL OR classification = ANY($2))
            ORDER BY id
            """);
        command.Parameters.AddWithValue(kind.Segment);
        command.Parameters.AddWithValue(visible);
        var exported = kind.Fields.Where(f => !ExportSchema.NotExported.Contains(f.Name)).ToArray();
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var fields = JsonDocument.Parse(reader.GetString(3));
            writer.WriteStartObject();
            writer.WriteString("id", reader.GetGuid(0));
            writer.WriteString("kind", kind.Segment);
            foreach (var field in exported)
            {
                writer.WritePropertyName(field.Name);
                if (field.Name == "name")
                {
                    writer.WriteStringValue(reader.GetString(1));
                }
                else if (field.Name == "classification")
                {
                    if (reader.IsDBNull(2))
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        writer.WriteStringValue(reader.GetString(2));
                    }
                }
                else if (fields.RootElement.TryGetProperty(field.Name, out var value))
                {
                    value.WriteTo(writer);
                }
                else if (field.Default() is { } fallback)
                {
                    fallback.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteString("createdAt", reader.GetFieldValue<DateTimeOffset>(4));
            writer.WriteString("updatedAt", reader.GetFieldValue<DateTimeOffset>(5));
            writer.WriteEndObject();
            if (++count % PageSize == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static void WriteEntity(Utf8JsonWriter writer, CatalogEntity entity)
    {
        writer.WriteStartObject();
        writer.WriteString("id", entity.Id);
        writer.WriteString("kind", entity.Kind.Segment);
        foreach (var field in entity.Kind.Fields.Where(f => !ExportSchema.NotExported.Contains(f.Name)))
        {
            writer.WritePropertyName(field.Name);
            if (entity.Values.GetValueOrDefault(field.Name) is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteString("createdAt", entity.CreatedAt);
        writer.WriteString("updatedAt", entity.UpdatedAt);
        writer.WriteEndObject();
    }

    private static async Task WriteCommentsAsync(WorkspaceScope scope, string[] visible, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        writer.WriteStartArray("comments");
        var after = Guid.Empty;
        var count = PageSize;
        while (count == PageSize)
        {
            await using var command = scope.CreateCommand("""
                SELECT c.id, c.entity_id, c.body, c.created_at FROM comments c JOIN entities e ON e.id = c.entity_id
                WHERE c.id > $1 AND e.deleted_at IS NULL AND (e.classification IS NULL OR e.classification = ANY($2))
                ORDER BY c.id LIMIT $3
                """);
            command.Parameters.AddWithValue(after);
            command.Parameters.AddWithValue(visible);
            command.Parameters.AddWithValue(PageSize);
            count = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                after = reader.GetGuid(0);
                writer.WriteStartObject();
                writer.WriteString("id", after);
                writer.WriteString("entityId", reader.GetGuid(1));
                writer.WriteString("body", reader.GetString(2));
                writer.WriteString("createdAt", reader.GetFieldValue<DateTimeOffset>(3));
                writer.WriteEndObject();
                count++;
            }

            await writer.FlushAsync(cancellationToken);
        }

        writer.WriteEndArray();
    }
}
