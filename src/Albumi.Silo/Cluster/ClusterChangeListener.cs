using Albumi.Grains;
using Albumi.Grains.Persistence;
using Albumi.Silo.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Albumi.Silo.Cluster;

/// <summary>
/// Holds the node's LISTEN connection and turns every grain change notice into a dropped activation. While the
/// connection is down the runtime trusts no cached activation; once it is back, everything loaded before is dropped,
/// since notices sent in between were missed.
/// </summary>
internal sealed class ClusterChangeListener(
    GrainRuntime runtime,
    AlbumiDataSources dataSources,
    IOptions<SiloOptions> options,
    ILogger<ClusterChangeListener> logger) : BackgroundService
{
    private int _connections;
    private readonly TaskCompletionSource _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the node listened for the first time (tests and start-up wait on it).</summary>
    public Task Connected => _firstConnection.Task;

    /// <summary>How many times the LISTEN connection was established.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Whether the LISTEN connection is up right now.</summary>
    public bool IsListening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSources.App.OpenConnectionAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var name = new NpgsqlCommand("SELECT set_config('application_name', $1, false)", connection))
                {
                    name.Parameters.AddWithValue(ApplicationName(runtime.Node.Id));
                    await name.ExecuteNonQueryAsync(stoppingToken);
                }

                await using (var listen = new NpgsqlCommand($"LISTEN {GrainChangeNotice.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                IsListening = true;
                Interlocked.Increment(ref _connections);
                runtime.OnListenEstablished();
                SiloLog.ListenEstablished(logger, GrainChangeNotice.Channel);
                _firstConnection.TrySetResult();
                delay = TimeSpan.FromMilliseconds(100);
                while (true)
                {
                    // A keep-alive round trip every few seconds notices a dead connection even when no notice arrives.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                IsListening = false;
                runtime.OnListenLost();
                SiloLog.ListenLost(logger, exception.Message, delay);
                await Task.Delay(delay, runtime.TimeProvider, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.ListenReconnectMaxDelay.Ticks));
            }
        }

        IsListening = false;
    }

    /// <summary>The listening session's <c>application_name</c>, so operators can tell it apart in <c>pg_stat_activity</c>.</summary>
    internal static string ApplicationName(Guid node) => $"albumi-listen-{node:N}";

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (GrainChangeNotice.TryParse(e.Payload, out var notice))
        {
            runtime.OnChangeNotice(notice!);
        }
        else
        {
            SiloLog.MalformedNotice(logger, e.Payload.Length);
        }
    }
}
