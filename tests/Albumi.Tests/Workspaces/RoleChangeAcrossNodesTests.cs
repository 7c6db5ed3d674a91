using System.Net;
using System.Net.Http.Json;
using Albumi.Silo.Database;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Web.Workspaces;

namespace Albumi.Tests.Workspaces;

/// <summary>The gap other products admit to, closed: a role change or removal holds on the member's very next request, on any node.</summary>
public sealed class RoleChangeAcrossNodesTests() : WebNodesTest(2)
{
    private AlbumiWebFactory NodeA => Nodes[0];

    private AlbumiWebFactory NodeB => Nodes[1];

    [Fact]
    public async Task DemotingAnAdminToViewerMakesTheirNextAdminOnlyRequestFailOnTheOtherNode()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var (admin, adminId) = await owner.AddMemberAsync(workspace.Id, "admin", NodeB.CreateBareClient());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode);

        var demoted = await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{adminId}", new { role = "viewer" });
        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);
        var audit = await owner.GetJsonAsync<List<WorkspaceAuditEventResponse>>($"/v1/workspaces/{workspace.Id}/audit?type=role-changed&accountId={adminId}");
        Assert.Equal(("admin", "viewer"), (audit[0].Metadata["before"], audit[0].Metadata["after"]));
    }

    [Fact]
    public async Task RemovingAMemberEndsAllTheirSessionsOnEveryNode()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var other = await owner.CreateWorkspaceAsync("Other");
        var (member, memberId) = await owner.AddMemberAsync(workspace.Id, "editor", NodeB.CreateBareClient());
        var onA = member.On(NodeA.CreateBareClient());
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/v1/workspaces/{other.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{workspace.Id}/members/{memberId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetAsync("/v1/me")).StatusCode);
        var members = await owner.GetJsonAsync<List<MemberResponse>>($"/v1/workspaces/{workspace.Id}/members");
        Assert.DoesNotContain(members, m => m.AccountId == memberId);
    }

    [Fact]
    public async Task ARenameOrATwoFactorRequirementHoldsOnTheOtherNodeAtOnce()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync("Acme");
        var (member, _) = await owner.AddMemberAsync(workspace.Id, "editor", NodeB.CreateBareClient());

        // Node B has the workspace in its cache now, from both paths that read it.
        Assert.Equal("Acme", Assert.Single((await member.GetJsonAsync<Albumi.Web.Me.MeResponse>("/v1/me")).Workspaces).Name);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}", new { name = "Renamed", requireMfa = true })).StatusCode);

        Assert.Equal("Renamed", Assert.Single((await member.GetJsonAsync<Albumi.Web.Me.MeResponse>("/v1/me")).Workspaces).Name);
        var refused = await member.GetAsync($"/v1/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(Albumi.Web.Problems.ProblemTypes.MfaEnrolmentRequired, await ProblemResponses.ProblemTypeAsync(refused));
    }

    [Fact]
    public async Task TheWorkspaceAuditShowsMembersEventsWithEmailsToAdminsOnly()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var (viewer, viewerId) = await owner.AddMemberAsync(workspace.Id, "viewer", NodeB.CreateBareClient());
        var viewerEmail = (await viewer.GetJsonAsync<Albumi.Web.Me.MeResponse>("/v1/me")).Email;
        await new AccountClient(NodeB.CreateBareClient()).SignInAsync(viewerEmail, "definitely-wrong-password");
        var outsider = new AccountClient(NodeA.CreateBareClient());
        await outsider.RegisterAndSignInAsync();
        var outsiderId = (await outsider.GetJsonAsync<Albumi.Web.Me.MeResponse>("/v1/me")).Id;

        var failures = await owner.GetJsonAsync<List<WorkspaceAuditEventResponse>>($"/v1/workspaces/{workspace.Id}/audit?outcome=failure");

        var failure = Assert.Single(failures);
        Assert.Equal((viewerId, viewerEmail, "sign-in", "wrong password"), (failure.AccountId!.Value, failure.Email, failure.Event.Type, failure.Event.Reason));
        var all = await owner.GetJsonAsync<List<WorkspaceAuditEventResponse>>($"/v1/workspaces/{workspace.Id}/audit?limit=200");
        Assert.Contains(all, e => e.AccountId == viewerId && e.Event.Type == "sign-in" && e.Event.Outcome == "success");
        Assert.DoesNotContain(all, e => e.AccountId == outsiderId);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync($"/v1/workspaces/{workspace.Id}/audit?type=nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync($"/v1/workspaces/{workspace.Id}/audit?limit=0")).StatusCode);
    }
}
