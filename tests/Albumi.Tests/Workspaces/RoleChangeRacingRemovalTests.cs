using System.Net;
using System.Text.Json.Nodes;
using Albumi.Grains.Workspaces;
using Albumi.Silo.Database;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Workspaces;

/// <summary>
/// A role change that a removal overtakes between its write and its answer: the removal runs, deterministically, right
/// after the workspace grain has applied the change and before the endpoint reads the member back.
/// </summary>
public sealed class RoleChangeRacingRemovalTests : IAsyncLifetime
{
    private readonly RemovalAfterRoleChange _removal = new();
    private DatabaseSettings _database = null!;
    private AlbumiWebFactory _node = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _node = new AlbumiWebFactory(_database.OwnerConnectionString, configureServices: services => services.AddSingleton<IOutgoingGrainCallFilter>(_removal));
        _removal.Grains = _node.Services.GetRequiredService<IGrainFactory>();
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task ARoleChangeOvertakenByTheMembersRemovalAnswersAsARemovedMembersRoleChangeDoes()
    {
        var owner = new AccountClient(_node.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (_, memberId) = await owner.AddMemberAsync(ws, "editor", _node.CreateBareClient());
        _removal.Arm(ws, memberId);

        var raced = await owner.PatchAsync($"/v1/workspaces/{ws}/members/{memberId}", new { role = "viewer" });
        var afterRemoval = await owner.PatchAsync($"/v1/workspaces/{ws}/members/{memberId}", new { role = "viewer" });

        Assert.True(_removal.Fired, "the removal did not run between the role change and its answer");
        Assert.Equal(HttpStatusCode.NotFound, raced.StatusCode);
        Assert.Equal(await WithoutTraceAsync(afterRemoval), await WithoutTraceAsync(raced));
        Assert.DoesNotContain(memberId, (await owner.GetNodeAsync($"/v1/workspaces/{ws}/members")).AsArray().Select(m => Guid.Parse(m.Text("accountId"))));
    }

    private static async Task<string> WithoutTraceAsync(HttpResponseMessage response)
    {
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        problem.Remove("traceId");
        return $"{(int)response.StatusCode} {problem.ToJsonString()}";
    }

    /// <summary>Once armed, removes the member right after the node's next role-change call to the workspace grain returns.</summary>
    private sealed class RemovalAfterRoleChange : IOutgoingGrainCallFilter
    {
        private Tuple<Guid, Guid>? _armed;

        public IGrainFactory Grains { get; set; } = null!;

        public bool Fired { get; private set; }

        public void Arm(Guid workspace, Guid member) => _armed = Tuple.Create(workspace, member);

        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            await context.Invoke();
            if (context.MethodName == nameof(IWorkspaceGrain.ChangeRoleAsync) && Interlocked.Exchange(ref _armed, null) is { } armed)
            {
                await Grains.GetGrain<IWorkspaceGrain>(armed.Item1).RemoveMemberAsync(armed.Item2);
                Fired = true;
            }
        }
    }
}
