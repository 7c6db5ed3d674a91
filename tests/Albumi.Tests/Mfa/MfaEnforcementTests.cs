using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Albumi.Grains.Security;
using Albumi.Grains.Time;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Me;
using Albumi.Web.Problems;

namespace Albumi.Tests.Mfa;

public sealed class MfaEnforcementTests() : WebNodesTest
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    protected override AlbumiClock? Clock => _clock;

    protected override IDictionary<string, string>? Settings => new Dictionary<string, string> { ["Albumi:Mfa:RequiredForOwners"] = "true" };

    [Fact]
    public async Task AnOwnerReachesTheWorkspaceOnlyWithTwoFactorOn()
    {
        var owner = await SignedInAsync();
        var workspace = await owner.CreateWorkspaceAsync();

        var refused = await owner.GetAsync($"/v1/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ProblemTypes.MfaEnrolmentRequired, await ProblemResponses.ProblemTypeAsync(refused));

        await EnrolAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);
    }

    [Fact]
    public async Task AWorkspaceThatRequiresTwoFactorSendsMembersToEnrolAndRefusesOlderKeys()
    {
        var owner = await SignedInAsync();
        await EnrolAsync(owner);
        var workspace = await owner.CreateWorkspaceAsync();
        var (member, _) = await owner.AddMemberAsync(workspace.Id, "editor", Node.CreateBareClient());
        var oldKey = await CreateKeyAsync(member);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);

        var update = await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}", new { requireMfa = true });
        Assert.True((await update.Content.ReadFromJsonAsync<Albumi.Web.Workspaces.WorkspaceResponse>())!.RequireMfa);

        var refused = await member.GetAsync($"/v1/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ProblemTypes.MfaEnrolmentRequired, await ProblemResponses.ProblemTypeAsync(refused));
        Assert.Contains("/v1/me/mfa/totp", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await EnrolAsync(member);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var newKey = await CreateKeyAsync(member);

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.WithKey(oldKey).GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.WithKey(newKey).GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);
    }

    [Fact]
    public async Task ASessionThatNeverPassedTheSecondFactorMustStepUp()
    {
        var owner = await SignedInAsync();
        await EnrolAsync(owner);
        var workspace = await owner.CreateWorkspaceAsync();
        var laptop = new AccountClient(Node.CreateBareClient());
        var (email, password) = await laptop.RegisterAndSignInAsync();
        var invite = await owner.PostAsync($"/v1/workspaces/{workspace.Id}/invites", new { email, role = "viewer" });
        var token = (await invite.Content.ReadFromJsonAsync<Albumi.Web.Workspaces.InviteResponse>())!.Token;
        Assert.Equal(HttpStatusCode.OK, (await laptop.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
        await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}", new { requireMfa = true });
        var phone = new AccountClient(Node.CreateBareClient());
        await phone.SignInAsync(email, password);
        var phoneEnrolment = await EnrolAsync(phone);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);

        var refused = await laptop.GetAsync($"/v1/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("/v1/me/mfa/verify", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await laptop.PostAsync("/v1/me/mfa/verify", new { code = "000000" })).StatusCode);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NoContent, (await laptop.PostAsync("/v1/me/mfa/verify", new { code = TwoFactor.Code(phoneEnrolment, _clock) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);
    }

    [Fact]
    public async Task ASessionThatPassedASecondFactorTurnedOffSinceMustPassTheNewOne()
    {
        var owner = await SignedInAsync();
        await EnrolAsync(owner);
        var workspace = await owner.CreateWorkspaceAsync();
        var laptop = new AccountClient(Node.CreateBareClient());
        var (email, password) = await laptop.RegisterAndSignInAsync();
        var invite = await owner.PostAsync($"/v1/workspaces/{workspace.Id}/invites", new { email, role = "viewer" });
        var token = (await invite.Content.ReadFromJsonAsync<Albumi.Web.Workspaces.InviteResponse>())!.Token;
        Assert.Equal(HttpStatusCode.OK, (await laptop.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
        await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{workspace.Id}", new { requireMfa = true });

        // The laptop's session passes the first authenticator (it enrols it); its cookie is stolen later.
        var first = await EnrolAsync(laptop);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);

        // The person fears the first authenticator is known to someone: on the phone they turn it off and enrol a new one.
        _clock.Advance(TimeSpan.FromSeconds(30));
        var phone = new AccountClient(Node.CreateBareClient());
        var signIn = await phone.SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password, totpCode = TwoFactor.Code(first, _clock) });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        phone.SessionCookieValue = AccountClient.ReadSessionCookie(signIn);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NoContent, (await phone.SendAsync(HttpMethod.Delete, "/v1/me/mfa/totp", new { code = TwoFactor.Code(first, _clock) })).StatusCode);
        var second = await EnrolAsync(phone);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);

        // The stolen session passed only the authenticator that was turned off: it is a session that never passed this one.
        var refused = await laptop.GetAsync($"/v1/workspaces/{workspace.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("/v1/me/mfa/verify", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Nor may it mint a key, though it passed the old authenticator well within the step-up window.
        var mint = await laptop.PostAsync("/v1/me/api-keys", new { name = "exfiltrate", expiresIn = "never" });
        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Equal(ProblemTypes.StepUpRequired, await ProblemResponses.ProblemTypeAsync(mint));

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NoContent, (await laptop.PostAsync("/v1/me/mfa/verify", new { code = TwoFactor.Code(second, _clock) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);
    }

    private async Task<TotpEnrollmentResponse> EnrolAsync(AccountClient client) => (await TwoFactor.EnrolAsync(client, _clock)).Enrolment;

    private static async Task<string> CreateKeyAsync(AccountClient client)
        => (await (await client.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
}
