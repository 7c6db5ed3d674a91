using System.Text.Json.Nodes;
using Albumi.Grains.Persistence;
using Orleans.Runtime;

namespace Albumi.Web.Ops;

/// <summary>
/// What the operator dashboard shows, read fresh on every request: the cluster's live silos from Orleans' membership
/// table with their activations per grain type (Orleans' management grain), the reminders in Orleans' reminder table,
/// active sessions, password sign-in failures per minute, the latest security events (type and outcome only), and the
/// latest backups and restore drills (<c>backup run</c>, <c>backup drill</c>) with their outcome and figures.
/// Calls, latency and exceptions per grain are Orleans' own dashboard's (<c>/ops/orleans</c>). Whether someone is an
/// operator is read here too, never cached.
/// </summary>
public sealed class OperatorStatus(AlbumiDataSources db, IGrainFactory grains)
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
        var activations = (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .GroupBy(s => s.SiloAddress.ToParsableString())
            .ToDictionary(g => g.Key, g => new JsonObject(g
                .GroupBy(s => ShortTypeName(s.GrainType), StringComparer.Ordinal)
                .OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Sum(s => s.ActivationCount)))));
        var nodes = new JsonArray();
        await using (var query = db.App.CreateCommand("""
            SELECT SiloName, HostName, Address, Port, Generation, StartTime, IAmAliveTime, extract(epoch FROM now() - IAmAliveTime)
            FROM OrleansMembershipTable WHERE Status = 3 ORDER BY SiloName
            """))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var silo = $"{reader.GetString(2)}:{reader.GetInt32(3)}@{reader.GetInt32(4)}";
                nodes.Add(new JsonObject
                {
                    ["name"] = reader.GetString(0),
                    ["host"] = reader.GetString(1),
                    ["silo"] = silo,
                    ["startedAt"] = reader.GetFieldValue<DateTimeOffset>(5),
                    ["iAmAliveAt"] = reader.GetFieldValue<DateTimeOffset>(6),
                    ["secondsSinceIAmAlive"] = Math.Round(reader.GetDouble(7), 1),
                    ["activations"] = activations.GetValueOrDefault(silo) ?? [],
                });
            }
        }

        status["nodes"] = nodes;
        var reminders = new JsonObject();
        await using (var query = db.App.CreateCommand("SELECT ReminderName, count(*) FROM OrleansRemindersTable GROUP BY 1 ORDER BY 1"))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                reminders[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        status["reminders"] = reminders;
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
        var backups = new JsonArray();
        await using (var query = db.App.CreateCommand("""
            SELECT occurred_at, event_type, outcome, reason, metadata::text FROM audit.security_events
            WHERE event_type IN (1600, 1601) ORDER BY id DESC LIMIT 10
            """))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                backups.Add(new JsonObject
                {
                    ["occurredAt"] = reader.GetFieldValue<DateTimeOffset>(0),
                    ["type"] = Me.SecurityEventResponse.TypeName((Grains.Audit.SecurityEventType)reader.GetInt32(1)),
                    ["outcome"] = reader.GetString(2),
                    ["reason"] = reader.IsDBNull(3) ? null : reader.GetString(3),
                    ["details"] = JsonNode.Parse(reader.GetString(4)),
                });
            }
        }

        status["backups"] = backups;
        return status;
    }

    /// <summary>The grain class without its namespace, as the Orleans dashboard shows it.</summary>
    /// <summary>"Albumi.Grains.Sessions.SessionGrain,Albumi.Grains" → "SessionGrain" (the assembly part dropped first).</summary>
    private static string ShortTypeName(string grainType)
    {
        var typeName = grainType.Split(',')[0];
        return typeName[(typeName.LastIndexOf('.') + 1)..];
    }
}
