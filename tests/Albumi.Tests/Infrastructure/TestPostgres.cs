using System.Diagnostics;
using System.Globalization;
using System.Text;
using Albumi.Silo.Database;
using Npgsql;

namespace Albumi.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run (a temporary folder, its own Unix socket, fsync off), and a
/// fresh database per caller, migrated and provisioned exactly as a node does it at boot.
/// </summary>
public static class TestPostgres
{
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static readonly List<string> DataRoots = [];
    private static EmbeddedPostgres? _server;

    // No test run lasts this long, so a folder this old belongs to a run that is over.
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromHours(2);

    // At exit the run hands its folders to a cleaner; a run that was killed cannot, so each run also hands over what
    // earlier runs left.
    static TestPostgres()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StartCleaner(OwnFolders());
        StartCleaner(LeftoversOfEarlierRuns());
    }

    /// <summary>A master key file for field encryption, shared by the run's web nodes (as one deployment's nodes share one).</summary>
    public static string MasterKeyFile { get; } = CreateMasterKeyFile();

    /// <summary>Creates a new database on the shared server and runs the real migrations and role set-up on it.</summary>
    public static async Task<DatabaseSettings> CreateDatabaseAsync()
    {
        var server = await GetServerAsync();
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await server.EnsureDatabaseAsync(name, CancellationToken.None);
        var settings = new DatabaseSettings(server.ConnectionString(name));
        await SchemaSetup.RunAsync(settings, CancellationToken.None);
        return settings;
    }

    /// <summary>A server of its own, for tests that stop and start it; the caller stops it.</summary>
    public static async Task<EmbeddedPostgres> StartPrivateServerAsync()
    {
        var server = new EmbeddedPostgres(NewDataDirectory(), durable: false);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    /// <summary>A short, fresh folder path for a data directory (Unix socket paths are limited to ~100 characters).</summary>
    public static string NewDataDirectory()
    {
        var root = Path.Combine(Path.GetTempPath(), "albumi-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        lock (DataRoots)
        {
            DataRoots.Add(root);
        }

        return Path.Combine(root, "pg");
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<EmbeddedPostgres> GetServerAsync()
    {
        if (_server is not null)
        {
            return _server;
        }

        await StartLock.WaitAsync();
        try
        {
            if (_server is null)
            {
                var server = new EmbeddedPostgres(NewDataDirectory(), durable: false);
                await server.StartAsync(CancellationToken.None);
                _server = server;
            }

            return _server;
        }
        finally
        {
            StartLock.Release();
        }
    }

    private static string CreateMasterKeyFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"albumi-test-master-{Guid.NewGuid():N}.key");
        File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }

    /// <summary>
    /// Starts a process of its own that stops any server still running in <paramref name="roots"/>, waits for it to go
    /// and then deletes the folders. The test host is ended within a second of its last result, before a stop and a 2 GB
    /// delete can finish in it; the cleaner, in a session of its own, outlives it.
    /// </summary>
    private static void StartCleaner(List<string> roots)
    {
        if (roots.Count == 0)
        {
            return;
        }

        var script = new StringBuilder("exec </dev/null >/dev/null 2>&1\n");
        foreach (var root in roots)
        {
            script.Append(CultureInfo.InvariantCulture, $"""
                pid=$(head -n 1 '{root}/pg/postmaster.pid' 2>/dev/null) && kill -INT "$pid" && for _ in $(seq 300); do kill -0 "$pid" || break; sleep 0.1; done
                rm -rf '{root}'

                """);
        }

        var cleaner = new ProcessStartInfo("setsid") { UseShellExecute = false };
        cleaner.ArgumentList.Add("sh");
        cleaner.ArgumentList.Add("-c");
        cleaner.ArgumentList.Add(script.ToString());
        using var process = Process.Start(cleaner);
    }

    private static List<string> OwnFolders()
    {
        lock (DataRoots)
        {
            return [.. DataRoots];
        }
    }

    private static List<string> LeftoversOfEarlierRuns()
        => [.. Directory.EnumerateDirectories(Path.GetTempPath(), "albumi-test-*").Where(root => DateTime.UtcNow - Directory.GetLastWriteTimeUtc(root) >= LeftoverAge)];
}
