using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Albumi.Silo.Database;

/// <summary>
/// A PostgreSQL cluster in a folder of our own, run with the installed server binaries (initdb, pg_ctl). It listens on
/// a Unix socket inside its data folder only (no TCP), so trust authentication reaches no one but this OS user.
/// When run as root the server runs as the <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class EmbeddedPostgres
{
    public const string Superuser = "postgres";
    public const int Port = 5432;
    private readonly string _binDirectory;
    private readonly bool _durable;
    private readonly string _serverOptions;

    /// <param name="dataDirectory">The cluster's folder; created with initdb when it holds no cluster.</param>
    /// <param name="durable">False turns fsync off: for throwaway test clusters only.</param>
    /// <param name="binDirectory">Where initdb and pg_ctl are; searched for when null.</param>
    /// <param name="serverOptions">More <c>-c name=value</c> server settings (a restore drill's cluster turns WAL archiving off).</param>
    public EmbeddedPostgres(string dataDirectory, bool durable = true, string? binDirectory = null, string serverOptions = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
        _binDirectory = LocateBinaries(binDirectory);
        _durable = durable;
        _serverOptions = serverOptions;
        if (Path.Combine(DataDirectory, $".s.PGSQL.{Port}").Length > 100)
        {
            throw new ArgumentException($"The data folder path '{DataDirectory}' is too long for a Unix socket inside it; choose a shorter one.", nameof(dataDirectory));
        }
    }

    public string DataDirectory { get; }

    /// <summary>True when this process is root: then the server and its tools run as the <c>postgres</c> user.</summary>
    public static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>The folder holding initdb and pg_ctl, or a one-line error naming the Debian package to install.</summary>
    public static string LocateBinaries(string? binDirectory = null)
    {
        var candidates = new List<string>();
        if (binDirectory is not null)
        {
            candidates.Add(binDirectory);
        }
        else if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        if (binDirectory is null)
        {
            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new PostgresNotInstalledException(
                $"PostgreSQL server binaries (initdb, pg_ctl) were not found in {binDirectory ?? "/usr/lib/postgresql/*/bin or on PATH"}: install them with 'apt-get install -y postgresql', or set ConnectionStrings__Albumi to use an existing server.");
    }

    /// <summary>A connection string for the superuser of this cluster.</summary>
    public string ConnectionString(string database)
        => new NpgsqlConnectionStringBuilder { Host = DataDirectory, Port = Port, Username = Superuser, Database = database }.ConnectionString;

    /// <summary>
    /// True once this instance started the server (it was not running): only then is stopping it this process's business.
    /// A node or command that found it running (another node's, an operator command beside a running node) leaves it running.
    /// </summary>
    public bool StartedHere { get; private set; }

    /// <summary>Creates the cluster if the folder has none, and starts it unless it is running already.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await StartServerAsync(cancellationToken))
        {
            StartedHere = true;
        }
    }

    /// <summary>Stops the cluster (fast shutdown: sessions are disconnected, committed work is kept).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"], cancellationToken, throwOnFailure: false);
        }
    }

    /// <summary>Stops the cluster only when this instance started it (see <see cref="StartedHere"/>).</summary>
    public async Task StopIfStartedHereAsync(CancellationToken cancellationToken = default)
    {
        if (StartedHere)
        {
            await StopAsync(cancellationToken);
            StartedHere = false;
        }
    }

    /// <summary>Restarts the cluster (for a setting that needs it) without taking it over: whoever started it still owns it.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken);
        await StartServerAsync(cancellationToken);
    }

    /// <summary>Starts the server unless it runs; true when this call started it.</summary>
    private async Task<bool> StartServerAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(cancellationToken);
        }

        if (await RunAsync("pg_ctl", ["status", "-D", DataDirectory], cancellationToken, throwOnFailure: false) == 0)
        {
            return false;
        }

        var serverOptions = $"-c listen_addresses='' -c unix_socket_directories='{DataDirectory}' -c unix_socket_permissions=0700 -p {Port}"
            + (_durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            + (_serverOptions.Length > 0 ? " " + _serverOptions : "");
        await RunAsync("pg_ctl", ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(DataDirectory, "server.log"), "-o", serverOptions], cancellationToken);
        return true;
    }

    /// <summary>Creates the database unless it exists.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {PostgresIdentifier.Quote(database)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        if (RunningAsRoot)
        {
            await RunProcessAsync("chown", ["postgres:postgres", DataDirectory], cancellationToken);
        }

        await RunAsync("initdb", ["-D", DataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--no-locale"], cancellationToken);
    }

    private Task<int> RunAsync(string tool, string[] arguments, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var (fileName, asServerUser) = AsServerUser(Path.Combine(_binDirectory, tool), arguments);
        return RunProcessAsync(fileName, asServerUser, cancellationToken, throwOnFailure);
    }

    /// <summary>Runs a PostgreSQL tool (pg_ctl, pgbackrest) as the server's user; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsServerUserAsync(string executable, string[] arguments, CancellationToken cancellationToken)
    {
        var (fileName, asServerUser) = AsServerUser(executable, arguments);
        var (exitCode, output, error) = await CaptureAsync(fileName, asServerUser, cancellationToken);
        return (exitCode, (output + error).Trim());
    }

    /// <summary>Hands a folder to the server's user (when running as root), as the server and pgBackRest need.</summary>
    public static async Task GiveToServerUserAsync(string folder, CancellationToken cancellationToken)
    {
        if (RunningAsRoot)
        {
            await RunProcessAsync("chown", ["-R", "postgres:postgres", folder], cancellationToken);
        }
    }

    /// <summary>As root, a tool of the server runs as its user (PostgreSQL refuses root).</summary>
    private static (string FileName, string[] Arguments) AsServerUser(string executable, string[] arguments)
        => RunningAsRoot ? ("runuser", ["-u", Superuser, "--", executable, .. arguments]) : (executable, arguments);

    private static async Task<int> RunProcessAsync(string fileName, string[] arguments, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var (exitCode, output, error) = await CaptureAsync(fileName, arguments, cancellationToken);
        if (throwOnFailure && exitCode != 0)
        {
            var detail = error.Trim().ReplaceLineEndings(" ");
            throw new DatabaseSetupException(
                $"{Path.GetFileName(arguments.Length > 3 && fileName == "runuser" ? arguments[3] : fileName)} failed with exit code {exitCode}: {(detail.Length > 0 ? detail : output.Trim().ReplaceLineEndings(" "))}"
                + (RunningAsRoot && detail.Contains("Permission denied", StringComparison.Ordinal) ? " (as root the server runs as the postgres user, which must be able to reach the data folder)" : ""));
        }

        return exitCode;
    }

    private static async Task<(int ExitCode, string Output, string Error)> CaptureAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
