using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Audit;
using Albumi.Grains.Time;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Lifecycle;
using Albumi.Tests.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Albumi.Web.Problems;
using Albumi.Web.Workspaces;
using Npgsql;

namespace Albumi.Tests.Mfa;

/// <summary>
/// Changes that grant access or weaken a protection for longer than the session that makes them lasts (raising a role,
/// turning the workspace's 2FA requirement off, the classification policy, an import that invites) need the step-up
/// that invites need: a thief holding a stale session cannot leave them behind. Changes that protect (a demotion, a
/// removal, turning 2FA on) do not, so an admin answering an incident acts at once.
/// </summary>
public sealed class WeakeningProtectionStepUpTests() : WebNodesTest(nodes: 1)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    protected override AlbumiClock? Clock => _clock;

    [Fact]
    public async Task AStaleAdminSessionCannotPromoteAViewerToAdminUntilItStepsUpOrUsesAnAdminKey()
    {
        var owner = new AccountClient(Node.CreateBareClient());
        var (_, password) = await owner.RegisterAndSignInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (_, viewerId) = await owner.AddMemberAsync(ws, "viewer", Node.CreateBareClient());
        var (_, otherViewerId) = await owner.AddMemberAsync(ws, "viewer", Node.CreateBareClient());
        var writer = owner.WithKey(await CreateKeyAsync(owner, "read", "write"));
        var admin = owner.WithKey(await CreateKeyAsync(owner, "admin"));
        _clock.Advance(Window);
        var eventsBefore = await AuditCountAsync(ws);

        await AssertStepUpRequiredAsync(await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}/members/{viewerId}", new { role = "admin" }), StepUp.ReauthenticatePath);
        await AssertStepUpRequiredAsync(await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}/members/{viewerId}", new { role = "editor" }), StepUp.ReauthenticatePath);
        var narrow = await writer.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}/members/{viewerId}", new { role = "admin" });

        Assert.Equal(HttpStatusCode.Forbidden, narrow.StatusCode);
        Assert.Equal("viewer", await RoleOfAsync(owner, ws, viewerId));
        Assert.Equal(eventsBefore, await AuditCountAsync(ws));

        // An admin key is the owner's deliberate grant for automation; a person confirms it is them, then promotes.
        await AssertStatusAsync(HttpStatusCode.OK, await admin.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}/members/{otherViewerId}", new { role = "editor" }));
        await AssertStatusAsync(HttpStatusCode.NoContent, await owner.PostAsync(StepUp.ReauthenticatePath, new { password }));
        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}/members/{viewerId}", new { role = "admin" }));
        Assert.Equal("admin", await RoleOfAsync(owner, ws, viewerId));
        Assert.Equal("editor", await RoleOfAsync(owner, ws, otherViewerId));
    }

    [Fact]
    public async Task AStaleSessionStillDemotesAndRemovesAtOnceAndMayKeepARoleAsItIs()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (_, adminId) = await owner.AddMemberAsync(ws, "admin", Node.CreateBareClient());
        var (_, editorId) = await owner.AddMemberAsync(ws, "editor", Node.CreateBareClient());
        _clock.Advance(Window);

        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}/members/{editorId}", new { role = "editor" }));
        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}/members/{adminId}", new { role = "viewer" }));
        await AssertStatusAsync(HttpStatusCode.NoContent, await owner.DeleteAsync($"/v1/workspaces/{ws}/members/{editorId}"));

        Assert.Equal("viewer", await RoleOfAsync(owner, ws, adminId));
        Assert.DoesNotContain(await owner.GetJsonAsync<List<MemberResponse>>($"/v1/workspaces/{ws}/members"), m => m.AccountId == editorId);
    }

    [Fact]
    public async Task AStaleSessionCannotTurnTheWorkspacesTwoFactorRequirementOffButMayRenameAndTurnItOn()
    {
        var owner = await SignedInAsync();
        var enrolment = (await TwoFactor.EnrolAsync(owner, _clock)).Enrolment;
        _clock.Advance(TimeSpan.FromSeconds(1));
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var admin = owner.WithKey(await CreateKeyAsync(owner, "admin"));
        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}", new { requireMfa = true }));
        _clock.Advance(Window);
        var eventsBefore = await AuditCountAsync(ws);

        await AssertStepUpRequiredAsync(await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}", new { requireMfa = false }), StepUp.VerifyCodePath);
        await AssertStepUpRequiredAsync(await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}", new { name = "Renamed too", requireMfa = false }), StepUp.VerifyCodePath);

        var unchanged = await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{ws}");
        Assert.True(unchanged.RequireMfa);
        Assert.NotEqual("Renamed too", unchanged.Name);
        Assert.Equal(eventsBefore, await AuditCountAsync(ws));
        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}", new { name = "Renamed" }));
        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}", new { requireMfa = true }));

        // The admin key may; so may the person once they pass the second factor again.
        await AssertStatusAsync(HttpStatusCode.OK, await admin.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}", new { requireMfa = false }));
        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}", new { requireMfa = true }));
        await TwoFactor.StepUpAsync(owner, enrolment, _clock);
        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Patch, $"/v1/workspaces/{ws}", new { requireMfa = false }));
        Assert.False((await owner.GetJsonAsync<WorkspaceResponse>($"/v1/workspaces/{ws}")).RequireMfa);
    }

    [Fact]
    public async Task AStaleSessionCannotChangeTheClassificationPolicyUntilItStepsUpOrUsesAnAdminKey()
    {
        var owner = new AccountClient(Node.CreateBareClient());
        var (_, password) = await owner.RegisterAndSignInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var admin = owner.WithKey(await CreateKeyAsync(owner, "admin"));
        var path = $"/v1/workspaces/{ws}/classification-policy";
        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Put, path, new { restricted = "admin" }));
        var policyBefore = (await owner.GetNodeAsync(path)).ToJsonString();
        _clock.Advance(Window);
        var eventsBefore = await AuditCountAsync(ws);

        await AssertStepUpRequiredAsync(await owner.SendAsync(HttpMethod.Put, path, new { restricted = "viewer" }), StepUp.ReauthenticatePath);

        Assert.Equal(policyBefore, (await owner.GetNodeAsync(path)).ToJsonString());
        Assert.Equal(eventsBefore, await AuditCountAsync(ws));
        await AssertStatusAsync(HttpStatusCode.OK, await admin.SendAsync(HttpMethod.Put, path, new { restricted = "editor" }));
        await AssertStatusAsync(HttpStatusCode.NoContent, await owner.PostAsync(StepUp.ReauthenticatePath, new { password }));
        await AssertStatusAsync(HttpStatusCode.OK, await owner.SendAsync(HttpMethod.Put, path, new { restricted = "viewer" }));
        Assert.Equal("viewer", (await owner.GetNodeAsync(path)).Text("restricted"));
    }

    [Fact]
    public async Task AnImportThatInvitesNeedsAStepUpOrAnAdminKeyAndAuditsEachInviteWhileOneWithoutMembersStillWorksWithAWriteKey()
    {
        var owner = new AccountClient(Node.CreateBareClient());
        var (ownerEmail, password) = await owner.RegisterAndSignInAsync();
        var ownerId = (await owner.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var ws = (await owner.CreateWorkspaceAsync("Source")).Id;
        var document = await ExportAsync(owner, ws);
        var writer = owner.WithKey(await CreateKeyAsync(owner, "read", "write"));
        var admin = owner.WithKey(await CreateKeyAsync(owner, "read", "write", "admin"));
        var thief = AccountClient.NewEmail();
        var inviting = document.DeepClone().AsObject();
        inviting["members"] = new JsonArray(
            new JsonObject { ["email"] = ownerEmail, ["role"] = "owner", ["status"] = "active" },
            new JsonObject { ["email"] = thief, ["role"] = "owner", ["status"] = "active" });
        var quiet = document.DeepClone().AsObject();
        quiet["members"] = new JsonArray(new JsonObject { ["email"] = ownerEmail, ["role"] = "owner", ["status"] = "active" });
        _clock.Advance(Window);
        var (workspacesBefore, invitesBefore) = (await WorkspaceRows.CountAsync(Database, "workspaces"), await WorkspaceRows.CountAsync(Database, "workspace_invites"));
        var eventsBefore = await InviteEventCountAsync();

        await AssertStepUpRequiredAsync(await owner.PostAsync("/v1/workspaces/import", inviting), StepUp.ReauthenticatePath);
        var narrow = await writer.PostAsync("/v1/workspaces/import", inviting);

        Assert.Equal(HttpStatusCode.Forbidden, narrow.StatusCode);
        Assert.Equal(ProblemTypes.StepUpRequired, await narrow.ProblemTypeAsync());
        Assert.Equal(workspacesBefore, await WorkspaceRows.CountAsync(Database, "workspaces"));
        Assert.Equal(invitesBefore, await WorkspaceRows.CountAsync(Database, "workspace_invites"));
        Assert.Equal(eventsBefore, await InviteEventCountAsync());

        // Content automation with a write key keeps working: no members, no invites.
        var plain = await writer.PostAsync("/v1/workspaces/import", quiet);
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        Assert.Empty((await plain.JsonObjectAsync())["invites"]!.AsArray());

        await AssertStatusAsync(HttpStatusCode.Created, await admin.PostAsync("/v1/workspaces/import", inviting));
        await AssertStatusAsync(HttpStatusCode.NoContent, await owner.PostAsync(StepUp.ReauthenticatePath, new { password }));
        var imported = await owner.PostAsync("/v1/workspaces/import", inviting);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var created = await imported.JsonObjectAsync();
        var copy = Guid.Parse(created["workspace"]!.Text("id"));
        var invite = Assert.Single(created["invites"]!.AsArray());
        Assert.Equal("admin", invite.Text("role"));

        // Audited as POST /invites audits an invite: same type and metadata, the importer as actor, in the new workspace.
        var pending = Assert.Single(await owner.GetJsonAsync<List<JsonElement>>($"/v1/workspaces/{copy}/invites"));
        var audited = Assert.Single(await InviteEventsAsync(copy));
        Assert.Equal(ownerId, audited.Actor);
        Assert.Equal(new Dictionary<string, string> { ["invite"] = pending.GetProperty("id").GetString()!, ["role"] = "admin" }, audited.Metadata);
        var viaEndpoint = await owner.PostAsync($"/v1/workspaces/{copy}/invites", new { email = AccountClient.NewEmail(), role = "editor" });
        Assert.Equal(HttpStatusCode.Created, viaEndpoint.StatusCode);
        Assert.Equal(
            audited.Metadata.Keys.Order(),
            (await InviteEventsAsync(copy)).Single(e => e.Metadata["role"] == "editor").Metadata.Keys.Order());
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
        => Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    private static async Task AssertStepUpRequiredAsync(HttpResponseMessage response, string wayOut)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"expected 403 step-up-required, got {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(ProblemTypes.StepUpRequired, problem.GetProperty("type").GetString());
        Assert.Contains(wayOut, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> RoleOfAsync(AccountClient client, Guid ws, Guid member)
        => (await client.GetJsonAsync<List<MemberResponse>>($"/v1/workspaces/{ws}/members")).Single(m => m.AccountId == member).Role;

    private static async Task<JsonObject> ExportAsync(AccountClient client, Guid ws)
    {
        var response = await client.GetAsync($"/v1/workspaces/{ws}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
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

    private async Task<long> InviteEventCountAsync()
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new NpgsqlCommand("SELECT count(*) FROM audit.security_events WHERE event_type = $1", owner);
        query.Parameters.AddWithValue((int)SecurityEventType.InviteCreated);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    private async Task<List<(Guid? Actor, Dictionary<string, string> Metadata)>> InviteEventsAsync(Guid ws)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new NpgsqlCommand(
            "SELECT actor_account_id, metadata::text FROM audit.security_events WHERE workspace_id = $1 AND event_type = $2 AND outcome = 'success' ORDER BY id", owner);
        query.Parameters.AddWithValue(ws);
        query.Parameters.AddWithValue((int)SecurityEventType.InviteCreated);
        await using var reader = await query.ExecuteReaderAsync();
        var events = new List<(Guid?, Dictionary<string, string>)>();
        while (await reader.ReadAsync())
        {
            events.Add((reader.IsDBNull(0) ? null : reader.GetGuid(0), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(1))!));
        }

        return events;
    }
}
