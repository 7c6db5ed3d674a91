using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Npgsql;

namespace Albumi.Tests.Database;

/// <summary>The runtime role may not change the schema; the audit writer may only append to and read the audit log.</summary>
public sealed class DatabaseRoleTests : IAsyncLifetime
{
    private DatabaseSettings _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("CREATE TABLE sneaky (id int)")]
    [InlineData("ALTER TABLE workspace_settings DISABLE ROW LEVEL SECURITY")]
    [InlineData("DROP POLICY workspace_isolation ON workspace_settings")]
    [InlineData("DROP TABLE OrleansRemindersTable")]
    [InlineData("UPDATE OrleansQuery SET QueryText = 'SELECT 1'")]
    [InlineData("INSERT INTO schema_migrations (version, name, checksum) VALUES (999, 'x', 'x')")]
    [InlineData("INSERT INTO audit.security_events (event_type, outcome) VALUES (1, 'success')")]
    [InlineData("DELETE FROM audit.security_events")]
    [InlineData("SET ROLE postgres")]
    public async Task RuntimeRoleIsRefused(string sql)
        => await AssertRefusedAsync(_database.AppConnectionString, sql);

    [Theory]
    [InlineData("UPDATE audit.security_events SET outcome = 'success'")]
    [InlineData("DELETE FROM audit.security_events")]
    [InlineData("TRUNCATE audit.security_events")]
    [InlineData("SELECT count(*) FROM workspace_settings")]
    [InlineData("INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version) VALUES ('s', 'g', 'n', now(), 1000, 0, 0)")]
    [InlineData("CREATE TABLE audit.sneaky (id int)")]
    public async Task AuditWriterIsRefused(string sql)
        => await AssertRefusedAsync(_database.AuditConnectionString, sql);

    [Fact]
    public async Task AuditWriterAppendsAndReadsTheAuditLog()
    {
        await using var connection = await TestPostgres.OpenAsync(_database.AuditConnectionString);
        await using var insert = new NpgsqlCommand("INSERT INTO audit.security_events (event_type, outcome) VALUES (1000, 'success') RETURNING id", connection);
        var id = await insert.ExecuteScalarAsync();

        await using var read = new NpgsqlCommand("SELECT event_type FROM audit.security_events WHERE id = $1", connection);
        read.Parameters.AddWithValue(id!);
        Assert.Equal(1000, await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RuntimeRolesNeitherOwnNorBypassAnything()
    {
        await using var owner = await TestPostgres.OpenAsync(_database.OwnerConnectionString);
        await using var command = new NpgsqlCommand("""
            SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
                   EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid)
            FROM pg_roles r WHERE r.rolname IN ($1, $2)
            """, owner);
        command.Parameters.AddWithValue(_database.AppRole);
        command.Parameters.AddWithValue(_database.AuditRole);
        await using var reader = await command.ExecuteReaderAsync();
        var seen = 0;
        while (await reader.ReadAsync())
        {
            seen++;
            for (var column = 1; column <= 5; column++)
            {
                Assert.False(reader.GetBoolean(column), $"{reader.GetString(0)}: {reader.GetName(column)} is true");
            }
        }

        Assert.Equal(2, seen);
    }

    [Fact]
    public async Task BootingAgainIsIdempotentEvenWhenNodesBootTogether()
    {
        var levels = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SchemaSetup.RunAsync(_database, CancellationToken.None)));

        Assert.All(levels, level => Assert.Equal(Migration.All.Count, level));
        await using var owner = await TestPostgres.OpenAsync(_database.OwnerConnectionString);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", owner);
        Assert.Equal((long)Migration.All.Count, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AMigrationEditedAfterItWasAppliedStopsTheBoot()
    {
        await using (var owner = await TestPostgres.OpenAsync(_database.OwnerConnectionString))
        await using (var tamper = new NpgsqlCommand("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1", owner))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<DatabaseSetupException>(() => SchemaSetup.RunAsync(_database, CancellationToken.None));
        Assert.Contains("0001_runtime", refused.Message, StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(string connectionString, string sql)
    {
        await using var connection = await TestPostgres.OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.True(
            refused.SqlState is PostgresErrorCodes.InsufficientPrivilege,
            $"expected a privilege error for «{sql}», got {refused.SqlState}: {refused.MessageText}");
    }
}
