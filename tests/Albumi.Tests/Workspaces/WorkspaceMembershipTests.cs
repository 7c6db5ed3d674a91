using System.Net;
using System.Net.Http.Json;
using Albumi.Grains.Workspaces;
using Albumi.Silo.Database;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Web.Me;
using Albumi.Web.Workspaces;

namespace Albumi.Tests.Workspaces;

public sealed class WorkspaceMembershipTests() : WebNodesTest
{
    [Fact]
    public async Task TheCreatorOwnsTheWorkspaceAndSeesItListed()
    {
        var owner = await SignedInAsync();

        var workspace = await owner.CreateWorkspaceAsync("Acme Architecture");

        Assert.Equal(("Acme Architecture", "owner"), (workspace.Name, workspace.Role));
        var listed = Assert.Single(await owner.GetJsonAsync<List<WorkspaceResponse>>("/v1/workspaces"));
        Assert.Equal(workspace.Id, listed.Id);
        var me = await owner.GetJsonAsync<MeResponse>("/v1/me");
        Assert.Equal(new MembershipResponse(workspace.Id, "Acme Architecture", "owner"), Assert.Single(me.Workspaces));
    }

    [Fact]
    public async Task AnInviteJoinsWithItsRoleExactlyOnce()
    {
        var owner = await SignedInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var member = await SignedInAsync();
        var email = (await member.GetJsonAsync<MeResponse>("/v1/me")).Email;
        var invite = await owner.PostAsync($"/v1/workspaces/{workspace.Id}/invites", new { email, role = "editor" });
        var token = (await invite.Content.ReadFromJsonAsync<InviteResponse>())!.Token;

        var accepted = await member.PostAsync($"/v1/invites/{token}/accept");
        var again = await (await SignedInAsync()).PostAsync($"/v1/invites/{token}/accept");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal("editor", (await member.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Role);
        var members = await owner.GetJsonAsync<List<MemberResponse>>($"/v1/workspaces/{workspace.Id}/members");
        Assert.Equal(["owner", "editor"], members.Select(m => m.Role));
        Assert.Equal(HttpStatusCode.Gone, (await member.PostAsync("/v1/invites/inv_garbage/accept")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await member.PostAsync($"/v1/invites/inv_{workspace.Id:N}_forged-secret-000000000000000/accept")).StatusCode);
    }

    [Fact]
    public async Task AnInviterGrantsAtMostTheirOwnRoleAndNeverOwner()
    {
        var owner = await SignedInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var (admin, _) = await owner.AddMemberAsync(workspace.Id, "admin", Node.CreateBareClient());

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/v1/workspaces/{workspace.Id}/invites", new { email = AccountClient.NewEmail(), role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/v1/workspaces/{workspace.Id}/invites", new { email = AccountClient.NewEmail(), role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/v1/workspaces/{workspace.Id}/invites", new { email = "not an email", role = "viewer" })).StatusCode);
    }

    [Fact]
    public async Task TheOwnerCannotBeDemotedOrRemovedAndOwnershipMovesOnlyByTransfer()
    {
        var owner = await SignedInAsync();
        var ownerId = (await owner.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var workspace = await owner.CreateWorkspaceAsync();
        var (admin, adminId) = await owner.AddMemberAsync(workspace.Id, "admin", Node.CreateBareClient());

        Assert.Equal(HttpStatusCode.Conflict, (await admin.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{ownerId}", new { role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/v1/workspaces/{workspace.Id}/members/{ownerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{adminId}", new { role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync($"/v1/workspaces/{workspace.Id}/transfer-ownership", new { accountId = adminId })).StatusCode);
        // A transfer to the owner itself changes nothing, so it is refused rather than audited as a transfer.
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsync($"/v1/workspaces/{workspace.Id}/transfer-ownership", new { accountId = ownerId })).StatusCode);
        Assert.DoesNotContain((await owner.GetNodeAsync($"/v1/workspaces/{workspace.Id}/audit")).AsArray(), e => e?["event"]?["reason"]?.GetValue<string>() == "ownership transferred");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync($"/v1/workspaces/{workspace.Id}/transfer-ownership", new { accountId = adminId })).StatusCode);

        var roles = (await owner.GetJsonAsync<List<MemberResponse>>($"/v1/workspaces/{workspace.Id}/members")).ToDictionary(m => m.AccountId, m => m.Role);
        Assert.Equal("owner", roles[adminId]);
        Assert.Equal("admin", roles[ownerId]);
    }

    [Fact]
    public async Task EveryWorkspaceRouteDeclaresThePermissionItNeeds()
    {
        var routes = WorkspaceRoutes.All(Node.Services);

        Assert.NotEmpty(routes);
        Assert.All(routes, r => Assert.NotNull(r.Permission));
    }

    [Fact]
    public async Task AnotherTenantsWorkspaceAndForgedIdsAnswer404OnEveryWorkspaceRouteAndChangeNothing()
    {
        var owner = await SignedInAsync();
        var workspace = await owner.CreateWorkspaceAsync("Theirs");
        var outsider = await SignedInAsync();
        await outsider.CreateWorkspaceAsync("Mine");
        var before = await owner.GetJsonAsync<List<MemberResponse>>($"/v1/workspaces/{workspace.Id}/members");

        foreach (var route in WorkspaceRoutes.All(Node.Services))
        {
            foreach (var id in new[] { workspace.Id.ToString(), Guid.NewGuid().ToString(), "not-a-uuid" })
            {
                var response = await outsider.SendAsync(route.Method, route.Path(id, Guid.NewGuid()), route.SampleBody);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route.Method} {route.Pattern} with workspace {id} answered {response.StatusCode}");
            }
        }

        Assert.Equal("Theirs", (await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{workspace.Id}")).Name);
        Assert.Equal(before, await owner.GetJsonAsync<List<MemberResponse>>($"/v1/workspaces/{workspace.Id}/members"));
    }

    [Fact]
    public async Task EveryRoleIsAllowedExactlyWhatThePermissionTableGrants()
    {
        var owner = await SignedInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var clients = new Dictionary<string, AccountClient> { ["owner"] = owner };
        foreach (var role in new[] { "admin", "editor", "viewer" })
        {
            clients[role] = (await owner.AddMemberAsync(workspace.Id, role, Node.CreateBareClient())).Member;
        }

        foreach (var route in WorkspaceRoutes.All(Node.Services).Where(r => !r.IsDestructiveToCaller))
        {
            foreach (var (roleName, client) in clients)
            {
                RoleNames.TryParse(roleName, out var role);
                var allowed = RolePermissions.Allows(role, route.Permission!.Value);
                var response = await client.SendAsync(route.Method, route.Path(workspace.Id.ToString(), Guid.NewGuid()), route.SampleBody);
                Assert.True(
                    allowed ? response.StatusCode != HttpStatusCode.Forbidden : response.StatusCode == HttpStatusCode.Forbidden,
                    $"{roleName} on {route.Method} {route.Pattern} ({route.Permission}) answered {response.StatusCode}; allowed: {allowed}");
            }
        }
    }

}
