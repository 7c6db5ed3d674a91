using System.Net;
using System.Net.Http.Json;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Me;
using Albumi.Web.Workspaces;

namespace Albumi.Tests.Workspaces;

/// <summary>
/// Every read of audit, activity and history is bounded by the tenant that asks: an account is a member of workspaces A
/// and B, B's admin changes its role, it works in B, and B's admin removes it. A's views show none of that.
/// </summary>
public sealed class AuditIsolationTests() : WebNodesTest
{
    private const string AdminBrowser = "WorkspaceBAdmin/1.0";

    [Fact]
    public async Task AWorkspacesAuditShowsNoneOfAnotherWorkspacesEventsAboutASharedMember()
    {
        var (adminA, a, adminB, b, member, memberId, _) = await SharedMemberRemovedFromBAsync();

        var audit = await adminA.GetJsonAsync<List<WorkspaceAuditEventResponse>>($"/v1/workspaces/{a}/audit?limit=200");
        Assert.DoesNotContain(audit, e => e.Event.Type == "member-removed");
        var roleChange = Assert.Single(audit, e => e.AccountId == memberId && e.Event.Type == "role-changed");
        Assert.Equal(("none", "viewer"), (roleChange.Metadata["before"], roleChange.Metadata["after"]));

        // The product's promise stays: A's admins see their members' own sign-ins, which belong to no workspace.
        Assert.Contains(audit, e => e.AccountId == memberId && e.Event.Type == "sign-in" && e.Event.Outcome == "success");

        // The audit page reads the same bounded view.
        var page = await (await adminA.GetAsync($"/workspaces/{a}/audit?type=member-removed")).Content.ReadAsStringAsync();
        Assert.Contains("No security events match.", page, StringComparison.Ordinal);
        var roleChanges = await (await adminA.GetAsync($"/workspaces/{a}/audit?type=role-changed")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("→ editor", roleChanges, StringComparison.Ordinal);

        // B's own audit still has all of it.
        var theirs = await adminB.GetJsonAsync<List<WorkspaceAuditEventResponse>>($"/v1/workspaces/{b}/audit?accountId={memberId}&limit=200");
        Assert.Contains(theirs, e => e.Event.Type == "member-removed");
        Assert.Contains(theirs, e => e.Event.Type == "role-changed" && e.Metadata["after"] == "editor");
    }

    [Fact]
    public async Task AMembersOwnHistoryHoldsNoOtherPersonsAddressOrBrowser()
    {
        var (_, _, _, _, _, _, (email, password)) = await SharedMemberRemovedFromBAsync();

        // Removal revoked the member's sessions: it signs in again and reads its own history and export.
        var member = new AccountClient(Node.CreateBareClient());
        Assert.Equal(HttpStatusCode.NoContent, (await member.SignInAsync(email, password)).StatusCode);
        var export = await (await member.GetAsync("/v1/me/export")).Content.ReadAsStringAsync();
        Assert.Contains("member-removed", export, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminBrowser, export, StringComparison.Ordinal);
        Assert.Contains("Chrome", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorkspacesActivityAndNotificationsShowNoneOfAnotherWorkspacesWork()
    {
        var (adminA, a, _, _, _, _, _) = await SharedMemberRemovedFromBAsync();

        var activity = await (await adminA.GetAsync($"/v1/workspaces/{a}/activity?limit=200")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("in workspace B", activity, StringComparison.Ordinal);
        var notifications = await (await adminA.GetAsync($"/v1/workspaces/{a}/notifications")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("in workspace B", notifications, StringComparison.Ordinal);
    }

    /// <summary>
    /// A and B with their admins; a member of both who works in B (an application, a comment naming A's admin) after
    /// B's admin, from a browser of their own, made it editor; then B's admin removes it from B.
    /// </summary>
    private async Task<(AccountClient AdminA, Guid A, AccountClient AdminB, Guid B, AccountClient Member, Guid MemberId, (string Email, string Password) Credentials)>
        SharedMemberRemovedFromBAsync()
    {
        var adminA = await SignedInAsync();
        var a = (await adminA.CreateWorkspaceAsync("A")).Id;
        var adminB = await SignedInAsync();
        var b = (await adminB.CreateWorkspaceAsync("B")).Id;
        var member = new AccountClient(Node.CreateBareClient());
        var credentials = await member.RegisterAndSignInAsync();
        var memberId = (await member.GetJsonAsync<MeResponse>("/v1/me")).Id;
        foreach (var (admin, workspace) in new[] { (adminA, a), (adminB, b) })
        {
            var invite = await admin.PostAsync($"/v1/workspaces/{workspace}/invites", new { email = credentials.Email, role = "viewer" });
            var token = (await invite.Content.ReadFromJsonAsync<InviteResponse>())!.Token;
            Assert.Equal(HttpStatusCode.OK, (await member.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
        }

        var browser = new Dictionary<string, string> { ["User-Agent"] = AdminBrowser };
        Assert.Equal(HttpStatusCode.OK, (await adminB.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{b}/members/{memberId}", new { role = "editor" }, headers: browser)).StatusCode);
        var application = (await member.CreateEntityAsync(b, "applications", new { name = "Work in workspace B" })).Id();
        Assert.Equal(HttpStatusCode.Created, (await member.PostAsync($"/v1/workspaces/{b}/applications/{application}/comments", new { body = "Done in workspace B" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await adminB.SendAsync(HttpMethod.Delete, $"/v1/workspaces/{b}/members/{memberId}", headers: browser)).StatusCode);
        return (adminA, a, adminB, b, member, memberId, credentials);
    }
}
