using System.Net;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Workspaces;
using Npgsql;

namespace Albumi.Tests.Workspaces;

/// <summary>
/// A brief second activation of a workspace grain can happen while silos join or leave. Its writes carry the version it
/// read: a write made meanwhile by the other activation (here: written straight into the row, as that activation would)
/// is not overwritten; the stale one is refused with 409, reads afresh, and the retry works.
/// </summary>
public sealed class WorkspaceWriteVersionTests() : WebNodesTest(1)
{
    [Fact]
    public async Task AWriteFromAStaleActivationIsRefusedLosesNothingAndTheRetryWorks()
    {
        var owner = await SignedInAsync();
        var workspace = await owner.CreateWorkspaceAsync("Before");
        var (_, memberId) = await owner.AddMemberAsync(workspace.Id, "viewer", Node.CreateBareClient());
        Assert.Equal("Before", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);

        await WriteElsewhereAsync(workspace.Id, "Renamed elsewhere");
        var rename = await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}", new { name = "Renamed here" });
        Assert.Equal(HttpStatusCode.Conflict, rename.StatusCode);
        Assert.Contains("version-conflict", await rename.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Renamed elsewhere", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}", new { name = "Renamed here" })).StatusCode);
        Assert.Equal("Renamed here", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);

        // A membership change is guarded the same way.
        await WriteElsewhereAsync(workspace.Id, "Renamed elsewhere again");
        Assert.Equal(HttpStatusCode.Conflict, (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{memberId}", new { role = "editor" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{memberId}", new { role = "editor" })).StatusCode);
        Assert.Equal("Renamed elsewhere again", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);
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
