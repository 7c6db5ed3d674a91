using System.Text.Json;
using Albumi.Grains.Persistence;
using Albumi.Grains.Telemetry;
using Albumi.Grains.Time;
using Npgsql;
using NpgsqlTypes;

namespace Albumi.Grains.Audit;

/// <summary>The global security audit log: appended through the audit-writer role (INSERT and SELECT only), read as the runtime role.</summary>
public sealed class SecurityAuditLog(AlbumiDataSources dataSources, AlbumiClock clock, AlbumiMetrics metrics)
{
    /// <summary>The account events (recorded under no workspace) a workspace's audit shows of its members: not platform ones (operators, backups).</summary>
    private static readonly int[] MemberAccountEventTypes = [.. Enum.GetValues<SecurityEventType>().Where(t => (int)t is >= 1000 and < 1200 or >= 1300 and < 1400).Select(t => (int)t)];

    public async Task WriteAsync(SecurityEvent entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var insert = dataSources.AuditWriter.CreateCommand("""
            INSERT INTO audit.security_events
                (occurred_at, event_type, outcome, account_id, workspace_id, actor_account_id, ip, user_agent, provider, reason, metadata)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
            """);
        insert.Parameters.AddWithValue(clock.GetUtcNow());
        insert.Parameters.AddWithValue((int)entry.Type);
        insert.Parameters.AddWithValue(OutcomeName(entry.Outcome));
        AddNullable(insert.Parameters, entry.AccountId, NpgsqlDbType.Uuid);
        AddNullable(insert.Parameters, entry.WorkspaceId, NpgsqlDbType.Uuid);
        AddNullable(insert.Parameters, entry.ActorAccountId, NpgsqlDbType.Uuid);
        AddNullable(insert.Parameters, entry.Ip, NpgsqlDbType.Inet);
        AddNullable(insert.Parameters, Clip(entry.UserAgent, 512), NpgsqlDbType.Text);
        AddNullable(insert.Parameters, Clip(entry.Provider, 100), NpgsqlDbType.Text);
        AddNullable(insert.Parameters, Clip(entry.Reason, 200), NpgsqlDbType.Text);
        insert.Parameters.AddWithValue(JsonSerializer.Serialize(entry.Metadata ?? new Dictionary<string, string>()));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        metrics.Audited(entry.Type, entry.Outcome);
    }

    /// <summary>
    /// An account's own events, newest first; with <paramref name="problemsOnly"/>, only failures and blocks. Where
    /// another account acted (an admin of some workspace changed this account's role there), that person's address and
    /// browser are theirs, not this account's: they read as blank.
    /// </summary>
    public async Task<IReadOnlyList<SecurityEventRecord>> ForAccountAsync(
        Guid accountId, IReadOnlyCollection<SecurityEventType>? types, bool problemsOnly, int limit, long? beforeId, CancellationToken cancellationToken = default)
    {
        await using var query = dataSources.App.CreateCommand("""
            SELECT id, occurred_at, event_type, outcome, account_id, workspace_id, actor_account_id,
                   CASE WHEN actor_account_id <> account_id THEN NULL ELSE host(ip) END,
                   CASE WHEN actor_account_id <> account_id THEN NULL ELSE user_agent END,
                   provider, reason, metadata::text
            FROM audit.security_events
            WHERE account_id = $1
              AND ($2::int[] IS NULL OR event_type = ANY($2))
              AND (NOT $3 OR outcome <> 'success')
              AND ($4::bigint IS NULL OR id < $4)
            ORDER BY id DESC
            LIMIT $5
            """);
        query.Parameters.AddWithValue(accountId);
        query.Parameters.Add(new NpgsqlParameter { Value = types is null ? DBNull.Value : types.Select(t => (int)t).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        query.Parameters.AddWithValue(problemsOnly);
        AddNullable(query.Parameters, beforeId, NpgsqlDbType.Bigint);
        query.Parameters.AddWithValue(limit);
        var records = new List<SecurityEventRecord>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    /// <summary>
    /// A workspace's security events, newest first, with each event's account email and name resolved: what its own
    /// operations recorded (under its id), and its current members' account events (signing in and out, sessions,
    /// second factor, API keys), which belong to no workspace. Another workspace's events (a role change there, a
    /// removal, its admin's address and browser) are never among them, whoever they are about. Read inside the
    /// workspace's scope, so only its members qualify.
    /// </summary>
    public async Task<IReadOnlyList<(SecurityEventRecord Event, string? Email, string? DisplayName)>> ForWorkspaceAsync(
        Guid workspaceId, AuditQuery filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var scope = await WorkspaceScope.OpenAsync(dataSources.App, workspaceId, cancellationToken);
        await using var query = scope.CreateCommand("""
            SELECT e.id, e.occurred_at, e.event_type, e.outcome, e.account_id, e.workspace_id, e.actor_account_id, host(e.ip), e.user_agent,
                   e.provider, e.reason, e.metadata::text, a.email, a.display_name
            FROM audit.security_events e
            LEFT JOIN accounts a ON a.id = e.account_id
            WHERE (e.workspace_id = $1
                   OR (e.workspace_id IS NULL AND e.event_type = ANY($9)
                       AND e.account_id IN (SELECT m.account_id FROM workspace_members m WHERE m.workspace_id = $1)))
              AND ($2::int[] IS NULL OR e.event_type = ANY($2))
              AND ($3::uuid IS NULL OR e.account_id = $3)
              AND ($4::text IS NULL OR e.outcome = $4)
              AND ($5::timestamptz IS NULL OR e.occurred_at >= $5)
              AND ($6::timestamptz IS NULL OR e.occurred_at < $6)
              AND ($7::bigint IS NULL OR e.id < $7)
            ORDER BY e.id DESC
            LIMIT $8
            """);
        query.Parameters.AddWithValue(workspaceId);
        query.Parameters.Add(new NpgsqlParameter { Value = filter.Types is null ? DBNull.Value : filter.Types.Select(t => (int)t).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        AddNullable(query.Parameters, filter.AccountId, NpgsqlDbType.Uuid);
        AddNullable(query.Parameters, filter.Outcome is { } outcome ? OutcomeName(outcome) : null, NpgsqlDbType.Text);
        AddNullable(query.Parameters, filter.From, NpgsqlDbType.TimestampTz);
        AddNullable(query.Parameters, filter.To, NpgsqlDbType.TimestampTz);
        AddNullable(query.Parameters, filter.BeforeId, NpgsqlDbType.Bigint);
        query.Parameters.AddWithValue(filter.Limit);
        query.Parameters.AddWithValue(MemberAccountEventTypes);
        var rows = new List<(SecurityEventRecord, string?, string?)>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((Read(reader), Get<string?>(reader, 12), Get<string?>(reader, 13)));
        }

        return rows;
    }

    private static SecurityEventRecord Read(NpgsqlDataReader reader)
        => new(
            reader.GetInt64(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            (SecurityEventType)reader.GetInt32(2),
            reader.GetString(3) switch { "success" => SecurityOutcome.Success, "blocked" => SecurityOutcome.Blocked, _ => SecurityOutcome.Failure },
            Get<Guid?>(reader, 4),
            Get<Guid?>(reader, 5),
            Get<Guid?>(reader, 6),
            Get<string?>(reader, 7),
            Get<string?>(reader, 8),
            Get<string?>(reader, 9),
            Get<string?>(reader, 10),
            JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(11)) ?? []);

    internal static string OutcomeName(SecurityOutcome outcome) => outcome switch
    {
        SecurityOutcome.Success => "success",
        SecurityOutcome.Failure => "failure",
        SecurityOutcome.Blocked => "blocked",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static string? Clip(string? value, int max) => value is { Length: var n } && n > max ? value[..max] : value;

    private static T? Get<T>(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? default : reader.GetFieldValue<T>(ordinal);

    private static void AddNullable(NpgsqlParameterCollection parameters, object? value, NpgsqlDbType type)
        => parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
}
