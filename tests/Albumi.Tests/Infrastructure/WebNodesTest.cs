using Albumi.Grains.Time;
using Albumi.Silo.Database;
using Albumi.Tests.Identity;
using Albumi.Tests.Web;

namespace Albumi.Tests.Infrastructure;

/// <summary>
/// Base of tests that run one or more web nodes in-process on a fresh database of their own (each test gets its own:
/// xunit makes a new instance per test). Settings and a clock are the test class's to choose.
/// </summary>
public abstract class WebNodesTest(int nodes = 1) : IAsyncLifetime
{
    private readonly List<AlbumiWebFactory> _nodes = [];

    protected DatabaseSettings Database { get; private set; } = null!;

    protected AlbumiWebFactory Node => _nodes[0];

    protected IReadOnlyList<AlbumiWebFactory> Nodes => _nodes;

    protected virtual IDictionary<string, string>? Settings => null;

    protected virtual AlbumiClock? Clock => null;

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync();
        for (var i = 0; i < nodes; i++)
        {
            var node = new AlbumiWebFactory(Database.OwnerConnectionString, settings: Settings, clock: Clock);
            _ = node.Server;
            _nodes.Add(node);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>A freshly registered, signed-in account using node <paramref name="node"/>.</summary>
    protected async Task<AccountClient> SignedInAsync(int node = 0)
    {
        var client = new AccountClient(_nodes[node].CreateBareClient());
        await client.RegisterAndSignInAsync();
        return client;
    }
}
