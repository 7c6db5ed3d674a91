using System.Net;
using Albumi.Grains;
using Albumi.Grains.Accounts;
using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Web.Me;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Identity;

/// <summary>Two web nodes (two silos of one cluster): every revocation is refused by the other node on the very next request.</summary>
public sealed class SessionRevocationTests() : WebNodesTest(2)
{
    private AlbumiWebFactory NodeA => Nodes[0];

    private AlbumiWebFactory NodeB => Nodes[1];

    [Fact]
    public async Task SessionSignedOutOnOneNodeIsRefusedOnTheOther()
    {
        var onA = new AccountClient(NodeA.CreateBareClient());
        await onA.RegisterAndSignInAsync();
        var onB = onA.On(NodeB.CreateBareClient());
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await onA.PostAsync("/auth/signout")).StatusCode);

        await AssertRefusedAtOnceAsync(onB);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task SignOutAllKeepsExactlyTheCurrentSessionOnEveryNode()
    {
        var laptop = new AccountClient(NodeA.CreateBareClient());
        var (email, password) = await laptop.RegisterAndSignInAsync();
        var phone = new AccountClient(NodeB.CreateBareClient());
        await phone.SignInAsync(email, password);
        var tablet = new AccountClient(NodeB.CreateBareClient());
        await tablet.SignInAsync(email, password);
        Assert.Equal(3, (await laptop.GetJsonAsync<List<SessionResponse>>("/v1/me/sessions")).Count);

        Assert.Equal(HttpStatusCode.NoContent, (await laptop.PostAsync("/auth/signout-all")).StatusCode);

        await AssertRefusedAtOnceAsync(phone);
        await AssertRefusedAtOnceAsync(tablet);
        Assert.Equal(HttpStatusCode.OK, (await laptop.On(NodeB.CreateBareClient()).GetAsync("/v1/me")).StatusCode);
        var remaining = await laptop.GetJsonAsync<List<SessionResponse>>("/v1/me/sessions");
        Assert.True(Assert.Single(remaining).Current);
    }

    [Fact]
    public async Task RevokingOneOfOwnSessionsEndsItEverywhereAndOthersSessionsAre404()
    {
        var laptop = new AccountClient(NodeA.CreateBareClient());
        var (email, password) = await laptop.RegisterAndSignInAsync();
        var phone = new AccountClient(NodeB.CreateBareClient());
        await phone.SignInAsync(email, password);
        var phoneSession = (await phone.GetJsonAsync<List<SessionResponse>>("/v1/me/sessions")).Single(s => s.Current);
        var stranger = new AccountClient(NodeA.CreateBareClient());
        await stranger.RegisterAndSignInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/v1/me/sessions/{phoneSession.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync("/v1/me/sessions/not-a-uuid")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await laptop.DeleteAsync($"/v1/me/sessions/{phoneSession.Id}")).StatusCode);

        await AssertRefusedAtOnceAsync(phone);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsSessionsAndItsSignIns()
    {
        var client = new AccountClient(NodeA.CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();
        var onB = client.On(NodeB.CreateBareClient());
        var me = await onB.GetJsonAsync<MeResponse>("/v1/me");

        await NodeA.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(me.Id).DisableAsync();

        await AssertRefusedAtOnceAsync(onB);
        Assert.Equal(HttpStatusCode.Unauthorized, (await new AccountClient(NodeB.CreateBareClient()).SignInAsync(email, password)).StatusCode);
    }

    /// <summary>The very next request after the revoking call returned: one activation per session in the cluster, no window.</summary>
    private static async Task AssertRefusedAtOnceAsync(AccountClient client)
        => Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/me")).StatusCode);
}
