using System.Net;
using Albumi.Grains.Security;
using Albumi.Grains.Workspaces;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Me;
using Albumi.Web.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Tests.Workspaces;

/// <summary>
/// A brief second activation of a workspace grain can happen while silos join or leave. Its writes carry the version it
/// read: a write made meanwhile by the other activation (here: written straight into the row, as that activation would)
/// is not overwritten; the stale one is refused, reads afresh, and the retry works. A request's access check already
/// compares the row's version and reloads, so over HTTP an activation is stale only between that check and its write:
/// the grain is called directly here to hold the write itself to its version.
/// </summary>
public sealed class WorkspaceWriteVersionTests() : WebNodesTest(1)
{
    [Fact]
    public async Task AWriteFromAStaleActivationIsRefusedLosesNothingAndTheRetryWorks()
    {
        var owner = await SignedInAsync();
        var ownerId = (await owner.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var workspace = await owner.CreateWorkspaceAsync("Before");
        var (_, memberId) = await owner.AddMemberAsync(workspace.Id, "viewer", Node.CreateBareClient());
        Assert.Equal("Before", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);
        var grain = Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkspaceGrain>(workspace.Id);
        GrainCaller.ActAs(ownerId);

        await WriteElsewhereAsync(workspace.Id, "Renamed elsewhere");
        var refused = await Assert.ThrowsAsync<WorkspaceRuleException>(() => grain.UpdateAsync("Renamed here", null, steppedUp: false));
        Assert.Equal(WorkspaceRuleViolation.ChangedConcurrently, refused.Violation);
        Assert.Equal("Renamed elsewhere", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);
        Assert.Equal("Renamed here", (await grain.UpdateAsync("Renamed here", null, steppedUp: false)).Name);
        Assert.Equal("Renamed here", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);

        // A membership change is guarded the same way.
        await WriteElsewhereAsync(workspace.Id, "Renamed elsewhere again");
        refused = await Assert.ThrowsAsync<WorkspaceRuleException>(() => grain.ChangeRoleAsync(memberId, WorkspaceRole.Editor, ownerId, steppedUp: true));
        Assert.Equal(WorkspaceRuleViolation.ChangedConcurrently, refused.Violation);
        Assert.Equal(WorkspaceRole.Viewer, await grain.ChangeRoleAsync(memberId, WorkspaceRole.Editor, ownerId, steppedUp: true));
        Assert.Equal(WorkspaceRole.Editor, await grain.GetRoleAsync(memberId));
        Assert.Equal("Renamed elsewhere again", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);

        // Over HTTP the access check sees the other write first, so the change is made on the fresh row.
        await WriteElsewhereAsync(workspace.Id, "Renamed elsewhere a third time");
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}", new { name = "Renamed over HTTP" })).StatusCode);
        Assert.Equal("Renamed over HTTP", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);
    }

    private async Task WriteElsewhereAsync(Guid workspace, string name)
    {
        await using var connection = new NpgsqlConnection(Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var write = new NpgsqlCommand("UPDATE workspaces SET name = $2, version = version + 1 WHERE id = $1", connection);
        write.Parameters.AddWithValue(workspace);
        write.Parameters.AddWithValue(name);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }
}
