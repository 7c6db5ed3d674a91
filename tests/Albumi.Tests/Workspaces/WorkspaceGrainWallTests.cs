using Albumi.Grains.Security;
using Albumi.Grains.Workspaces;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Me;
using Albumi.Web.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Workspaces;

/// <summary>
/// The third wall: calls straight into a workspace's grains, through the cluster and past every endpoint check, are
/// refused unless they are made for a member. Each call is made from both silos, so one of them crosses silos.
/// </summary>
public sealed class WorkspaceGrainWallTests() : WebNodesTest(2)
{
    [Fact]
    public async Task AStrangerAndNobodyAreRefusedByTheWorkspaceGrainsWhileTheOwnerIsServed()
    {
        var owner = await SignedInAsync();
        var ownerId = (await owner.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var workspace = await owner.CreateWorkspaceAsync();
        var stranger = await SignedInAsync(1);
        var strangerId = (await stranger.GetJsonAsync<MeResponse>("/v1/me")).Id;

        foreach (var node in Nodes)
        {
            var grains = node.Services.GetRequiredService<IGrainFactory>();
            var members = grains.GetGrain<IWorkspaceGrain>(workspace.Id);
            var lifecycle = grains.GetGrain<IWorkspaceLifecycleGrain>(workspace.Id);

            foreach (Guid? caller in new Guid?[] { strangerId, null })
            {
                GrainCaller.ActAs(caller);
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(members.ListMembersAsync);
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(members.GetAsync);
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => members.GetRoleAsync(ownerId));
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => members.UpdateAsync("taken over", requireMfa: null, steppedUp: false));
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => members.InviteAsync("mole@example.test", WorkspaceRole.Owner, ownerId, TimeSpan.FromDays(1)));
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => members.RemoveMemberAsync(ownerId));
                await Assert.ThrowsAsync<WorkspaceAccessDeniedException>(() => lifecycle.DeleteAsync(ownerId));
            }

            // Asking one's own role is open to anyone, and tells a stranger only what a missing workspace would.
            GrainCaller.ActAs(strangerId);
            Assert.Null(await members.GetRoleAsync(strangerId));

            GrainCaller.ActAs(ownerId);
            var listed = await members.ListMembersAsync();
            Assert.Equal([ownerId], listed.Select(m => m.AccountId));
            Assert.Equal(workspace.Name, (await members.GetAsync())!.Name);
        }

        // Nothing the refused calls tried happened.
        var after = await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}");
        Assert.Equal(workspace.Name, after.Name);
    }
}
