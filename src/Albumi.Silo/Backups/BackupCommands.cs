using System.Globalization;
using Albumi.Grains.Audit;
using Albumi.Silo.Database;
using Npgsql;

namespace Albumi.Silo.Backups;

/// <summary>
/// The operator's backup commands (<c>backup setup | run [full|diff|incr] | drill [--to TIME] | info</c>), run on the
/// database host. Each says what it did; backups and drills are written to the security audit log, which <c>/ops</c> shows.
/// </summary>
public sealed class BackupCommands(BackupSettings settings, DatabaseSettings database, SecurityAuditLog audit, TextWriter output)
{
    private readonly PgBackRest _pgBackRest = new(settings);

    public async Task<int> RunAsync(string[] command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            switch (command)
            {
                case ["setup"]:
                    await SetupAsync(cancellationToken);
                    return 0;
                case ["run"]:
                    await BackupAsync("incr", cancellationToken);
                    return 0;
                case ["run", "full" or "diff" or "incr"]:
                    await BackupAsync(command[1], cancellationToken);
                    return 0;
                case ["drill"]:
                    await DrillAsync(null, cancellationToken: cancellationToken);
                    return 0;
                case ["drill", "--to", var text] when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var target):
                    await DrillAsync(target, cancellationToken: cancellationToken);
                    return 0;
                case ["info"]:
                    await output.WriteLineAsync(await _pgBackRest.RunAsync("info", cancellationToken: cancellationToken));
                    return 0;
                default:
                    await output.WriteLineAsync("usage: backup setup | backup run [full|diff|incr] | backup drill [--to 2026-12-04T10:15:00Z] | backup info");
                    return 2;
            }
        }
        catch (BackupException failure)
        {
            await output.WriteLineAsync($"failed: {failure.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Writes the repository's configuration, turns on continuous WAL archiving into it (restarting the embedded
    /// server, which needs it once; a server of your own is left for you to restart), creates the stanza and checks
    /// that archiving works.
    /// </summary>
    public async Task SetupAsync(CancellationToken cancellationToken = default)
    {
        await _pgBackRest.WriteConfigurationAsync(cancellationToken);
        await output.WriteLineAsync($"repository {settings.Repository}: encrypted (aes-256-cbc, passphrase from {settings.PassphraseFile}), {settings.RetentionFull} full backups kept, compression {settings.Compression}");

        await using (var connection = new NpgsqlConnection(database.OwnerConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            var wasArchiving = await ShowAsync(connection, "archive_mode", cancellationToken) == "on";
            foreach (var (name, value) in new[] { ("archive_mode", "on"), ("archive_command", _pgBackRest.ArchiveCommand), ("archive_timeout", "60s") })
            {
                await using var set = new NpgsqlCommand($"ALTER SYSTEM SET {name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'", connection);
                await set.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection))
            {
                await reload.ExecuteNonQueryAsync(cancellationToken);
            }

            await output.WriteLineAsync($"archive_command = {_pgBackRest.ArchiveCommand}; archive_timeout = 60s (a quiet database still archives within a minute of a write)");
            if (!wasArchiving)
            {
                if (database.Embedded is not { } embedded)
                {
                    await output.WriteLineAsync("archive_mode = on takes effect when PostgreSQL restarts: restart it, then run 'backup setup' again.");
                    return;
                }

                await connection.CloseAsync();
                await embedded.RestartAsync(cancellationToken);

                // Every pooled connection of this process died with the server.
                NpgsqlConnection.ClearAllPools();
                await output.WriteLineAsync("archive_mode = on (the embedded server was restarted for it)");
            }
        }

        await _pgBackRest.RunAsync("stanza-create", cancellationToken: cancellationToken);
        await _pgBackRest.RunAsync("check", cancellationToken: cancellationToken);
        await output.WriteLineAsync($"stanza '{BackupSettings.Stanza}' created; 'pgbackrest check' passed: WAL reaches the repository");
        await output.WriteLineAsync("schedule (crontab of the user running this command, or a systemd timer), e.g.:");
        await output.WriteLineAsync("  30 2 * * 0    dotnet Albumi.Silo.dll backup run full");
        await output.WriteLineAsync("  30 2 * * 1-6  dotnet Albumi.Silo.dll backup run incr");
        await output.WriteLineAsync("  0 4 1 * *     dotnet Albumi.Silo.dll backup drill");
    }

    /// <summary>Takes a backup (pgBackRest makes the first one full whatever is asked), then checks and verifies the repository.</summary>
    public async Task BackupAsync(string type, CancellationToken cancellationToken = default)
    {
        try
        {
            await _pgBackRest.RunAsync("backup", [$"--type={type}"], cancellationToken);
            await _pgBackRest.RunAsync("check", cancellationToken: cancellationToken);
            await _pgBackRest.RunAsync("verify", cancellationToken: cancellationToken);
        }
        catch (BackupException failure)
        {
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.BackupCompleted, SecurityOutcome.Failure, Reason: Clip(failure.Message),
                Metadata: new Dictionary<string, string> { ["type"] = type }), cancellationToken);
            throw;
        }

        var info = await _pgBackRest.RunAsync("info", cancellationToken: cancellationToken);
        var latest = info.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Contains(" backup: ", StringComparison.Ordinal)) ?? "";
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.BackupCompleted, SecurityOutcome.Success,
            Metadata: new Dictionary<string, string> { ["type"] = type, ["backup"] = latest }), cancellationToken);
        await output.WriteLineAsync($"backup done ({latest}); 'pgbackrest check' and 'verify' passed");
    }

    public async Task<DrillReport> DrillAsync(DateTimeOffset? target, IReadOnlyList<string>? hashedTables = null, CancellationToken cancellationToken = default)
    {
        DrillReport report;
        try
        {
            report = await new RestoreDrill(_pgBackRest, database).RunAsync(target, hashedTables, cancellationToken);
        }
        catch (Exception failure) when (failure is BackupException or NpgsqlException or DatabaseSetupException)
        {
            await audit.WriteAsync(new SecurityEvent(SecurityEventType.RestoreDrill, SecurityOutcome.Failure, Reason: Clip(failure.Message)), cancellationToken);
            throw failure as BackupException ?? new BackupException(failure.Message);
        }

        await output.WriteAsync(report.Describe());
        var outcome = report.RowSecurityAsSource ? SecurityOutcome.Success : SecurityOutcome.Failure;
        await audit.WriteAsync(new SecurityEvent(SecurityEventType.RestoreDrill, outcome, Metadata: new Dictionary<string, string>
        {
            ["rpoSeconds"] = report.RecoveryPoint?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "",
            ["rtoSeconds"] = report.RecoveryTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
            ["migrationLevel"] = report.MigrationLevel.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        return report;
    }

    private static async Task<string?> ShowAsync(NpgsqlConnection connection, string setting, CancellationToken cancellationToken)
    {
        await using var show = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string?)await show.ExecuteScalarAsync(cancellationToken);
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200];
}
