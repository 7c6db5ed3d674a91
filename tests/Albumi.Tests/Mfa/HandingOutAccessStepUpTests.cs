using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Albumi.Grains.Time;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Problems;
using Npgsql;

namespace Albumi.Tests.Mfa;

/// <summary>
/// Invites and share links hand out access that outlives the session that made them, so making one needs the step-up
/// that transferring ownership needs: a thief holding a stale or never-verified session cannot plant a way back in.
/// </summary>
public sealed class HandingOutAccessStepUpTests() : WebNodesTest(nodes: 2)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    protected override AlbumiClock? Clock => _clock;

    [Fact]
    public async Task AnAdminSessionThatNeverPassedItsSecondFactorCannotInviteTheThiefsAccountUntilItStepsUp()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        // The admin's laptop signed in, then the admin turned the second factor on from the phone: the laptop's session
        // (or a cookie stolen from it) never passed the second factor. The workspace does not require one, so it still reads.
        var laptop = new AccountClient(Node.CreateBareClient());
        var (adminEmail, adminPassword) = await laptop.RegisterAndSignInAsync();
        var invite = await owner.PostAsync($"/v1/workspaces/{ws}/invites", new { email = adminEmail, role = "admin" });
        var token = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        Assert.Equal(HttpStatusCode.OK, (await laptop.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
        var phone = new AccountClient(Node.CreateBareClient());
        await phone.SignInAsync(adminEmail, adminPassword);
        var enrolment = (await TwoFactor.EnrolAsync(phone, _clock)).Enrolment;
        var thief = AccountClient.NewEmail();
        var eventsBefore = await AuditCountAsync(ws);

        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync($"/v1/workspaces/{ws}")).StatusCode);
        await AssertStepUpRequiredAsync(await laptop.PostAsync($"/v1/workspaces/{ws}/invites", new { email = thief, role = "admin" }), StepUp.VerifyCodePath);
        await AssertStepUpRequiredAsync(
            await laptop.On(Nodes[1].CreateBareClient()).PostAsync($"/v1/workspaces/{ws}/invites", new { email = thief, role = "admin" }), StepUp.VerifyCodePath);

        Assert.Empty(await owner.GetJsonAsync<List<JsonElement>>($"/v1/workspaces/{ws}/invites"));
        Assert.Equal(eventsBefore, await AuditCountAsync(ws));

        // The way out: the person at the laptop proves the second factor, and then may invite.
        await TwoFactor.StepUpAsync(laptop, enrolment, _clock);
        Assert.Equal(HttpStatusCode.Created, (await laptop.PostAsync($"/v1/workspaces/{ws}/invites", new { email = thief, role = "admin" })).StatusCode);
        Assert.Single(await owner.GetJsonAsync<List<JsonElement>>($"/v1/workspaces/{ws}/invites"));
    }

    [Fact]
    public async Task AStaleSessionCannotInviteAKeyNeedsTheAdminScopeAndTheOwnerStepsUpWithThePassword()
    {
        var owner = new AccountClient(Node.CreateBareClient());
        var (_, password) = await owner.RegisterAndSignInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var writer = owner.WithKey(await CreateKeyAsync(owner, "read", "write"));
        var admin = owner.WithKey(await CreateKeyAsync(owner, "admin"));
        _clock.Advance(Window);
        var eventsBefore = await AuditCountAsync(ws);

        await AssertStepUpRequiredAsync(await owner.PostAsync($"/v1/workspaces/{ws}/invites", new { email = AccountClient.NewEmail(), role = "admin" }), StepUp.ReauthenticatePath);
        var narrow = await writer.PostAsync($"/v1/workspaces/{ws}/invites", new { email = AccountClient.NewEmail(), role = "admin" });

        Assert.Equal(HttpStatusCode.Forbidden, narrow.StatusCode);
        Assert.Equal(ProblemTypes.MissingScope, await narrow.ProblemTypeAsync());
        Assert.Empty(await owner.GetJsonAsync<List<JsonElement>>($"/v1/workspaces/{ws}/invites"));
        Assert.Equal(eventsBefore, await AuditCountAsync(ws));

        // An admin key is the owner's deliberate grant for automation (made with a step-up of its own): it may invite.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/v1/workspaces/{ws}/invites", new { email = AccountClient.NewEmail(), role = "editor" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync(StepUp.ReauthenticatePath, new { password })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync($"/v1/workspaces/{ws}/invites", new { email = AccountClient.NewEmail(), role = "admin" })).StatusCode);
        Assert.Equal(2, (await owner.GetJsonAsync<List<JsonElement>>($"/v1/workspaces/{ws}/invites")).Count);
    }

    [Fact]
    public async Task AStaleSessionCannotMakeAnAnonymousShareLinkNorCanAWriteKeyUntilItStepsUpOrUsesAnAdminKey()
    {
        var owner = new AccountClient(Node.CreateBareClient());
        await owner.RegisterAndSignInAsync();
        var enrolment = (await TwoFactor.EnrolAsync(owner, _clock)).Enrolment;
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var app = await owner.CreateEntityAsync(ws, "applications", new { name = "Payroll" });
        var writer = owner.WithKey(await CreateKeyAsync(owner, "read", "write"));
        var admin = owner.WithKey(await CreateKeyAsync(owner, "admin"));
        _clock.Advance(Window);
        var eventsBefore = await AuditCountAsync(ws);
        var share = new { kind = "applications", id = app.Id(), expiresIn = "never" };

        await AssertStepUpRequiredAsync(await owner.PostAsync($"/v1/workspaces/{ws}/shares", share), StepUp.VerifyCodePath);
        await AssertStepUpRequiredAsync(await owner.On(Nodes[1].CreateBareClient()).PostAsync($"/v1/workspaces/{ws}/shares", share), StepUp.VerifyCodePath);
        var narrow = await writer.PostAsync($"/v1/workspaces/{ws}/shares", share);

        Assert.Equal(HttpStatusCode.Forbidden, narrow.StatusCode);
        Assert.Equal(ProblemTypes.MissingScope, await narrow.ProblemTypeAsync());
        Assert.Empty((await owner.GetNodeAsync($"/v1/workspaces/{ws}/shares")).AsArray());
        Assert.Equal(eventsBefore, await AuditCountAsync(ws));

        await TwoFactor.StepUpAsync(owner, enrolment, _clock);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync($"/v1/workspaces/{ws}/shares", share)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/v1/workspaces/{ws}/shares", share)).StatusCode);
        Assert.Equal(2, (await owner.GetNodeAsync($"/v1/workspaces/{ws}/shares")).AsArray().Count);
    }

    private static async Task AssertStepUpRequiredAsync(HttpResponseMessage response, string wayOut)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"expected 403 step-up-required, got {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(ProblemTypes.StepUpRequired, problem.GetProperty("type").GetString());
        Assert.Contains(wayOut, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> CreateKeyAsync(AccountClient client, params string[] scopes)
    {
        var response = await client.PostAsync("/v1/me/api-keys", new { name = "automation", expiresIn = "30d", scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Every security event recorded under the workspace: a refused request must add none.</summary>
    private async Task<long> AuditCountAsync(Guid ws)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new NpgsqlCommand("SELECT count(*) FROM audit.security_events WHERE workspace_id = $1", owner);
        query.Parameters.AddWithValue(ws);
        return (long)(await query.ExecuteScalarAsync())!;
    }
}
