using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Albumi.Grains;
using Albumi.Silo.Cluster;
using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Albumi.Silo.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Albumi.Bench;

/// <summary>
/// Cross-node invalidation on a two-node cluster over one embedded PostgreSQL: from node A's commit of a change to node
/// B dropping its cached activation, over N changes. Baseline in the same run: a raw NOTIFY → LISTEN round trip.
/// </summary>
internal static class InvalidationLatency
{
    public static async Task RunAsync(int changes)
    {
        await using var bench = await BenchDatabase.StartAsync();
        var database = new DatabaseSettings(bench.OwnerConnectionString);
        using var a = await StartNodeAsync(database, "bench-a");
        using var b = await StartNodeAsync(database, "bench-b");

        var raw = await RawNotifyRoundTripsAsync(database.AppConnectionString, changes);
        var runtime = await RuntimeInvalidationsAsync(a.Services.GetRequiredService<GrainRuntime>(), b.Services.GetRequiredService<GrainRuntime>(), changes);

        Report("raw pg_notify round trip (baseline)", raw, raw);
        Report("grain change on A → B drops its activation", runtime, raw);
        await a.StopAsync();
        await b.StopAsync();
    }

    private static async Task<IHost> StartNodeAsync(DatabaseSettings database, string name)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Albumi"] = database.OwnerConnectionString,
            ["Albumi:Node:Name"] = name,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAlbumiNode(name, typeof(InvalidationLatency).Assembly);
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<ClusterChangeListener>().Connected.WaitAsync(TimeSpan.FromSeconds(30));
        return host;
    }

    private static async Task<double[]> RuntimeInvalidationsAsync(GrainRuntime a, GrainRuntime b, int changes)
    {
        var pending = new ConcurrentDictionary<GrainId, TaskCompletionSource<long>>();
        VersionGrain.Dropped = (id, at) =>
        {
            if (pending.TryRemove(id, out var dropped))
            {
                dropped.TrySetResult(at);
            }
        };
        var latencies = new double[changes];
        for (var i = 0; i < changes; i++)
        {
            var key = Guid.NewGuid();
            await b.GetGrain<IVersionGrain>(key).GetAsync();
            var dropped = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            pending[GrainId.For<IVersionGrain>(key)] = dropped;
            var committing = await a.GetGrain<IVersionGrain>(key).BumpAsync();
            latencies[i] = Stopwatch.GetElapsedTime(committing, await dropped.Task.WaitAsync(TimeSpan.FromSeconds(10))).TotalMilliseconds;
        }

        return latencies;
    }

    private static async Task<double[]> RawNotifyRoundTripsAsync(string connectionString, int count)
    {
        await using var listener = new NpgsqlConnection(connectionString);
        await listener.OpenAsync();
        await using var notifier = new NpgsqlConnection(connectionString);
        await notifier.OpenAsync();
        TaskCompletionSource<long>? received = null;
        listener.Notification += (_, _) => received?.TrySetResult(Stopwatch.GetTimestamp());
        await using (var listen = new NpgsqlCommand("LISTEN bench_raw", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        using var pump = new CancellationTokenSource();
        var waiting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await listener.WaitAsync(pump.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var latencies = new double[count];
        await using var notify = new NpgsqlCommand("NOTIFY bench_raw, 'x'", notifier);
        for (var i = 0; i < count; i++)
        {
            received = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var sent = Stopwatch.GetTimestamp();
            await notify.ExecuteNonQueryAsync();
            latencies[i] = Stopwatch.GetElapsedTime(sent, await received.Task.WaitAsync(TimeSpan.FromSeconds(10))).TotalMilliseconds;
        }

        await pump.CancelAsync();
        await waiting;
        return latencies;
    }

    private static void Report(string what, double[] latencies, double[] baseline)
    {
        var p50 = Percentile(latencies, 0.50);
        var p99 = Percentile(latencies, 0.99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-45} n={latencies.Length}  p50={p50:F3} ms  p99={p99:F3} ms  max={latencies.Max():F3} ms  ratio p50={p50 / Percentile(baseline, 0.5):F2}  ratio p99={p99 / Percentile(baseline, 0.99):F2}"));
    }

    private static double Percentile(double[] values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }
}
