using System.Text.Json;
using Albumi.Grains.Persistence;
using Albumi.Silo.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Albumi.Silo.Cluster;

/// <summary>Keeps this node's row in <c>cluster_nodes</c> fresh for the operator dashboard; not used for placement.</summary>
internal sealed class NodeHeartbeatService(
    GrainRuntime runtime,
    AlbumiDataSources dataSources,
    IOptions<SiloOptions> options,
    ILogger<NodeHeartbeatService> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Marked stopped even when the host's shutdown budget is spent: a short budget of its own.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await using var command = dataSources.App.CreateCommand("UPDATE cluster_nodes SET stopped_at = $2, last_seen_at = $2 WHERE id = $1");
            command.Parameters.AddWithValue(runtime.Node.Id);
            command.Parameters.AddWithValue(runtime.TimeProvider.GetUtcNow());
            await command.ExecuteNonQueryAsync(timeout.Token);
        }
        catch (Exception exception)
        {
            SiloLog.HeartbeatFailed(logger, runtime.Node.Name, exception.Message);
        }
    }

    /// <summary>Writes the heartbeat row once (also called by tests).</summary>
    internal async Task BeatAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO cluster_nodes (id, name, host, started_at, last_seen_at, activations)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb)
            ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, activations = excluded.activations
            """;
        var node = runtime.Node;
        await using var command = dataSources.App.CreateCommand(sql);
        command.Parameters.AddWithValue(node.Id);
        command.Parameters.AddWithValue(node.Name);
        command.Parameters.AddWithValue(node.Host);
        command.Parameters.AddWithValue(node.StartedAt);
        command.Parameters.AddWithValue(runtime.TimeProvider.GetUtcNow());
        command.Parameters.AddWithValue(JsonSerializer.Serialize(runtime.CountActivations()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, runtime.TimeProvider);
        try
        {
            do
            {
                try
                {
                    await BeatAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    SiloLog.HeartbeatFailed(logger, runtime.Node.Name, exception.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
