using System.Text.Json;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Runtime.TestGrains;
using Npgsql;

namespace Albumi.Tests.Runtime;

public sealed class HeartbeatTests() : ClusterTest(2)
{
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
}
