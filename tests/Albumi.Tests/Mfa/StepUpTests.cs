using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Albumi.Grains.Time;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Albumi.Web.Problems;

namespace Albumi.Tests.Mfa;

/// <summary>
/// Step-up ("sudo mode"): every credential and protection change needs a session that recently passed the second
/// factor (or, without one, signed in or confirmed its password), played over HTTP against two nodes.
/// </summary>
public sealed class StepUpTests() : WebNodesTest(nodes: 2)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    protected override AlbumiClock? Clock => _clock;

    protected override IDictionary<string, string>? Settings => new Dictionary<string, string> { ["Albumi:Mfa:RequiredForOwners"] = "true" };

    [Fact]
    public async Task ASessionThatNeverPassedTheSecondFactorCannotMintAKeyThatReadsTheOwnersWorkspace()
    {
        // The attacker's session: signed in before the owner turned the second factor on (or an OpenID Connect
        // sign-in, or a stolen cookie); it never passed the second factor.
        var laptop = new AccountClient(Node.CreateBareClient());
        var (email, password) = await laptop.RegisterAndSignInAsync();
        var phone = new AccountClient(Node.CreateBareClient());
        await phone.SignInAsync(email, password);
        var enrolment = (await TwoFactor.EnrolAsync(phone, _clock)).Enrolment;
        var workspace = await phone.CreateWorkspaceAsync();

        var read = await laptop.GetAsync($"/v1/workspaces/{workspace.Id}");
        var mint = await laptop.PostAsync("/v1/me/api-keys", new { name = "exfiltrate", expiresIn = "never" });
        var mintOnOtherNode = await laptop.On(Nodes[1].CreateBareClient()).PostAsync("/v1/me/api-keys", new { name = "exfiltrate", expiresIn = "never" });

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        await AssertStepUpRequiredAsync(mint, StepUp.VerifyCodePath);
        await AssertStepUpRequiredAsync(mintOnOtherNode, StepUp.VerifyCodePath);
        Assert.Empty(await phone.GetJsonAsync<List<ApiKeyResponse>>("/v1/me/api-keys"));

        // The way out works, and on the other node too (whose copy of the session was the refused one) at once.
        await TwoFactor.StepUpAsync(laptop, enrolment, _clock);
        var key = await CreateKeyAsync(laptop.On(Nodes[1].CreateBareClient()));
        Assert.Equal(HttpStatusCode.OK, (await laptop.WithKey(key).GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode);
    }

    [Fact]
    public async Task EveryGuardedChangeIsRefusedWhenTheSecondFactorIsStaleAndAllowedRightAfterAStepUp()
    {
        var owner = new AccountClient(Node.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var ownerEnrolment = (await TwoFactor.EnrolAsync(owner, _clock)).Enrolment;
        var kept = await owner.CreateWorkspaceAsync("Kept");
        var doomed = await owner.CreateWorkspaceAsync("Doomed");
        var (_, heir) = await owner.AddMemberAsync(kept.Id, "admin", Node.CreateBareClient());
        var person = new AccountClient(Nodes[1].CreateBareClient());
        await person.RegisterAndSignInAsync();
        var personEnrolment = (await TwoFactor.EnrolAsync(person, _clock)).Enrolment;
        var changes = new[]
        {
            (owner, ownerEnrolment, OwnerChanges(kept.Id, doomed.Id, heir, ownerEnrolment)),
            (person, personEnrolment, PersonalChanges(personEnrolment)),
        };
        _clock.Advance(Window);

        foreach (var (client, _, list) in changes)
        {
            foreach (var (send, _) in list)
            {
                await AssertStepUpRequiredAsync(await send(client), StepUp.VerifyCodePath);
            }
        }

        Assert.Single((await owner.GetJsonAsync<MeResponse>("/v1/me")).Workspaces, w => w.Id == kept.Id && w.Role == "owner");
        Assert.Equal(2, (await owner.GetJsonAsync<MeResponse>("/v1/me")).Workspaces.Count);
        Assert.Empty(await person.GetJsonAsync<List<ApiKeyResponse>>("/v1/me/api-keys"));
        foreach (var (client, enrolment, list) in changes)
        {
            foreach (var (send, allowed) in list)
            {
                await TwoFactor.StepUpAsync(client, enrolment, _clock);
                Assert.Equal(allowed, (await send(client)).StatusCode);
            }
        }
    }

    [Fact]
    public async Task AnApiKeyNeverStepsUpButAnAdminKeyMayTransferOwnershipAndDeleteAWorkspace()
    {
        var owner = new AccountClient(Node.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        await TwoFactor.EnrolAsync(owner, _clock);
        var kept = await owner.CreateWorkspaceAsync("Kept");
        var doomed = await owner.CreateWorkspaceAsync("Doomed");
        var (_, heir) = await owner.AddMemberAsync(kept.Id, "admin", Node.CreateBareClient());
        _clock.Advance(TimeSpan.FromSeconds(1));
        var admin = owner.WithKey(await CreateKeyAsync(owner));
        var writer = owner.WithKey(await CreateKeyAsync(owner, "read", "write"));

        foreach (var sessionOnly in new[]
        {
            await admin.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" }),
            await admin.PostAsync("/v1/me/erasure"),
            await admin.PostAsync("/v1/me/mfa/recovery-codes", new { code = "000000" }),
            await admin.SendAsync(HttpMethod.Delete, "/v1/me/mfa/totp", new { code = "000000" }),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, sessionOnly.StatusCode);
            Assert.Equal(ProblemTypes.SessionRequired, await sessionOnly.ProblemTypeAsync());
        }

        var narrow = await writer.DeleteAsync($"/v1/workspaces/{doomed.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, narrow.StatusCode);
        Assert.Equal(ProblemTypes.MissingScope, await narrow.ProblemTypeAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await admin.DeleteAsync($"/v1/workspaces/{doomed.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/v1/workspaces/{kept.Id}/transfer-ownership", new { accountId = heir })).StatusCode);
    }

    [Fact]
    public async Task AnAccountWithoutASecondFactorStepsUpWithItsPasswordForTheWindowAndNoLonger()
    {
        var person = new AccountClient(Node.CreateBareClient());
        var (_, password) = await person.RegisterAndSignInAsync();
        _clock.Advance(Window - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await person.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" })).StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await AssertStepUpRequiredAsync(await person.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" }), StepUp.ReauthenticatePath);
        await AssertStepUpRequiredAsync(await person.PostAsync("/v1/me/mfa/totp"), StepUp.ReauthenticatePath);

        var wrong = await person.PostAsync(StepUp.ReauthenticatePath, new { password = password + "x" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(ProblemTypes.InvalidCredentials, await wrong.ProblemTypeAsync());
        await AssertStepUpRequiredAsync(await person.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" }), StepUp.ReauthenticatePath);

        Assert.Equal(HttpStatusCode.NoContent, (await person.On(Nodes[1].CreateBareClient()).PostAsync(StepUp.ReauthenticatePath, new { password })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await person.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" })).StatusCode);
        _clock.Advance(Window - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await person.PostAsync("/v1/me/mfa/totp")).StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await AssertStepUpRequiredAsync(await person.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" }), StepUp.ReauthenticatePath);
    }

    [Fact]
    public async Task AnAccountWithASecondFactorCannotStepUpWithItsPasswordAlone()
    {
        var person = new AccountClient(Node.CreateBareClient());
        var (_, password) = await person.RegisterAndSignInAsync();
        await TwoFactor.EnrolAsync(person, _clock);
        _clock.Advance(Window);

        var refused = await person.PostAsync(StepUp.ReauthenticatePath, new { password });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(ProblemTypes.MfaAlreadyOn, await refused.ProblemTypeAsync());
        await AssertStepUpRequiredAsync(await person.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" }), StepUp.VerifyCodePath);
    }

    /// <summary>An owner's guarded changes, and what each answers once the guard lets it through.</summary>
    private List<(Func<AccountClient, Task<HttpResponseMessage>> Send, HttpStatusCode Allowed)> OwnerChanges(Guid kept, Guid doomed, Guid heir, TotpEnrollmentResponse enrolment) =>
    [
        (c => c.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" }), HttpStatusCode.Created),
        (c => c.PostAsync("/v1/me/mfa/recovery-codes", new { code = NextCode(enrolment) }), HttpStatusCode.OK),
        (c => c.DeleteAsync($"/v1/workspaces/{doomed}"), HttpStatusCode.Accepted),
        (c => c.PostAsync($"/v1/workspaces/{kept}/transfer-ownership", new { accountId = heir }), HttpStatusCode.NoContent),
    ];

    /// <summary>The guarded changes of a person who owns no workspace (owners may neither turn 2FA off nor be erased).</summary>
    private List<(Func<AccountClient, Task<HttpResponseMessage>> Send, HttpStatusCode Allowed)> PersonalChanges(TotpEnrollmentResponse enrolment) =>
    [
        (c => c.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" }), HttpStatusCode.Created),
        (c => c.PostAsync("/v1/me/erasure"), HttpStatusCode.Accepted),
        (c => c.SendAsync(HttpMethod.Delete, "/v1/me/mfa/totp", new { code = NextCode(enrolment) }), HttpStatusCode.NoContent),
    ];

    /// <summary>A code of the next time step: the step-up before it used the current one, and codes are single-use.</summary>
    private string NextCode(TotpEnrollmentResponse enrolment)
    {
        _clock.Advance(TimeSpan.FromSeconds(30));
        return TwoFactor.Code(enrolment, _clock);
    }

    private static async Task AssertStepUpRequiredAsync(HttpResponseMessage response, string wayOut)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ProblemTypes.StepUpRequired, problem.GetProperty("type").GetString());
        Assert.Contains(wayOut, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> CreateKeyAsync(AccountClient client, params string[] scopes)
    {
        var response = await client.PostAsync("/v1/me/api-keys", scopes.Length == 0 ? (object)new { name = "k", expiresIn = "30d" } : new { name = "k", expiresIn = "30d", scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
