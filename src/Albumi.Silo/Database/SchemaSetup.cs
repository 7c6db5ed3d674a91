using Npgsql;

namespace Albumi.Silo.Database;

/// <summary>
/// Run at every boot as the owning role, under an advisory lock so that nodes starting together take turns: applies
/// the migrations not applied yet, then (re)creates the runtime and audit-writer roles and their grants.
/// </summary>
public static class SchemaSetup
{
    private const long AdvisoryLockKey = 0x416C62756D69; // "Albumi"

    /// <summary>Migrates and provisions the roles; returns the migration level the database is at.</summary>
    public static async Task<int> RunAsync(DatabaseSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var connection = new NpgsqlConnection(settings.OwnerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            var level = await MigrateAsync(connection, cancellationToken);
            await ProvisionRolesAsync(connection, settings, cancellationToken);
            return level;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);

        var applied = new Dictionary<int, string>();
        await using (var read = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        if (applied.Keys.Any(v => v > Migration.All.Count))
        {
            throw new DatabaseSetupException(
                $"The database is at migration {applied.Keys.Max()} but this build knows only {Migration.All.Count}; run the newer Albumi build.");
        }

        foreach (var migration in Migration.All)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new DatabaseSetupException($"Migration {migration.Name} was changed after it was applied; add a new migration instead.");
                }

                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.AddWithValue(migration.Version);
                record.Parameters.AddWithValue(migration.Name);
                record.Parameters.AddWithValue(migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return Migration.All.Count;
    }

    private static async Task ProvisionRolesAsync(NpgsqlConnection connection, DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var app = PostgresIdentifier.Quote(settings.AppRole);
        var audit = PostgresIdentifier.Quote(settings.AuditRole);
        var database = PostgresIdentifier.Quote(settings.DatabaseName);
        await EnsureLoginRoleAsync(connection, settings.AppRole, settings.AppRolePassword, cancellationToken);
        await EnsureLoginRoleAsync(connection, settings.AuditRole, settings.AuditRolePassword, cancellationToken);

        await ExecuteAsync(connection, $"""
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            GRANT CONNECT ON DATABASE {database} TO {app}, {audit};
            GRANT USAGE ON SCHEMA public TO {app};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
            REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM {app};
            REVOKE INSERT, UPDATE, DELETE ON platform_operators FROM {app};
            REVOKE INSERT, UPDATE, DELETE ON orleansquery FROM {app};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};
            GRANT USAGE ON SCHEMA audit TO {app}, {audit};
            GRANT SELECT ON ALL TABLES IN SCHEMA audit TO {app};
            GRANT INSERT, SELECT ON ALL TABLES IN SCHEMA audit TO {audit};
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA audit TO {audit};
            GRANT EXECUTE ON FUNCTION audit.forget_account(uuid) TO {app};
            """, cancellationToken);
    }

    private static async Task EnsureLoginRoleAsync(NpgsqlConnection connection, string role, string? password, CancellationToken cancellationToken)
    {
        var quoted = PostgresIdentifier.Quote(role);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", connection))
        {
            exists.Parameters.AddWithValue(role);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await ExecuteAsync(connection, $"CREATE ROLE {quoted} LOGIN", cancellationToken);
            }
        }

        // The password is a hex digest (see DatabaseSettings), so it can stand in the statement as a literal.
        var passwordClause = password is null ? "PASSWORD NULL" : $"PASSWORD '{password}'";
        await ExecuteAsync(connection, $"ALTER ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT {passwordClause}", cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
