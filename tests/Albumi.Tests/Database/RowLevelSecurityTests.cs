using System.Diagnostics;
using Albumi.Grains.Persistence;
using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Npgsql;

namespace Albumi.Tests.Database;

/// <summary>Tenant isolation checked against the database itself, connected as the runtime role the product uses.</summary>
public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private DatabaseSettings _database = null!;
    private NpgsqlDataSource _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _app = NpgsqlDataSource.Create(_database.AppConnectionString);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task WithoutAWorkspaceSettingReadsSeeNoRowsAndWritesRaise()
    {
        var workspace = Guid.NewGuid();
        await InsertSettingAsync(workspace, "theme");

        await using var connection = await _app.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM workspace_settings", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync());

        await using var insert = new NpgsqlCommand("INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'x', '1')", connection);
        insert.Parameters.AddWithValue(workspace);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task TheSettingLastsOnlyForItsTransaction()
    {
        var workspace = Guid.NewGuid();
        await InsertSettingAsync(workspace, "theme");
        await using var connection = await _app.OpenConnectionAsync();

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var set = new NpgsqlCommand("SELECT set_config('albumi.workspace_id', $1, true)", connection, transaction);
            set.Parameters.AddWithValue(workspace.ToString());
            await set.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM workspace_settings", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AScopeWithoutATransactionCarriesItsWorkspaceInEveryStatementAndLeavesNothingOnTheConnection()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await InsertSettingAsync(a, "theme");
        await InsertSettingAsync(b, "theme");

        // One connection in the pool: the plain connection below is the one the scope used.
        await using var single = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.AppConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        await using (var scope = await WorkspaceScope.OpenAsync(single, a))
        {
            for (var i = 0; i < 2; i++)
            {
                await using var read = scope.CreateCommand("SELECT workspace_id FROM workspace_settings");
                Assert.Equal(a, await read.ExecuteScalarAsync());
            }

            await using var insert = scope.CreateCommand("INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'font', '1')");
            insert.Parameters.AddWithValue(a);
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());

            await using var intoB = scope.CreateCommand("INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'font', '1')");
            intoB.Parameters.AddWithValue(b);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => intoB.ExecuteNonQueryAsync())).SqlState);

            // A refused statement takes nothing else with it: the insert into A committed on its own.
            await using var count = scope.CreateCommand("SELECT count(*) FROM workspace_settings");
            Assert.Equal(2L, await count.ExecuteScalarAsync());
        }

        await using var connection = await single.OpenConnectionAsync();
        await using var setting = new NpgsqlCommand("SELECT coalesce(current_setting('albumi.workspace_id', true), '')", connection);
        Assert.Equal("", await setting.ExecuteScalarAsync());
        await using var visible = new NpgsqlCommand("SELECT count(*) FROM workspace_settings", connection);
        Assert.Equal(0L, await visible.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AScopedTransactionSetsItsWorkspaceWithItsFirstStatementAndRollsBackWhenNotCommitted()
    {
        var a = Guid.NewGuid();
        await using (var scope = await WorkspaceScope.BeginAsync(_app, a))
        {
            await using var insert = scope.CreateCommand("INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'theme', '1') RETURNING workspace_id");
            insert.Parameters.AddWithValue(a);
            Assert.Equal(a, await insert.ExecuteScalarAsync());
            await using var read = scope.CreateCommand("SELECT count(*) FROM workspace_settings");
            Assert.Equal(1L, await read.ExecuteScalarAsync());
        }

        await using var after = await WorkspaceScope.OpenAsync(_app, a);
        await using var count = after.CreateCommand("SELECT count(*) FROM workspace_settings");
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task InWorkspaceAOtherWorkspacesRowsAreInvisibleAndCannotBeWritten()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        await InsertSettingAsync(a, "theme");
        await InsertSettingAsync(b, "theme");

        await using var scope = await WorkspaceScope.BeginAsync(_app, a);
        await using (var read = scope.CreateCommand("SELECT workspace_id FROM workspace_settings"))
        {
            Assert.Equal(a, await read.ExecuteScalarAsync());
        }

        await using (var update = scope.CreateCommand("UPDATE workspace_settings SET value = '\"hacked\"' WHERE workspace_id = $1"))
        {
            update.Parameters.AddWithValue(b);
            Assert.Equal(0, await update.ExecuteNonQueryAsync());
        }

        await using (var delete = scope.CreateCommand("DELETE FROM workspace_settings WHERE workspace_id = $1"))
        {
            delete.Parameters.AddWithValue(b);
            Assert.Equal(0, await delete.ExecuteNonQueryAsync());
        }

        await using (var moveAway = scope.CreateCommand("UPDATE workspace_settings SET workspace_id = $1"))
        {
            moveAway.Parameters.AddWithValue(b);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => moveAway.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        // The refusal aborted that transaction; a fresh scope of workspace A tries to write into B.
        await using var second = await WorkspaceScope.BeginAsync(_app, a);
        await using var insert = second.CreateCommand("INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'x', '1')");
        insert.Parameters.AddWithValue(b);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync())).SqlState);
    }

    [Fact]
    public async Task EveryScopeSendsItsSettingInTheRoundTripOfItsFirstStatement()
    {
        var (workspace, account) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var owner = await TestPostgres.OpenAsync(_database.OwnerConnectionString))
        {
            await using var seed = new NpgsqlBatch(owner)
            {
                BatchCommands =
                {
                    new("INSERT INTO workspaces (id, name, created_at) VALUES ($1, 'w', now())") { Parameters = { new() { Value = workspace } } },
                    new("INSERT INTO accounts (id, email, email_normalized, display_name, created_at) VALUES ($1, 'a@example.test', 'a@example.test', 'A', now())")
                    {
                        Parameters = { new() { Value = account } },
                    },
                    new("INSERT INTO workspace_members (workspace_id, account_id, role, joined_at) VALUES ($1, $2, 'owner', now())")
                    {
                        Parameters = { new() { Value = workspace }, new() { Value = account } },
                    },
                },
            };
            await seed.ExecuteNonQueryAsync();
        }

        using var trips = new RoundTrips(new NpgsqlConnectionStringBuilder(_database.AppConnectionString).Database!);

        await using (var scope = await WorkspaceScope.OpenAsync(_app, workspace))
        {
            await using var read = scope.CreateCommand("SELECT count(*) FROM workspace_settings");
            Assert.Equal(0L, await read.ExecuteScalarAsync());
        }

        Assert.Equal(1, trips.TakeCount());

        await using (var scope = await WorkspaceScope.BeginAsync(_app, workspace))
        {
            await using var insert = scope.CreateCommand("INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, 'theme', '1')");
            insert.Parameters.AddWithValue(workspace);
            await insert.ExecuteNonQueryAsync();
            await using var read = scope.CreateCommand("SELECT count(*) FROM workspace_settings");
            Assert.Equal(1L, await read.ExecuteScalarAsync());
            await scope.CommitAsync();
        }

        Assert.Equal(2, trips.TakeCount());

        var memberships = await AccountScope.ReadAsync(_app, account, "SELECT workspace_id FROM workspace_members", [], reader => reader.GetGuid(0));
        Assert.Equal([workspace], memberships);
        Assert.Equal(1, trips.TakeCount());
    }

    [Fact]
    public async Task EveryTableWithAWorkspaceIdForcesRowLevelSecurityWithAPolicy()
    {
        await using var owner = await TestPostgres.OpenAsync(_database.OwnerConnectionString);
        await using var command = new NpgsqlCommand("""
            SELECT c.relnamespace::regnamespace || '.' || c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
            FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
            WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace
            """, owner);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var table = reader.GetString(0);
            tables.Add(table);
            Assert.True(reader.GetBoolean(1), $"{table} does not ENABLE ROW LEVEL SECURITY");
            Assert.True(reader.GetBoolean(2), $"{table} does not FORCE ROW LEVEL SECURITY");
            Assert.True(reader.GetInt64(3) > 0, $"{table} has no policy");
        }

        Assert.Contains("public.workspace_settings", tables);
    }

    private async Task InsertSettingAsync(Guid workspace, string name)
    {
        await using var scope = await WorkspaceScope.BeginAsync(_app, workspace);
        await using var insert = scope.CreateCommand("INSERT INTO workspace_settings (workspace_id, name, value) VALUES ($1, $2, '\"v\"')");
        insert.Parameters.AddWithValue(workspace);
        insert.Parameters.AddWithValue(name);
        await insert.ExecuteNonQueryAsync();
        await scope.CommitAsync();
    }

    /// <summary>
    /// Counts the statements and batches Npgsql sends to one database (each is one round trip): its activity source
    /// reports every execution with its text, and the database name keeps other tests' executions out of the count.
    /// </summary>
    private sealed class RoundTrips : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public RoundTrips(string database)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    // Executions carry their text; opening a connection is reported too, but sends no statement.
                    if (activity.GetTagItem("db.query.text") is not null && database.Equals(activity.GetTagItem("db.namespace") as string, StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref _count);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int TakeCount() => Interlocked.Exchange(ref _count, 0);

        public void Dispose() => _listener.Dispose();
    }
}
