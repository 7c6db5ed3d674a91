using System.Diagnostics;
using System.Globalization;
using Albumi.Silo.Database;
using Npgsql;

namespace Albumi.Silo.Backups;

/// <summary>
/// Proves a backup restores: the latest backup (or a point in time) is restored into a fresh cluster in a folder of
/// its own, started with WAL archiving off (it must never push into the source's repository), checked, and removed.
/// The report holds the figures an operator promises: RPO (the chosen point against the last transaction the restore
/// holds) and RTO (wall time from restore to checked).
/// </summary>
public sealed class RestoreDrill(PgBackRest pgBackRest, DatabaseSettings source)
{
    /// <summary>The tables whose content is hashed when none are chosen.</summary>
    public static readonly string[] DefaultHashedTables = ["schema_migrations", "accounts", "workspaces", "workspace_members"];

    private static readonly TimeSpan RecoveryPatience = TimeSpan.FromMinutes(10);

    /// <param name="target">The point to restore to; null restores everything archived.</param>
    /// <param name="hashedTables">Tables whose content hash the report carries; null for <see cref="DefaultHashedTables"/>.</param>
    /// <param name="cancellationToken">Stops the drill (the restored cluster is still stopped and removed).</param>
    public async Task<DrillReport> RunAsync(DateTimeOffset? target, IReadOnlyList<string>? hashedTables, CancellationToken cancellationToken = default)
    {
        var tables = hashedTables ?? DefaultHashedTables;

        // Archives the WAL written so far, so the restore can reach any point up to now.
        await pgBackRest.RunAsync("check", cancellationToken: cancellationToken);
        var clock = Stopwatch.StartNew();
        var root = Directory.CreateTempSubdirectory("albumi-drill-").FullName;
        var dataDirectory = Path.Combine(root, "pg");
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await EmbeddedPostgres.GiveToServerUserAsync(root, cancellationToken);
        var restored = new EmbeddedPostgres(dataDirectory, serverOptions: "-c archive_mode=off");
        try
        {
            string[] options = target is { } point
                ? [$"--pg1-path={dataDirectory}", "--type=time", $"--target={point.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00", "--target-action=promote"]
                : [$"--pg1-path={dataDirectory}"];
            await pgBackRest.RunAsync("restore", options, cancellationToken);

            // The embedded layout keeps its socket and log in the data folder: what the source's server left there is not ours.
            foreach (var leftover in Directory.EnumerateFiles(dataDirectory, ".s.PGSQL.*").Append(Path.Combine(dataDirectory, "server.log")).Where(File.Exists))
            {
                File.Delete(leftover);
            }

            try
            {
                await restored.StartAsync(cancellationToken);
            }
            catch (DatabaseSetupException failure)
            {
                var log = Path.Combine(dataDirectory, "server.log");
                var tail = File.Exists(log) ? string.Join(" | ", (await File.ReadAllLinesAsync(log, cancellationToken)).TakeLast(8)) : "no server log";
                throw new BackupException($"The restored cluster did not start ({failure.Message}): {tail}");
            }

            await using var connection = new NpgsqlConnection(restored.ConnectionString(source.DatabaseName));
            await connection.OpenAsync(cancellationToken);
            var lastTransaction = await RecoveredAsync(connection, cancellationToken);
            var counts = await RowCountsAsync(connection, cancellationToken);
            var hashes = new Dictionary<string, string>();
            foreach (var table in tables)
            {
                hashes[table] = await TableHashAsync(connection, table, cancellationToken);
            }

            var level = await MigrationLevelAsync(connection, cancellationToken);
            var forced = await ForcedRowSecurityAsync(connection, cancellationToken);
            await using var live = new NpgsqlConnection(source.OwnerConnectionString);
            await live.OpenAsync(cancellationToken);
            var sourceForced = await ForcedRowSecurityAsync(live, cancellationToken);
            clock.Stop();

            var restoredTo = target ?? DateTimeOffset.UtcNow;
            return new DrillReport(
                target, lastTransaction, lastTransaction is { } last ? restoredTo - last : null, clock.Elapsed, level, counts, hashes,
                ForcedRowSecurity: forced, RowSecurityAsSource: forced.Count > 0 && forced.SetEquals(sourceForced));
        }
        finally
        {
            await restored.StopAsync(CancellationToken.None);
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A content hash of a table: md5 over its rows as text, in a fixed order. Equal hashes, equal content.</summary>
    public static async Task<string> TableHashAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            $"SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {PostgresIdentifier.Quote(table)} t", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Waits for the restored cluster to leave recovery; returns the commit time of the last transaction it replayed.</summary>
    private static async Task<DateTimeOffset?> RecoveredAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var query = new NpgsqlCommand("SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp()", connection);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0))
            {
                return reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
            }

            if (deadline.Elapsed > RecoveryPatience)
            {
                throw new BackupException($"The restored cluster was still recovering after {RecoveryPatience.TotalMinutes:F0} minutes.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<SortedDictionary<string, long>> RowCountsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }

    private static async Task<int> MigrationLevelAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_migrations", connection);
        return Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<HashSet<string>> ForcedRowSecurityAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand(
            "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relkind = 'r' AND c.relrowsecurity AND c.relforcerowsecurity", connection);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
