using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Albumi.Silo.Database;

/// <summary>
/// Where the database is and as whom Albumi reaches it. The configured connection string names a role that owns the
/// database and may create roles; Albumi migrates with it and serves requests only as the two roles it derives:
/// <c>{database}_app</c> (DML, subject to row-level security) and <c>{database}_audit</c> (append-only audit).
/// </summary>
public sealed class DatabaseSettings
{
    public const string ConnectionStringName = "Albumi";
    public const string EmbeddedDatabaseName = "albumi";

    public DatabaseSettings(string ownerConnectionString, EmbeddedPostgres? embedded = null)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        if (string.IsNullOrEmpty(owner.Database))
        {
            throw new ArgumentException("The Albumi connection string names no database (Database=…).", nameof(ownerConnectionString));
        }

        Embedded = embedded;
        OwnerConnectionString = owner.ConnectionString;
        DatabaseName = owner.Database;
        var prefix = RolePrefix(owner.Database);
        AppRole = prefix + "_app";
        AuditRole = prefix + "_audit";
        AppRolePassword = DerivePassword(owner.Password, AppRole);
        AuditRolePassword = DerivePassword(owner.Password, AuditRole);
        AppConnectionString = ForRole(owner, AppRole, AppRolePassword, "albumi");
        AuditConnectionString = ForRole(owner, AuditRole, AuditRolePassword, "albumi-audit");
    }

    /// <summary>The cluster Albumi runs itself when no connection string is configured.</summary>
    public EmbeddedPostgres? Embedded { get; }

    public string OwnerConnectionString { get; }

    public string DatabaseName { get; }

    public string AppRole { get; }

    public string AuditRole { get; }

    public string AppConnectionString { get; }

    public string AuditConnectionString { get; }

    internal string? AppRolePassword { get; }

    internal string? AuditRolePassword { get; }

    /// <summary>
    /// Reads <c>ConnectionStrings:Albumi</c>, then <c>ALBUMI_DB</c>, then the file named by <c>ALBUMI_DB_FILE</c>;
    /// with none of them, the embedded cluster in <c>Albumi:Embedded:DataDirectory</c> (or the default data folder).
    /// </summary>
    public static DatabaseSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration["ALBUMI_DB"];
        }

        if (string.IsNullOrWhiteSpace(connectionString) && configuration["ALBUMI_DB_FILE"] is { Length: > 0 } file)
        {
            connectionString = File.ReadAllText(file).Trim();
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new DatabaseSettings(connectionString);
        }

        var embedded = new EmbeddedPostgres(
            configuration["Albumi:Embedded:DataDirectory"] ?? DefaultDataDirectory(),
            binDirectory: configuration["Albumi:Embedded:PostgresBinDirectory"]);
        return new DatabaseSettings(embedded.ConnectionString(EmbeddedDatabaseName), embedded);
    }

    /// <summary>Root's default lies outside /root, which the postgres user cannot enter.</summary>
    public static string DefaultDataDirectory()
        => Environment.UserName == "root"
            ? "/var/lib/albumi/postgres"
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"),
                "albumi", "postgres");

    private static string RolePrefix(string database)
    {
        var prefix = new StringBuilder();
        foreach (var c in database.ToLowerInvariant())
        {
            prefix.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        if (prefix.Length == 0 || char.IsAsciiDigit(prefix[0]))
        {
            prefix.Insert(0, 'a');
        }

        return prefix.ToString(0, Math.Min(prefix.Length, 50));
    }

    /// <summary>
    /// Every node derives the same password for a role from the owner's password, so no node's restart locks the others
    /// out. Without an owner password (trust or peer authentication) the roles get none either.
    /// </summary>
    private static string? DerivePassword(string? ownerPassword, string role)
        => string.IsNullOrEmpty(ownerPassword)
            ? null
            : Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ownerPassword), Encoding.UTF8.GetBytes("albumi-role:" + role)));

    private static string ForRole(NpgsqlConnectionStringBuilder owner, string role, string? password, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(owner.ConnectionString)
        {
            Username = role,
            Password = password,
            ApplicationName = applicationName,
            PersistSecurityInfo = false,

            // Statements run often are prepared on each connection (parsed and planned once), as Npgsql does when asked.
            MaxAutoPrepare = owner.MaxAutoPrepare > 0 ? owner.MaxAutoPrepare : 64,
        };
        return builder.ConnectionString;
    }
}
