using Albumi.Grains.Accounts;
using Albumi.Grains.Security;
using Albumi.Grains.Workspaces;
using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Albumi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Albumi.Tests.Grains;

/// <summary>
/// Albumi's silos without the web: an Orleans test cluster of three silos (Microsoft.Orleans.TestingHost), each set up
/// as a node is (<c>AddAlbumiNode</c>: reminders and grain storage on the test's PostgreSQL, the grain call filters, the
/// node cache), its grains called from every silo. The test cluster keeps membership in memory (its in-process cluster
/// always does); the ADO.NET membership is what the web-node and process tests run on.
/// </summary>
public sealed class GrainClusterTests : IAsyncLifetime
{
    private const int SiloCount = 3;

    private InProcessTestCluster _cluster = null!;
    private DatabaseSettings _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.Options.InitializeClientOnDeploy = false;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration["ConnectionStrings:Albumi"] = _database.OwnerConnectionString;
            host.Configuration["Albumi:Encryption:MasterKeyFile"] = TestPostgres.MasterKeyFile;
            host.AddAlbumiNode(silo.SiloName);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IEnumerable<IGrainFactory> EverySilo => _cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IGrainFactory>());

    [Fact]
    public async Task TheWorkspaceGrainsServeAMemberFromEverySiloAndRefuseAStrangerAndNobody()
    {
        var grains = EverySilo.First();
        var owner = (await grains.GetGrain<IAccountGrain>(Guid.NewGuid()).CreateAsync(new NewAccount($"owner-{Guid.NewGuid():N}@example.test", "Owner", null, null))).Id;
        var stranger = (await grains.GetGrain<IAccountGrain>(Guid.NewGuid()).CreateAsync(new NewAccount($"stranger-{Guid.NewGuid():N}@example.test", "Stranger", null, null))).Id;
        var workspaceId = Guid.NewGuid();
        GrainCaller.ActAs(owner);
        await grains.GetGrain<IWorkspaceGrain>(workspaceId).CreateAsync("Acme", owner);

        foreach (var silo in EverySilo)
        {
            var workspace = silo.GetGrain<IWorkspaceGrain>(workspaceId);
            GrainCaller.ActAs(owner);
            Assert.Equal("Acme", (await workspace.GetAsync())!.Name);
            Assert.Equal(WorkspaceRole.Owner, await workspace.GetRoleAsync(owner));

            foreach (Guid? caller in new Guid?[] { stranger, null })
            {
                GrainCaller.ActAs(caller);
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(workspace.GetAsync);
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => workspace.UpdateAsync("Taken", requireMfa: null, steppedUp: false));
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => silo.GetGrain<IWorkspaceLifecycleGrain>(workspaceId).DeleteAsync(owner));
            }
        }

        GrainCaller.ActAs(owner);
        Assert.Equal("Acme", (await grains.GetGrain<IWorkspaceGrain>(workspaceId).GetAsync())!.Name);
    }
}
