using System.Data.Common;
using Albumi.Grains;
using Albumi.Grains.Persistence;
using Npgsql;

namespace Albumi.Silo.Reminders;

/// <summary>The <c>grain_reminders</c> table: durable reminders, leased by one node at a time.</summary>
public sealed class ReminderTable(AlbumiDataSources dataSources)
{
    private const string LeaseDueSql = """
        WITH due AS (
            SELECT grain_type, grain_key, name
            FROM grain_reminders
            WHERE due_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
            ORDER BY due_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        UPDATE grain_reminders r
        SET lease_owner = @node, lease_token = gen_random_uuid(), lease_expires_at = @expires
        FROM due
        WHERE (r.grain_type, r.grain_key, r.name) = (due.grain_type, due.grain_key, due.name)
        RETURNING r.grain_type, r.grain_key, r.name, r.due_at, r.period_ms, r.lease_token
        """;

    public async Task RegisterOrUpdateAsync(GrainId grainId, string name, DateTimeOffset dueAt, TimeSpan? period, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (period is { } p && p < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A reminder's period is at least one millisecond.");
        }

        const string sql = """
            INSERT INTO grain_reminders (grain_type, grain_key, name, due_at, period_ms)
            VALUES (@type, @key, @name, @due, @period)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE
            SET due_at = excluded.due_at, period_ms = excluded.period_ms,
                lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
            """;
        await ExecuteAsync(sql, transaction, cancellationToken,
            ("type", grainId.Type), ("key", grainId.Key), ("name", name), ("due", dueAt),
            ("period", period is { } value ? (long)Math.Ceiling(value.TotalMilliseconds) : DBNull.Value));
    }

    public Task UnregisterAsync(GrainId grainId, string name, DbTransaction? transaction, CancellationToken cancellationToken)
        => ExecuteAsync("DELETE FROM grain_reminders WHERE grain_type = @type AND grain_key = @key AND name = @name", transaction, cancellationToken,
            ("type", grainId.Type), ("key", grainId.Key), ("name", name));

    /// <summary>When the reminder is next due, or null when there is no such reminder.</summary>
    public async Task<DateTimeOffset?> GetDueAtAsync(GrainId grainId, string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSources.App.CreateCommand(
            "SELECT due_at FROM grain_reminders WHERE grain_type = $1 AND grain_key = $2 AND name = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }

    /// <summary>Leases up to <paramref name="limit"/> due reminders nobody holds (or whose holder's lease expired).</summary>
    internal async Task<List<LeasedReminder>> LeaseDueAsync(NpgsqlConnection connection, Guid node, DateTimeOffset now, TimeSpan leaseDuration, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LeaseDueSql, connection);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("expires", now + leaseDuration);
        var leased = new List<LeasedReminder>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            leased.Add(new LeasedReminder(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.GetGuid(5)));
        }

        return leased;
    }

    /// <summary>After a successful firing: a one-shot reminder is deleted, a periodic one moves to its next due time after now.</summary>
    internal Task CompleteAsync(LeasedReminder reminder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (reminder.Period is not { } period)
        {
            return ExecuteAsync("DELETE FROM grain_reminders WHERE grain_type = @type AND grain_key = @key AND name = @name AND lease_token = @token",
                null, cancellationToken, ("type", reminder.GrainId.Type), ("key", reminder.GrainId.Key), ("name", reminder.Name), ("token", reminder.LeaseToken));
        }

        var missedPeriods = Math.Max(0, (now - reminder.DueAt).Ticks / period.Ticks);
        return ReleaseAsync(reminder, reminder.DueAt + (period * (missedPeriods + 1)), cancellationToken);
    }

    /// <summary>Extends a lease still held (same token) to <paramref name="expires"/>, while the reminder's handler runs.</summary>
    internal Task RenewAsync(LeasedReminder reminder, DateTimeOffset expires, CancellationToken cancellationToken)
        => ExecuteAsync("""
            UPDATE grain_reminders SET lease_expires_at = @expires
            WHERE grain_type = @type AND grain_key = @key AND name = @name AND lease_token = @token
            """, null, cancellationToken,
            ("expires", expires), ("type", reminder.GrainId.Type), ("key", reminder.GrainId.Key), ("name", reminder.Name), ("token", reminder.LeaseToken));

    /// <summary>Gives the lease back and makes the reminder due at <paramref name="dueAt"/>, unless it was re-registered meanwhile.</summary>
    internal Task ReleaseAsync(LeasedReminder reminder, DateTimeOffset dueAt, CancellationToken cancellationToken)
        => ExecuteAsync("""
            UPDATE grain_reminders SET due_at = @due, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
            WHERE grain_type = @type AND grain_key = @key AND name = @name AND lease_token = @token
            """, null, cancellationToken,
            ("due", dueAt), ("type", reminder.GrainId.Type), ("key", reminder.GrainId.Key), ("name", reminder.Name), ("token", reminder.LeaseToken));

    private async Task ExecuteAsync(string sql, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var ownConnection = transaction is null ? await dataSources.App.OpenConnectionAsync(cancellationToken) : null;
        try
        {
            await using var command = (transaction?.Connection ?? ownConnection)!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            if (ownConnection is not null)
            {
                await ownConnection.DisposeAsync();
            }
        }
    }
}
