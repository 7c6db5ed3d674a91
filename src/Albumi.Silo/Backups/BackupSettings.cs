using System.Globalization;
using System.Security.Cryptography;
using Albumi.Silo.Database;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Albumi.Silo.Backups;

/// <summary>
/// Where and how pgBackRest keeps the database's backups (section <c>Albumi:Backup</c>). With the embedded database
/// everything has a default beside its data folder (the passphrase file is created once, mode 0600); with a server of
/// your own, the repository, the passphrase file and the server's data folder must be given.
/// </summary>
/// <param name="Repository">The backup repository folder (encrypted backups and WAL archive).</param>
/// <param name="PassphraseFile">A file holding the repository's encryption passphrase.</param>
/// <param name="DataDirectory">The PostgreSQL server's data folder (pgBackRest reads it directly: run on the database host).</param>
/// <param name="SocketDirectory">The folder of the server's Unix socket.</param>
/// <param name="Port">The server's port (names its socket).</param>
/// <param name="RetentionFull">How many full backups are kept (with the incrementals and WAL they need).</param>
/// <param name="Compression">pgBackRest's compress-type: lz4, zst, gz or none.</param>
public sealed record BackupSettings(
    string Repository, string PassphraseFile, string DataDirectory, string SocketDirectory, int Port, int RetentionFull, string Compression)
{
    public const string Section = "Albumi:Backup";

    /// <summary>The pgBackRest stanza: the name the repository knows this database's cluster by.</summary>
    public const string Stanza = "albumi";

    /// <summary>
    /// pgBackRest's configuration (it holds the passphrase), logs and locks: beside the passphrase file, never in the
    /// repository, so a copy of the repository taken off the host carries no key.
    /// </summary>
    public string StateDirectory => Path.Combine(Path.GetDirectoryName(PassphraseFile)!, "pgbackrest");

    public string ConfigFile => Path.Combine(StateDirectory, "pgbackrest.conf");

    public static BackupSettings FromConfiguration(IConfiguration configuration, DatabaseSettings database)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(database);
        var section = configuration.GetSection(Section);
        var embedded = database.Embedded;
        var beside = embedded is null ? null : Path.GetDirectoryName(embedded.DataDirectory)!;
        var connection = new NpgsqlConnectionStringBuilder(database.OwnerConnectionString);
        var retention = section["RetentionFull"] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0
            : 7;
        var compression = section["Compression"] is { Length: > 0 } c ? c : "lz4";
        if (retention < 1 || compression is not ("lz4" or "zst" or "gz" or "bz2" or "none"))
        {
            throw new BackupException($"{Section}:RetentionFull must be at least 1 and {Section}:Compression one of lz4, zst, gz, bz2, none.");
        }

        return new BackupSettings(
            Repository: Path.GetFullPath(section["Repository"] ?? (beside is null ? Required(section, "Repository") : Path.Combine(beside, "backups"))),
            PassphraseFile: Path.GetFullPath(section["PassphraseFile"] ?? (beside is null ? Required(section, "PassphraseFile") : Path.Combine(beside, "backup.passphrase"))),
            DataDirectory: section["PgDataDirectory"] ?? embedded?.DataDirectory ?? Required(section, "PgDataDirectory"),
            SocketDirectory: section["PgSocketDirectory"] ?? embedded?.DataDirectory ?? (connection.Host is { } host && host.StartsWith('/') ? host : "/var/run/postgresql"),
            Port: embedded is null ? connection.Port : EmbeddedPostgres.Port,
            RetentionFull: retention,
            Compression: compression);
    }

    /// <summary>The passphrase; with the embedded database's default file, created on first use.</summary>
    public string ReadOrCreatePassphrase()
    {
        if (!File.Exists(PassphraseFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(PassphraseFile)!);
            File.WriteAllText(PassphraseFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(PassphraseFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var passphrase = File.ReadAllText(PassphraseFile).Trim();
        return passphrase.Length >= 20
            ? passphrase
            : throw new BackupException($"The passphrase in {PassphraseFile} is shorter than 20 characters; use a long random one (openssl rand -base64 48).");
    }

    private static string Required(IConfigurationSection section, string key)
        => throw new BackupException($"{section.Path}:{key} is not set: with a database server of your own, say where (see README, Operations).");
}
