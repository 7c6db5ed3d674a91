using System.Net;
using Albumi.Grains.Caching;
using Albumi.Grains.Workspaces;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Workspaces;

/// <summary>
/// Every request's access check reads the workspace's roster from its node's cache. A node holding a copy made before a
/// demotion or a deletion must not serve it once the change has returned on another node: the change drops it there first.
/// </summary>
public sealed class RosterCopyAcrossNodesTests() : WebNodesTest(2)
{
    private AlbumiWebFactory NodeA => Nodes[0];

    private AlbumiWebFactory NodeB => Nodes[1];

    [Fact]
    public async Task ADemotedAdminIsRefusedOnTheOtherNodeAtOnceThoughThatNodeHeldTheirOldRole()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var (admin, adminId) = await owner.AddMemberAsync(workspace.Id, "admin", NodeB.CreateBareClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode);
        Assert.Equal(WorkspaceRole.Admin, (await CopyOnAsync(NodeB, workspace.Id))?.RoleOf(adminId, includeDeleted: false));

        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{adminId}", new { role = "viewer" })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode);
        Assert.Equal(WorkspaceRole.Viewer, (await CopyOnAsync(NodeB, workspace.Id))?.RoleOf(adminId, includeDeleted: false));
    }

    [Fact]
    public async Task ADeletedWorkspaceAnswers404OnTheOtherNodeAtOnceThoughThatNodeHeldItLive()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var onB = owner.On(NodeB.CreateBareClient());
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync($"/v1/workspaces/{workspace.Id}/applications")).StatusCode);
        Assert.False((await CopyOnAsync(NodeB, workspace.Id))?.Workspace.IsDeleted);

        Assert.Equal(HttpStatusCode.Accepted, (await owner.DeleteAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync($"/v1/workspaces/{workspace.Id}/applications")).StatusCode);
    }

    /// <summary>The node's copy of the roster, if it holds one (a fetch that answers nothing keeps nothing).</summary>
    private static async Task<WorkspaceRoster?> CopyOnAsync(AlbumiWebFactory node, Guid workspace)
        => await node.Services.GetRequiredService<NodeCache>()
            .GetOrFetchAsync(CacheKeys.WorkspaceRoster(workspace), static () => Task.FromResult<WorkspaceRoster?>(null), static _ => null);
}
