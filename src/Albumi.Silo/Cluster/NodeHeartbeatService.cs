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
    SiloMetrics metrics,
    AlbumiDataSources dataSources,
    IOptions<SiloOptions> options,
    ILogger<NodeHeartbeatService> logger) : BackgroundService
{
    private GrainCallStats.Snapshot _lastCalls = GrainCallStats.Snapshot.Empty;
    private DateTimeOffset? _lastBeat;

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

    /// <summary>
    /// Writes the heartbeat row once (also called by tests): activations per grain type now, and the grain calls since
    /// the previous beat (since the node started, on the first).
    /// </summary>
    internal async Task BeatAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO cluster_nodes (id, name, host, started_at, last_seen_at, activations, calls)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
            ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, activations = excluded.activations, calls = excluded.calls
            """;
        var node = runtime.Node;
        var now = runtime.TimeProvider.GetUtcNow();
        var calls = metrics.Calls.Take();
        var window = GrainCallStats.Between(_lastCalls, calls, (now - (_lastBeat ?? node.StartedAt)).TotalSeconds);
        await using var command = dataSources.App.CreateCommand(sql);
        command.Parameters.AddWithValue(node.Id);
        command.Parameters.AddWithValue(node.Name);
        command.Parameters.AddWithValue(node.Host);
        command.Parameters.AddWithValue(node.StartedAt);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(JsonSerializer.Serialize(runtime.CountActivations()));
        command.Parameters.AddWithValue(JsonSerializer.Serialize(window, JsonOptions));
        await command.ExecuteNonQueryAsync(cancellationToken);
        (_lastCalls, _lastBeat) = (calls, now);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

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
