using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Albumi.Grains.Audit;
using Albumi.Grains.Persistence;
using Albumi.Grains.Telemetry;
using Albumi.Grains.Time;
using Albumi.Silo.Backups;
using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Albumi.Tests.Operations;

/// <summary>
/// Backups with pgBackRest and the restore drill, end to end on a PostgreSQL server of the test's own: set up
/// (archiving on, encrypted repository), a full backup, a row written, the point noted, another row written, and a
/// drill to that point in a fresh cluster. The repository is uncompressed here so that only encryption can hide a
/// row's value in it.
/// </summary>
public sealed class BackupDrillTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("albumi-backup-").FullName;
    private EmbeddedPostgres _server = null!;
    private DatabaseSettings _database = null!;

    public async Task InitializeAsync()
    {
        _server = await TestPostgres.StartPrivateServerAsync();
        await _server.EnsureDatabaseAsync(DatabaseSettings.EmbeddedDatabaseName, CancellationToken.None);
        _database = new DatabaseSettings(_server.ConnectionString(DatabaseSettings.EmbeddedDatabaseName), _server);
        await SchemaSetup.RunAsync(_database, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ADrillToAPointInTimeHasTheRowsBeforeItAndNoneAfterFromAnEncryptedRepository()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "keys"));
        var passphraseFile = Path.Combine(_folder, "keys", "passphrase");
        await File.WriteAllTextAsync(passphraseFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        var settings = new BackupSettings(Path.Combine(_folder, "repository"), passphraseFile, _server.DataDirectory, _server.DataDirectory,
            EmbeddedPostgres.Port, RetentionFull: 2, Compression: "none");
        await EmbeddedPostgres.GiveToServerUserAsync(_folder, CancellationToken.None);
        var output = new StringWriter();
        var commands = new BackupCommands(settings, _database, Audit(), output);

        Assert.Equal(0, await commands.RunAsync(["setup"]));
        Assert.Equal(0, await commands.RunAsync(["run", "full"]));
        var before = await InsertAccountAsync("before");
        var (point, hashAtPoint) = await NowAndHashAsync();
        var after = await InsertAccountAsync("after");

        var report = await commands.DrillAsync(point, hashedTables: ["accounts"]);
        log.WriteLine(output.ToString());

        Assert.Equal(hashAtPoint, report.Hashes["accounts"]);
        Assert.Equal(1, report.RowCounts["public.accounts"]);
        Assert.NotEqual((await NowAndHashAsync()).Hash, report.Hashes["accounts"]);
        Assert.Equal(Migration.All.Count, report.MigrationLevel);
        Assert.True(report.RowSecurityAsSource, "row-level security is forced on the same tables as on the source");
        Assert.NotEmpty(report.ForcedRowSecurity);
        Assert.NotNull(report.RecoveryPoint);
        Assert.InRange(report.RecoveryPoint.Value, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.Contains("RPO: ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("RTO: ", output.ToString(), StringComparison.Ordinal);

        // The rows' values are in the source's WAL in plain text, and nowhere in the repository, which holds that WAL.
        Assert.True(FolderContains(Path.Combine(_server.DataDirectory, "pg_wal"), after), "the needle is findable where it is not encrypted");
        Assert.False(FolderContains(settings.Repository, before), "a row's value appears in the backup repository");
        Assert.False(FolderContains(settings.Repository, after), "a row's value appears in the backup repository");
        Assert.False(FolderContains(settings.Repository, await File.ReadAllTextAsync(passphraseFile)), "the key travels with the repository");

        await using var connection = await TestPostgres.OpenAsync(_database.OwnerConnectionString);
        await using var events = new NpgsqlCommand("SELECT event_type, outcome FROM audit.security_events WHERE event_type IN (1600, 1601) ORDER BY id", connection);
        await using var reader = await events.ExecuteReaderAsync();
        var written = new List<string>();
        while (await reader.ReadAsync())
        {
            written.Add($"{(SecurityEventType)reader.GetInt32(0)}:{reader.GetString(1)}");
        }

        Assert.Equal(["BackupCompleted:success", "RestoreDrill:success"], written);
    }

    private SecurityAuditLog Audit()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var sources = new AlbumiDataSources(NpgsqlDataSource.Create(_database.AppConnectionString), NpgsqlDataSource.Create(_database.AuditConnectionString));
        return new SecurityAuditLog(sources, AlbumiClock.System, new AlbumiMetrics(meters));
    }

    private async Task<string> InsertAccountAsync(string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.test";
        await using var connection = await TestPostgres.OpenAsync(_database.OwnerConnectionString);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO accounts (id, email, email_normalized, display_name, created_at) VALUES ($1, $2, $2, $3, now())", connection);
        insert.Parameters.AddWithValue(Guid.NewGuid());
        insert.Parameters.AddWithValue(email);
        insert.Parameters.AddWithValue(name);
        await insert.ExecuteNonQueryAsync();
        return email;
    }

    private async Task<(DateTimeOffset Now, string Hash)> NowAndHashAsync()
    {
        await using var connection = await TestPostgres.OpenAsync(_database.OwnerConnectionString);
        await using var now = new NpgsqlCommand("SELECT clock_timestamp()", connection);
        var point = new DateTimeOffset((DateTime)(await now.ExecuteScalarAsync())!, TimeSpan.Zero);
        return (point, await RestoreDrill.TableHashAsync(connection, "accounts"));
    }

    private static bool FolderContains(string folder, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Any(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0);
    }
}
