namespace Albumi.Tests.Infrastructure;

/// <summary>Base of tests that run a <see cref="TestCluster"/> of grain runtime nodes on a fresh database per test.</summary>
public abstract class ClusterTest(int nodes) : IAsyncLifetime
{
    protected TestCluster Cluster { get; private set; } = null!;

    protected TestNode A => Cluster.Nodes[0];

    protected TestNode B => Cluster.Nodes[1];

    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    protected virtual TimeProvider? Clock => null;

    public async Task InitializeAsync() => Cluster = await TestCluster.StartAsync(nodes, Configure, Clock);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
