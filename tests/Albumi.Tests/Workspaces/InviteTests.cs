using System.Net;
using System.Text.Json.Nodes;
using Albumi.Grains.Accounts;
using Albumi.Grains.Audit;
using Albumi.Silo.Database;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Me;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Tests.Workspaces;

/// <summary>
/// Invites as an attacker plays them: an invite is worth only what its maker may still grant, names the one address
/// that may accept it, and admins see and revoke the pending ones.
/// </summary>
public sealed class InviteTests() : WebNodesTest
{
    private const string Unusable = "https://albumi.dev/problems/invite-unusable";

    [Fact]
    public async Task RemovedAdminCannotAcceptTheirOwnInvite()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var admin = new AccountClient(Node.CreateBareClient());
        var (adminEmail, adminPassword) = await admin.RegisterAndSignInAsync();
        var adminId = await JoinAsync(owner, ws, admin, adminEmail, "admin");

        // A member's own address is refused outright; the invite planted by a second account's address is the way left to try.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/v1/workspaces/{ws}/invites", new { email = adminEmail, role = "admin" })).StatusCode);
        var second = new AccountClient(Node.CreateBareClient());
        var (secondEmail, _) = await second.RegisterAndSignInAsync();
        var backdoor = await InviteAsync(admin, ws, secondEmail, "admin");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/members/{adminId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SignInAsync(adminEmail, adminPassword)).StatusCode);
        var accepted = await second.PostAsync($"/v1/invites/{backdoor}/accept");

        Assert.Equal(HttpStatusCode.Gone, accepted.StatusCode);
        Assert.Equal(Unusable, await accepted.ProblemTypeAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/workspaces/{ws}")).StatusCode);
        Assert.DoesNotContain(adminId, (await owner.GetNodeAsync($"/v1/workspaces/{ws}/members")).AsArray().Select(m => Guid.Parse(m.Text("accountId"))));
    }

    [Fact]
    public async Task DemotedAdminsInviteIsRefusedToTheirSecondAccountAndStaysRevokedAfterPromotion()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (admin, adminId) = await owner.AddMemberAsync(ws, "admin", Node.CreateBareClient());
        var second = new AccountClient(Node.CreateBareClient());
        var (secondEmail, _) = await second.RegisterAndSignInAsync();
        var backdoor = await InviteAsync(admin, ws, secondEmail, "admin");

        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsync($"/v1/workspaces/{ws}/members/{adminId}", new { role = "viewer" })).StatusCode);
        var whileDemoted = await second.PostAsync($"/v1/invites/{backdoor}/accept");
        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsync($"/v1/workspaces/{ws}/members/{adminId}", new { role = "admin" })).StatusCode);
        var afterPromotion = await second.PostAsync($"/v1/invites/{backdoor}/accept");

        Assert.Equal(HttpStatusCode.Gone, whileDemoted.StatusCode);
        Assert.Equal(Unusable, await whileDemoted.ProblemTypeAsync());
        Assert.Equal(HttpStatusCode.Gone, afterPromotion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/v1/workspaces/{ws}")).StatusCode);
    }

    [Fact]
    public async Task ADisabledAdminsInviteIsRefusedToTheirSecondAccount()
    {
        // An operator disables a rogue admin's account (its sessions and keys end at once); the admin's membership stays,
        // but an invite they made for a second account of theirs must not let them back in as admin.
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (admin, adminId) = await owner.AddMemberAsync(ws, "admin", Node.CreateBareClient());
        var second = new AccountClient(Node.CreateBareClient());
        var (secondEmail, _) = await second.RegisterAndSignInAsync();
        var backdoor = await InviteAsync(admin, ws, secondEmail, "admin");

        await Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(adminId).DisableAsync();
        var accepted = await second.PostAsync($"/v1/invites/{backdoor}/accept");

        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, accepted.StatusCode);
        Assert.Equal(Unusable, await accepted.ProblemTypeAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/v1/workspaces/{ws}")).StatusCode);
    }

    [Fact]
    public async Task AnInviteForOneAddressIsRefusedToAnotherAndStaysUsableForItsOwn()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var invited = new AccountClient(Node.CreateBareClient());
        var (invitedEmail, _) = await invited.RegisterAndSignInAsync();
        var stranger = await SignedInAsync();
        var token = await InviteAsync(owner, ws, invitedEmail.ToUpperInvariant(), "editor");

        var refused = await stranger.PostAsync($"/v1/invites/{token}/accept");
        var refusedBody = await refused.Content.ReadAsStringAsync();
        var forged = await stranger.PostAsync($"/v1/invites/inv_{ws:N}_{new string('A', 43)}/accept");

        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Equal(Unusable, await refused.ProblemTypeAsync());
        Assert.Equal(await WithoutTraceAsync(forged), await WithoutTraceAsync(refused));
        Assert.DoesNotContain(invitedEmail, refusedBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("editor", refusedBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/workspaces/{ws}")).StatusCode);

        // The refusal used nothing up: the address it names still joins with it (case does not matter).
        Assert.Equal(HttpStatusCode.OK, (await invited.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
    }

    [Fact]
    public async Task AdminsListAndRevokePendingInvitesAnotherTenantsInviteIsNotFoundAndBothAreAudited()
    {
        var owner = await SignedInAsync();
        var ownerId = (await owner.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        await owner.AddMemberAsync(ws, "viewer", Node.CreateBareClient());
        var invited = new AccountClient(Node.CreateBareClient());
        var (invitedEmail, _) = await invited.RegisterAndSignInAsync();
        var revokedToken = await InviteAsync(owner, ws, invitedEmail, "editor");
        var keptEmail = AccountClient.NewEmail();
        var keptToken = await InviteAsync(owner, ws, keptEmail, "viewer");
        var outsider = await SignedInAsync();
        var theirs = (await outsider.CreateWorkspaceAsync("Theirs")).Id;
        await InviteAsync(outsider, theirs, AccountClient.NewEmail(), "viewer");
        var theirInvite = Assert.Single((await outsider.GetNodeAsync($"/v1/workspaces/{theirs}/invites")).AsArray())!.Id();

        var listed = await owner.GetAsync($"/v1/workspaces/{ws}/invites");
        var listedBody = await listed.Content.ReadAsStringAsync();
        var pending = JsonNode.Parse(listedBody)!.AsArray();

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal([(invitedEmail, "editor"), (keptEmail, "viewer")], pending.Select(i => (i.Text("email"), i.Text("role"))));
        Assert.All(pending, i =>
        {
            Assert.Equal(ownerId, Guid.Parse(i.Text("invitedBy")));
            Assert.Equal(["createdAt", "email", "expiresAt", "id", "invitedBy", "invitedByName", "role"], i!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        });
        foreach (var secret in new[] { revokedToken, keptToken, revokedToken[37..], keptToken[37..], "token", "hash" })
        {
            Assert.DoesNotContain(secret, listedBody, StringComparison.OrdinalIgnoreCase);
        }

        var revokedId = pending.Single(i => i.Text("email") == invitedEmail)!.Id();
        var theirsFromHere = await owner.DeleteAsync($"/v1/workspaces/{ws}/invites/{theirInvite}");
        var random = await owner.DeleteAsync($"/v1/workspaces/{ws}/invites/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, theirsFromHere.StatusCode);
        Assert.Equal(await WithoutTraceAsync(random), await WithoutTraceAsync(theirsFromHere));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync($"/v1/workspaces/{ws}/invites/{revokedId}")).StatusCode);
        Assert.Single((await outsider.GetNodeAsync($"/v1/workspaces/{theirs}/invites")).AsArray());

        // An id has one spelling, as on every other route: the upper-case one names no invite.
        var oddSpelling = await owner.DeleteAsync($"/v1/workspaces/{ws}/invites/{revokedId.ToString().ToUpperInvariant()}");
        Assert.Equal(await WithoutTraceAsync(random), await WithoutTraceAsync(oddSpelling));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/invites/{revokedId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync($"/v1/workspaces/{ws}/invites/{revokedId}")).StatusCode);
        Assert.Equal([keptEmail], (await owner.GetNodeAsync($"/v1/workspaces/{ws}/invites")).AsArray().Select(i => i.Text("email")));
        var accepted = await invited.PostAsync($"/v1/invites/{revokedToken}/accept");
        Assert.Equal(HttpStatusCode.Gone, accepted.StatusCode);
        Assert.Equal(Unusable, await accepted.ProblemTypeAsync());

        var audited = await InviteAuditAsync(ws);
        Assert.Equal(3, audited.Count(e => e.Type == SecurityEventType.InviteCreated && e.Actor == ownerId));
        var revocation = Assert.Single(audited, e => e.Type == SecurityEventType.InviteRevoked);
        Assert.Equal((ownerId, revokedId.ToString(), "editor"), (revocation.Actor, revocation.Invite, revocation.Role));
        Assert.All(audited, e => Assert.NotNull(e.Invite));
    }

    [Fact]
    public async Task RemovalAndDemotionRevokeTheMakersPendingInvitesInTheAudit()
    {
        var owner = await SignedInAsync();
        var ownerId = (await owner.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (removed, removedId) = await owner.AddMemberAsync(ws, "admin", Node.CreateBareClient());
        var (demoted, demotedId) = await owner.AddMemberAsync(ws, "admin", Node.CreateBareClient());
        await InviteAsync(removed, ws, AccountClient.NewEmail(), "viewer");
        await InviteAsync(demoted, ws, AccountClient.NewEmail(), "editor");
        var ownersOwn = AccountClient.NewEmail();
        await InviteAsync(owner, ws, ownersOwn, "admin");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/members/{removedId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsync($"/v1/workspaces/{ws}/members/{demotedId}", new { role = "editor" })).StatusCode);

        Assert.Equal([ownersOwn], (await owner.GetNodeAsync($"/v1/workspaces/{ws}/invites")).AsArray().Select(i => i.Text("email")));
        var revoked = (await InviteAuditAsync(ws)).Where(e => e.Type == SecurityEventType.InviteRevoked).ToList();
        Assert.Equal(
            [(removedId, ownerId, "maker removed", "viewer"), (demotedId, ownerId, "maker demoted", "editor")],
            revoked.Select(e => (e.Account!.Value, e.Actor!.Value, e.Reason, e.Role)));
    }

    [Fact]
    public async Task TheOldOwnersInvitesSurviveAnOwnershipTransferBecauseAnAdminMayGrantThem()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (_, adminId) = await owner.AddMemberAsync(ws, "admin", Node.CreateBareClient());
        var invited = new AccountClient(Node.CreateBareClient());
        var (invitedEmail, _) = await invited.RegisterAndSignInAsync();
        var token = await InviteAsync(owner, ws, invitedEmail, "admin");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync($"/v1/workspaces/{ws}/transfer-ownership", new { accountId = adminId })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await invited.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
        Assert.Equal("admin", (await invited.GetNodeAsync($"/v1/workspaces/{ws}")).Text("role"));
    }

    [Fact]
    public async Task ImportedMembersBecomeInvitesMadeByTheImporterThatOnlyTheirOwnAddressAccepts()
    {
        var owner = await SignedInAsync();
        var ownerId = (await owner.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var ws = (await owner.CreateWorkspaceAsync("Source")).Id;
        var (member, _) = await owner.AddMemberAsync(ws, "editor", Node.CreateBareClient());
        var memberEmail = (await member.GetJsonAsync<MeResponse>("/v1/me")).Email;
        var import = await owner.PostAsync("/v1/workspaces/import", JsonNode.Parse(await Lifecycle.ExportImportTests.ExportAsync(owner, ws)));
        var created = await import.JsonObjectAsync();
        var copy = Guid.Parse(created["workspace"]!.Text("id"));
        var token = Assert.Single(created["invites"]!.AsArray())!.Text("token");

        var listed = Assert.Single((await owner.GetNodeAsync($"/v1/workspaces/{copy}/invites")).AsArray())!;
        Assert.Equal((memberEmail, "editor", ownerId), (listed.Text("email"), listed.Text("role"), Guid.Parse(listed.Text("invitedBy"))));
        Assert.Equal(HttpStatusCode.Gone, (await (await SignedInAsync()).PostAsync($"/v1/invites/{token}/accept")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsync($"/v1/invites/{token}/accept")).StatusCode);
    }

    [Fact]
    public async Task InvitingAMembersOwnAddressIsRefusedAtTheEmailFieldAndMakesNoInvite()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var member = new AccountClient(Node.CreateBareClient());
        var (email, _) = await member.RegisterAndSignInAsync();
        await JoinAsync(owner, ws, member, email, "viewer");

        var again = await owner.PostAsync($"/v1/workspaces/{ws}/invites", new { email = email.ToUpperInvariant(), role = "editor" });

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("member", (await again.JsonObjectAsync())["errors"]!["email"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await owner.GetNodeAsync($"/v1/workspaces/{ws}/invites")).AsArray());
    }

    [Fact]
    public async Task ANewInviteToTheSameAddressReplacesThePendingOneSoARemovedMemberHasNoSpareInviteToRejoinWith()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var dave = new AccountClient(Node.CreateBareClient());
        var (email, password) = await dave.RegisterAndSignInAsync();
        var spare = await InviteAsync(owner, ws, email, "editor");
        var used = await InviteAsync(owner, ws, email, "editor");

        Assert.Single((await owner.GetNodeAsync($"/v1/workspaces/{ws}/invites")).AsArray());
        Assert.Equal(HttpStatusCode.OK, (await dave.PostAsync($"/v1/invites/{used}/accept")).StatusCode);
        var daveId = (await dave.GetJsonAsync<MeResponse>("/v1/me")).Id;
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/members/{daveId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dave.SignInAsync(email, password)).StatusCode);
        var rejoin = await dave.PostAsync($"/v1/invites/{spare}/accept");

        Assert.Equal(HttpStatusCode.Gone, rejoin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dave.GetAsync($"/v1/workspaces/{ws}")).StatusCode);
        Assert.Contains(await InviteAuditAsync(ws), e => e.Type == SecurityEventType.InviteRevoked && e.Reason == "replaced by a newer invite to the same address");
    }

    [Fact]
    public async Task AnInviteLeftPendingBesideAMembershipIsRevokedByTheMembersRemoval()
    {
        var owner = await SignedInAsync();
        var ownerId = (await owner.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var dave = new AccountClient(Node.CreateBareClient());
        var (email, password) = await dave.RegisterAndSignInAsync();
        var daveId = await JoinAsync(owner, ws, dave, email, "viewer");

        // A row from before invites to members were refused: an editor invite to Dave's address, pending while he is a member.
        var leftover = Albumi.Grains.Workspaces.InviteToken.Create(ws);
        await using (var database = await TestPostgres.OpenAsync(Database.OwnerConnectionString))
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO workspace_invites (workspace_id, id, token_hash, email, role, invited_by, created_at, expires_at)
            VALUES ($1, $2, $3, $4, 'editor', $5, now(), now() + interval '7 days')
            """, database))
        {
            insert.Parameters.AddWithValue(ws);
            insert.Parameters.AddWithValue(Guid.CreateVersion7());
            insert.Parameters.AddWithValue(Albumi.Grains.Workspaces.InviteToken.Hash(leftover));
            insert.Parameters.AddWithValue(EmailAddress.Normalize(email));
            insert.Parameters.AddWithValue(ownerId);
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/members/{daveId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dave.SignInAsync(email, password)).StatusCode);
        var rejoin = await dave.PostAsync($"/v1/invites/{leftover}/accept");

        Assert.Equal(HttpStatusCode.Gone, rejoin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dave.GetAsync($"/v1/workspaces/{ws}")).StatusCode);
        Assert.Empty((await owner.GetNodeAsync($"/v1/workspaces/{ws}/invites")).AsArray());
        Assert.Contains(await InviteAuditAsync(ws), e => e.Type == SecurityEventType.InviteRevoked && e.Reason == "its invitee was removed from the workspace");
    }

    private static async Task<string> InviteAsync(AccountClient inviter, Guid ws, string email, string role)
    {
        var response = await inviter.PostAsync($"/v1/workspaces/{ws}/invites", new { email, role });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"inviting answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonObjectAsync()).Text("token");
    }

    private static async Task<Guid> JoinAsync(AccountClient inviter, Guid ws, AccountClient member, string email, string role)
    {
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsync($"/v1/invites/{await InviteAsync(inviter, ws, email, role)}/accept")).StatusCode);
        return (await member.GetJsonAsync<MeResponse>("/v1/me")).Id;
    }

    /// <summary>Status and body without the problem's trace id, the one part that differs per request.</summary>
    private static async Task<string> WithoutTraceAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length > 0 && JsonNode.Parse(body) is JsonObject problem)
        {
            problem.Remove("traceId");
            body = problem.ToJsonString();
        }

        return $"{(int)response.StatusCode} {body}";
    }

    private async Task<List<InviteEvent>> InviteAuditAsync(Guid ws)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new NpgsqlCommand("""
            SELECT event_type, account_id, actor_account_id, reason, metadata->>'invite', metadata->>'role'
            FROM audit.security_events WHERE workspace_id = $1 AND event_type = ANY($2) ORDER BY id
            """, owner);
        query.Parameters.AddWithValue(ws);
        query.Parameters.AddWithValue(new[] { (int)SecurityEventType.InviteCreated, (int)SecurityEventType.InviteRevoked });
        var events = new List<InviteEvent>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(new InviteEvent(
                (SecurityEventType)reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return events;
    }

    private sealed record InviteEvent(SecurityEventType Type, Guid? Account, Guid? Actor, string? Reason, string? Invite, string? Role);
}
