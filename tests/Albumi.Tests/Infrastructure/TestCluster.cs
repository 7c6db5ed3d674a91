using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Albumi.Tests.Infrastructure;

/// <summary>
/// Several nodes in one test process on one fresh database, each with its own runtime (the role Orleans' TestingHost
/// plays). Intervals are short so that the background services act within a test's patience.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestNode> _nodes = [];

    private TestCluster(DatabaseSettings database) => Database = database;

    public DatabaseSettings Database { get; }

    public IReadOnlyList<TestNode> Nodes => _nodes;

    public static async Task<TestCluster> StartAsync(int nodes, Action<Dictionary<string, string?>>? configure = null, TimeProvider? clock = null)
    {
        var cluster = new TestCluster(await TestPostgres.CreateDatabaseAsync());
        for (var i = 0; i < nodes; i++)
        {
            await cluster.StartNodeAsync(configure, clock);
        }

        return cluster;
    }

    public async Task<TestNode> StartNodeAsync(Action<Dictionary<string, string?>>? configure = null, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Albumi"] = Database.OwnerConnectionString,
            ["Albumi:Node:ReminderPollInterval"] = "00:00:00.100",
            ["Albumi:Node:ReminderLeaseDuration"] = "00:00:02",
            ["Albumi:Node:ReminderRetryDelay"] = "00:00:00.200",
            ["Albumi:Node:HeartbeatInterval"] = "00:00:00.500",
            ["Albumi:Node:ListenReconnectMaxDelay"] = "00:00:00.500",
        };
        configure?.Invoke(settings);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new TestLogSink();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(logs);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.AddAlbumiNode($"test-node-{_nodes.Count + 1}", typeof(TestCluster).Assembly);
        var host = builder.Build();
        await host.StartAsync();
        var node = new TestNode(host, logs);
        await node.Listener.Connected.WaitAsync(TimeSpan.FromSeconds(10));
        _nodes.Add(node);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
