using System.Net;
using System.Net.Http.Json;
using Albumi.Grains.Accounts;
using Albumi.Grains.Sessions;
using Albumi.Tests.ApiKeys;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Tests.Workspaces;
using Albumi.Web.Me;
using Albumi.Web.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Identity;

/// <summary>
/// Two web nodes, two silos of one cluster. Each trigger is repeated <see cref="Tries"/> times, and the request right
/// after the revoking call returned goes to the other node: with one activation per grain in the cluster there is no
/// window in which it may still be served.
/// </summary>
public sealed class RevocationAcrossNodesTests() : WebNodesTest(2)
{
    private const int Tries = 100;

    private AlbumiWebFactory NodeA => Nodes[0];

    private AlbumiWebFactory NodeB => Nodes[1];

    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Auth:SignInAttemptsPerAccount"] = "100000",
        ["Albumi:Auth:SignInAttemptsPerIp"] = "100000",
        ["Albumi:Auth:FailedApiKeyAttemptsPerIp"] = "100000",
    };

    /// <summary>
    /// A session started the way a sign-in starts one, without a password's deliberate slowness: the loops below measure
    /// revocation, and a hundred password hashes per loop would only make the suite slower.
    /// </summary>
    private async Task<AccountClient> NewSessionAsync(Guid accountId, AlbumiWebFactory on)
    {
        var session = await NodeA.Services.GetRequiredService<SessionIssuer>().StartAsync(accountId, "password", IPAddress.Loopback, "revocation loop");
        return new AccountClient(on.CreateBareClient()) { SessionCookieValue = SessionCookies.For(NodeA.Services, session.Secret) };
    }

    private async Task<Guid> NewAccountAsync()
        => (await NodeA.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(Guid.NewGuid())
            .CreateAsync(new NewAccount(AccountClient.NewEmail(), "Test Person", null, null))).Id;

    [Fact]
    public async Task ASignedOutSessionIsRefusedOnTheOtherNodeEveryTime()
    {
        var account = await NewAccountAsync();
        var served = 0;
        for (var i = 0; i < Tries; i++)
        {
            var onA = await NewSessionAsync(account, NodeA);
            var onB = onA.On(NodeB.CreateBareClient());
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/v1/me")).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await onA.PostAsync("/auth/signout")).StatusCode);
            served += (await onB.GetAsync("/v1/me")).StatusCode == HttpStatusCode.Unauthorized ? 0 : 1;
        }

        Assert.Equal(0, served);
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedOnTheOtherNodeEveryTime()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var served = 0;
        for (var i = 0; i < Tries; i++)
        {
            var key = await ApiKeyTests.CreateKeyAsync(owner, $"key {i}");
            var onB = owner.WithKey(key.Key, NodeB.CreateBareClient());
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/v1/me")).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/me/api-keys/{key.Id}")).StatusCode);
            served += (await onB.GetAsync("/v1/me")).StatusCode == HttpStatusCode.Unauthorized ? 0 : 1;
        }

        Assert.Equal(0, served);
    }

    [Fact]
    public async Task ADemotedAdminIsRefusedOnTheOtherNodeEveryTime()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var (admin, adminId) = await owner.AddMemberAsync(workspace.Id, "admin", NodeB.CreateBareClient());
        var served = 0;
        for (var i = 0; i < Tries; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{adminId}", new { role = "admin" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode);

            Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}/members/{adminId}", new { role = "viewer" })).StatusCode);
            served += (await admin.GetAsync($"/v1/workspaces/{workspace.Id}/audit")).StatusCode == HttpStatusCode.Forbidden ? 0 : 1;
        }

        Assert.Equal(0, served);
    }

    [Fact]
    public async Task ARemovedMemberIsRefusedOnTheOtherNodeEveryTime()
    {
        var owner = new AccountClient(NodeA.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var served = 0;
        for (var i = 0; i < Tries; i++)
        {
            var memberId = await NewAccountAsync();
            var member = await NewSessionAsync(memberId, NodeB);
            var invite = await owner.PostAsync($"/v1/workspaces/{workspace.Id}/invites", new { email = (await member.GetJsonAsync<MeResponse>("/v1/me")).Email, role = "editor" });
            var token = (await invite.Content.ReadFromJsonAsync<InviteResponse>())!.Token;
            Assert.Equal(HttpStatusCode.OK, (await member.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{workspace.Id}/members/{memberId}")).StatusCode);
            served += (await member.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode == HttpStatusCode.OK ? 1 : 0;
            served += (await member.GetAsync("/v1/me")).StatusCode == HttpStatusCode.Unauthorized ? 0 : 1;
        }

        Assert.Equal(0, served);
    }

    [Fact]
    public async Task EveryOtherSessionSignedOutEverywhereIsRefusedOnTheOtherNodeEveryTime()
    {
        var account = await NewAccountAsync();
        var served = 0;
        for (var i = 0; i < Tries; i++)
        {
            var laptop = await NewSessionAsync(account, NodeA);
            var phone = await NewSessionAsync(account, NodeB);
            Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/v1/me")).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await laptop.PostAsync("/auth/signout-all")).StatusCode);
            served += (await phone.GetAsync("/v1/me")).StatusCode == HttpStatusCode.Unauthorized ? 0 : 1;

            // The device that signed the others out stays signed in.
            Assert.Equal(HttpStatusCode.OK, (await laptop.On(NodeB.CreateBareClient()).GetAsync("/v1/me")).StatusCode);
        }

        Assert.Equal(0, served);
    }

    [Fact]
    public async Task ASessionRevokedFromAnotherDeviceIsRefusedOnTheOtherNodeEveryTime()
    {
        var account = await NewAccountAsync();
        var laptop = await NewSessionAsync(account, NodeA);
        var served = 0;
        for (var i = 0; i < Tries; i++)
        {
            var phone = await NewSessionAsync(account, NodeB);
            var phoneSession = (await phone.GetJsonAsync<List<SessionResponse>>("/v1/me/sessions")).Single(s => s.Current);

            Assert.Equal(HttpStatusCode.NoContent, (await laptop.DeleteAsync($"/v1/me/sessions/{phoneSession.Id}")).StatusCode);
            served += (await phone.GetAsync("/v1/me")).StatusCode == HttpStatusCode.Unauthorized ? 0 : 1;
        }

        Assert.Equal(0, served);
        Assert.Equal(HttpStatusCode.OK, (await laptop.On(NodeB.CreateBareClient()).GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task ADisabledAccountIsRefusedOnTheOtherNodeEveryTime()
    {
        var grains = NodeA.Services.GetRequiredService<IGrainFactory>();
        var served = 0;
        for (var i = 0; i < Tries; i++)
        {
            var account = await NewAccountAsync();
            var onB = await NewSessionAsync(account, NodeB);
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/v1/me")).StatusCode);

            await grains.GetGrain<IAccountGrain>(account).DisableAsync();
            served += (await onB.GetAsync("/v1/me")).StatusCode == HttpStatusCode.Unauthorized ? 0 : 1;
        }

        Assert.Equal(0, served);
    }
}
