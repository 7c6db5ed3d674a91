using System.Globalization;
using System.Text;
using Albumi.Silo.Database;

namespace Albumi.Silo.Backups;

/// <summary>
/// pgBackRest (Debian package <c>pgbackrest</c>) on one repository: its configuration file lives beside the passphrase
/// file, readable by the server's user only (it holds the encryption passphrase, which never appears on a command
/// line or in output). Commands run as the server's user, as WAL archiving does.
/// </summary>
public sealed class PgBackRest(BackupSettings settings)
{
    public const string Executable = "pgbackrest";

    /// <summary>The server's <c>archive_command</c>: every finished WAL segment is pushed, encrypted, to the repository.</summary>
    public string ArchiveCommand => $"{Executable} --config={settings.ConfigFile} --stanza={BackupSettings.Stanza} archive-push %p";

    /// <summary>Writes the repository's configuration (idempotent) and hands the folder to the server's user.</summary>
    public async Task WriteConfigurationAsync(CancellationToken cancellationToken)
    {
        var passphrase = settings.ReadOrCreatePassphrase();
        if (Path.GetFullPath(settings.StateDirectory).StartsWith(Path.GetFullPath(settings.Repository) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BackupException($"The passphrase file {settings.PassphraseFile} is inside the repository {settings.Repository}: keep the key apart from what it protects.");
        }

        if (new[] { settings.Repository, settings.StateDirectory, settings.DataDirectory, settings.SocketDirectory }.FirstOrDefault(p => p.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '%')) is { } awkward)
        {
            throw new BackupException($"The path '{awkward}' has a space, quote or % in it, which the server's archive_command cannot carry; choose another.");
        }

        Directory.CreateDirectory(settings.Repository);
        Directory.CreateDirectory(settings.StateDirectory);
        var config = new StringBuilder()
            .AppendLine("[global]")
            .AppendLine(CultureInfo.InvariantCulture, $"repo1-path={settings.Repository}")
            .AppendLine("repo1-cipher-type=aes-256-cbc")
            .AppendLine(CultureInfo.InvariantCulture, $"repo1-cipher-pass={passphrase}")
            .AppendLine(CultureInfo.InvariantCulture, $"repo1-retention-full={settings.RetentionFull}")
            .AppendLine(CultureInfo.InvariantCulture, $"compress-type={settings.Compression}")
            .AppendLine(CultureInfo.InvariantCulture, $"log-path={Path.Combine(settings.StateDirectory, "log")}")
            .AppendLine(CultureInfo.InvariantCulture, $"lock-path={Path.Combine(settings.StateDirectory, "lock")}")
            .AppendLine(CultureInfo.InvariantCulture, $"spool-path={Path.Combine(settings.StateDirectory, "spool")}")
            .AppendLine("log-level-console=warn")
            .AppendLine("log-level-file=info")
            .AppendLine("start-fast=y")
            .AppendLine(CultureInfo.InvariantCulture, $"exclude=.s.PGSQL.{settings.Port}.lock")
            .AppendLine("exclude=server.log")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"[{BackupSettings.Stanza}]")
            .AppendLine(CultureInfo.InvariantCulture, $"pg1-path={settings.DataDirectory}")
            .AppendLine(CultureInfo.InvariantCulture, $"pg1-socket-path={settings.SocketDirectory}")
            .AppendLine(CultureInfo.InvariantCulture, $"pg1-port={settings.Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"pg1-user={EmbeddedPostgres.Superuser}")
            .ToString();
        await File.WriteAllTextAsync(settings.ConfigFile, config, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(settings.ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(settings.Repository, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(settings.StateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await EmbeddedPostgres.GiveToServerUserAsync(settings.Repository, cancellationToken);
        await EmbeddedPostgres.GiveToServerUserAsync(settings.StateDirectory, cancellationToken);
    }

    /// <summary>Runs one pgBackRest command on the stanza; a failure throws with pgBackRest's own message.</summary>
    public async Task<string> RunAsync(string command, IEnumerable<string>? options = null, CancellationToken cancellationToken = default)
    {
        string[] arguments = [$"--config={settings.ConfigFile}", $"--stanza={BackupSettings.Stanza}", .. options ?? [], command];
        var (exitCode, output) = await EmbeddedPostgres.RunAsServerUserAsync(Locate(), arguments, cancellationToken);
        return exitCode == 0 ? output : throw new BackupException($"pgbackrest {command} failed (exit code {exitCode}): {output.ReplaceLineEndings(" ")}");
    }

    private static string Locate()
        => new[] { "/usr/bin", "/usr/local/bin" }.Select(d => Path.Combine(d, Executable)).FirstOrDefault(File.Exists)
            ?? throw new BackupException("pgbackrest is not installed: apt-get install -y pgbackrest");
}
