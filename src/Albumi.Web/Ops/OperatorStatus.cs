using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;

namespace Albumi.Web.Ops;

/// <summary>
/// What the operator dashboard shows, read fresh on every request: live nodes with their heartbeat, activations per
/// grain type, and grain calls per type over the last heartbeat interval (rate, failures, p50/p95/p99), reminders due, overdue and their lag, active sessions, password sign-in failures per minute, and the
/// latest security events (type and outcome only). Whether someone is an operator is read here too, never cached.
/// </summary>
public sealed class OperatorStatus(AlbumiDataSources db)
{
    public async Task<bool> IsOperatorAsync(Guid accountId)
    {
        await using var query = db.App.CreateCommand("SELECT 1 FROM platform_operators WHERE account_id = $1");
        query.Parameters.AddWithValue(accountId);
        return await query.ExecuteScalarAsync() is not null;
    }

    public async Task<JsonObject> ReadAsync()
    {
        var status = new JsonObject { ["readAt"] = DateTimeOffset.UtcNow };
        var nodes = new JsonArray();
        await using (var query = db.App.CreateCommand("""
            SELECT name, host, started_at, last_seen_at, activations::text, extract(epoch FROM now() - last_seen_at), calls::text
            FROM cluster_nodes WHERE stopped_at IS NULL AND last_seen_at > now() - interval '5 minutes' ORDER BY name
            """))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                nodes.Add(new JsonObject
                {
                    ["name"] = reader.GetString(0),
                    ["host"] = reader.GetString(1),
                    ["startedAt"] = reader.GetFieldValue<DateTimeOffset>(2),
                    ["lastSeenAt"] = reader.GetFieldValue<DateTimeOffset>(3),
                    ["activations"] = JsonNode.Parse(reader.GetString(4)),
                    ["secondsSinceHeartbeat"] = Math.Round(reader.GetDouble(5), 1),
                    ["calls"] = JsonNode.Parse(reader.GetString(6)),
                });
            }
        }

        status["nodes"] = nodes;
        await using (var query = db.App.CreateCommand("""
            SELECT count(*) FILTER (WHERE due_at <= now()), count(*) FILTER (WHERE due_at <= now() - interval '1 minute'),
                   COALESCE(extract(epoch FROM max(now() - due_at) FILTER (WHERE due_at <= now())), 0), count(*)
            FROM grain_reminders
            """))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            status["reminders"] = new JsonObject
            {
                ["due"] = reader.GetInt64(0),
                ["overdue"] = reader.GetInt64(1),
                ["lagSeconds"] = Math.Round(reader.GetDouble(2), 1),
                ["total"] = reader.GetInt64(3),
            };
        }

        await using (var query = db.App.CreateCommand("SELECT count(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > now() AND absolute_expires_at > now()"))
        {
            status["activeSessions"] = (long)(await query.ExecuteScalarAsync())!;
        }

        var failures = new JsonArray();
        await using (var query = db.App.CreateCommand("""
            SELECT date_trunc('minute', occurred_at), count(*) FROM audit.security_events
            WHERE event_type = 1000 AND outcome <> 'success' AND occurred_at > now() - interval '10 minutes'
            GROUP BY 1 ORDER BY 1
            """))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                failures.Add(new JsonObject { ["minute"] = reader.GetFieldValue<DateTimeOffset>(0), ["count"] = reader.GetInt64(1) });
            }
        }

        status["signInFailuresPerMinute"] = failures;
        var events = new JsonArray();
        await using (var query = db.App.CreateCommand("SELECT occurred_at, event_type, outcome FROM audit.security_events ORDER BY id DESC LIMIT 20"))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                events.Add(new JsonObject
                {
                    ["occurredAt"] = reader.GetFieldValue<DateTimeOffset>(0),
                    ["type"] = Me.SecurityEventResponse.TypeName((Grains.Audit.SecurityEventType)reader.GetInt32(1)),
                    ["outcome"] = reader.GetString(2),
                });
            }
        }

        status["recentSecurityEvents"] = events;
        return status;
    }
}
