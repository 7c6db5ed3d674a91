using System.Net;
using System.Net.Http.Json;
using Albumi.Tests.Identity;
using Albumi.Web.Me;
using Albumi.Web.Workspaces;

namespace Albumi.Tests.Workspaces;

/// <summary>Intent methods for tests about workspaces: a workspace with an owner, members joined by invite.</summary>
public static class Tenants
{
    public static async Task<WorkspaceResponse> CreateWorkspaceAsync(this AccountClient owner, string name = "Acme")
    {
        var response = await owner.PostAsync("/v1/workspaces", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WorkspaceResponse>())!;
    }

    /// <summary>Registers a new account on <paramref name="http"/>, invites it with <paramref name="role"/> and accepts.</summary>
    public static async Task<(AccountClient Member, Guid AccountId)> AddMemberAsync(this AccountClient inviter, Guid workspace, string role, HttpClient http)
    {
        var member = new AccountClient(http);
        var (email, _) = await member.RegisterAndSignInAsync();
        var invite = await inviter.PostAsync($"/v1/workspaces/{workspace}/invites", new { email, role });
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);
        var token = (await invite.Content.ReadFromJsonAsync<InviteResponse>())!.Token;
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
        return (member, (await member.GetJsonAsync<MeResponse>("/v1/me")).Id);
    }
}
