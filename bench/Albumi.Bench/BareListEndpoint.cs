using System.Text.Json;
using Albumi.Grains.Catalog;
using Albumi.Grains.Persistence;
using Albumi.Web.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Bench;

/// <summary>
/// The baseline of the catalogue list: in the same app, an anonymous endpoint that runs the same SELECT (one batch with
/// the workspace setting, as the runtime role) and writes the same JSON straight from the rows. No authentication, no
/// membership check, no classification policy. The benchmark checks that both answer the same bytes.
/// </summary>
internal static class BareListEndpoint
{
    public const string Path = "/bench/bare-list/{ws:guid}";

    private const string PageSql = """
        SELECT id, kind, name, classification, fields, version, created_at, updated_at, created_by FROM entities
        WHERE kind = 'applications' AND deleted_at IS NULL AND id > $1 ORDER BY id LIMIT $2
        """;

    public static void Map(IEndpointRouteBuilder app) => app.MapGet(Path, WriteAsync).AllowAnonymous();

    private static async Task WriteAsync(Guid ws, HttpContext http)
    {
        const int limit = 50;
        var kind = EntityKinds.Applications;
        var dataSources = http.RequestServices.GetRequiredService<AlbumiDataSources>();
        await using var connection = await dataSources.App.OpenConnectionAsync(http.RequestAborted);
        await using var batch = new NpgsqlBatch(connection);
        var setting = new NpgsqlBatchCommand("SELECT set_config('albumi.workspace_id', $1, true)");
        setting.Parameters.AddWithValue(ws.ToString("D"));
        var page = new NpgsqlBatchCommand(PageSql);
        page.Parameters.AddWithValue(Guid.Empty);
        page.Parameters.AddWithValue(limit + 1);
        batch.BatchCommands.Add(setting);
        batch.BatchCommands.Add(page);
        await using var reader = await batch.ExecuteReaderAsync(http.RequestAborted);
        await reader.NextResultAsync(http.RequestAborted);

        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartArray("items");
        var count = 0;
        Guid last = default;
        while (count < limit && await reader.ReadAsync(http.RequestAborted))
        {
            count++;
            last = reader.GetGuid(0);
            json.WriteStartObject();
            json.WriteString("id", last.ToString("D"));
            json.WriteString("kind", kind.Segment);
            using (var stored = JsonDocument.Parse(reader.GetString(4)))
            {
                foreach (var field in kind.Fields)
                {
                    json.WritePropertyName(field.Name);
                    if (field.Name == "name")
                    {
                        json.WriteStringValue(reader.GetString(2));
                    }
                    else if (field.Name == "classification")
                    {
                        if (reader.IsDBNull(3))
                        {
                            json.WriteNullValue();
                        }
                        else
                        {
                            json.WriteStringValue(reader.GetString(3));
                        }
                    }
                    else if (stored.RootElement.TryGetProperty(field.Name, out var value))
                    {
                        value.WriteTo(json);
                    }
                    else if (field.Default() is { } fallback)
                    {
                        fallback.WriteTo(json);
                    }
                    else
                    {
                        json.WriteNullValue();
                    }
                }
            }

            json.WriteNumber("version", reader.GetInt32(5));
            json.WriteString("createdAt", reader.GetFieldValue<DateTimeOffset>(6));
            json.WriteString("updatedAt", reader.GetFieldValue<DateTimeOffset>(7));
            if (reader.IsDBNull(8))
            {
                json.WriteNull("createdBy");
            }
            else
            {
                json.WriteString("createdBy", reader.GetGuid(8).ToString("D"));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (count == limit && await reader.ReadAsync(http.RequestAborted))
        {
            json.WriteString("nextCursor", CatalogQuery.CursorFor(last));
        }
        else
        {
            json.WriteNull("nextCursor");
        }

        json.WriteEndObject();
    }
}
