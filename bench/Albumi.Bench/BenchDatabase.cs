using Albumi.Silo.Database;

namespace Albumi.Bench;

/// <summary>A throwaway embedded PostgreSQL (fsync off) with one database, removed again on dispose.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _root;
    private readonly EmbeddedPostgres _server;

    private BenchDatabase(string root, EmbeddedPostgres server)
    {
        _root = root;
        _server = server;
    }

    /// <summary>A master key for field encryption, beside the data folder.</summary>
    public string MasterKeyFile => Path.Combine(_root, "master.key");

    /// <summary>The owner connection string of the database "bench".</summary>
    public string OwnerConnectionString => _server.ConnectionString("bench");

    public static async Task<BenchDatabase> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "albumi-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var server = new EmbeddedPostgres(Path.Combine(root, "pg"), durable: false);
        await server.StartAsync(CancellationToken.None);
        await server.EnsureDatabaseAsync("bench", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(root, "master.key"), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return new BenchDatabase(root, server);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        Directory.Delete(_root, recursive: true);
    }
}
