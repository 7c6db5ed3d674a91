using System.Text.Json;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Runtime.TestGrains;
using Npgsql;

namespace Albumi.Tests.Runtime;

public sealed class HeartbeatTests() : ClusterTest(2)
{
    /// <summary>The nodes beat when the tests say so: a periodic beat in between would split the interval under test.</summary>
    protected override void Configure(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Albumi:Node:HeartbeatInterval"] = "01:00:00";
    }

    [Fact]
    public async Task EachNodeBeatsWithItsActivationsPerGrainType()
    {
        var (a, b) = (A, B);
        await a.Runtime.GetGrain<ILifecycleGrain>(Guid.NewGuid().ToString("N")).CountCallsAsync();
        await a.Runtime.GetGrain<ILifecycleGrain>(Guid.NewGuid().ToString("N")).CountCallsAsync();

        await a.Heartbeat.BeatAsync(CancellationToken.None);
        await b.Heartbeat.BeatAsync(CancellationToken.None);

        await using var owner = await TestPostgres.OpenAsync(Cluster.Database.OwnerConnectionString);
        await using var command = new NpgsqlCommand("SELECT id, name, host, activations::text, last_seen_at >= started_at FROM cluster_nodes WHERE stopped_at IS NULL", owner);
        var rows = new Dictionary<Guid, (string Name, Dictionary<string, int> Activations, bool Fresh)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetGuid(0)] = (reader.GetString(1), JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(3))!, reader.GetBoolean(4));
        }

        Assert.Equal(2, rows.Count);
        Assert.Equal("test-node-1", rows[a.Runtime.Node.Id].Name);
        Assert.Equal(2, rows[a.Runtime.Node.Id].Activations["ILifecycleGrain"]);
        Assert.False(rows[b.Runtime.Node.Id].Activations.ContainsKey("ILifecycleGrain"));
        Assert.All(rows.Values, r => Assert.True(r.Fresh));
    }

    [Fact]
    public async Task EachBeatPublishesTheGrainCallsSinceThePreviousBeatWithRateFailuresAndPercentiles()
    {
        var grain = A.Runtime.GetGrain<ILifecycleGrain>(Guid.NewGuid().ToString("N"));
        await A.Heartbeat.BeatAsync(CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await grain.CountCallsAsync();
        }

        await Assert.ThrowsAsync<GrainTestException>(() => grain.FailAsync("expected"));
        await A.Heartbeat.BeatAsync(CancellationToken.None);
        var window = (await CallsOfAsync(A.Runtime.Node.Id)).GetProperty("ILifecycleGrain");

        Assert.Equal(6, window.GetProperty("calls").GetInt64());
        Assert.Equal(1, window.GetProperty("failures").GetInt64());
        Assert.True(window.GetProperty("perSecond").GetDouble() > 0);
        var (p50, p95, p99) = (window.GetProperty("p50Ms").GetDouble(), window.GetProperty("p95Ms").GetDouble(), window.GetProperty("p99Ms").GetDouble());
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99, $"p50 {p50}, p95 {p95}, p99 {p99}");

        // A quiet interval shows no calls: the figures are per interval, not since the node started.
        await A.Heartbeat.BeatAsync(CancellationToken.None);
        Assert.False((await CallsOfAsync(A.Runtime.Node.Id)).TryGetProperty("ILifecycleGrain", out _));
    }

    private async Task<JsonElement> CallsOfAsync(Guid node)
    {
        await using var owner = await TestPostgres.OpenAsync(Cluster.Database.OwnerConnectionString);
        await using var command = new NpgsqlCommand("SELECT calls::text FROM cluster_nodes WHERE id = $1", owner) { Parameters = { new() { Value = node } } };
        return JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement.Clone();
    }
}
