using System.Net;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Workspaces;
using Npgsql;

namespace Albumi.Tests.Lifecycle;

public sealed class AccountErasureTests() : WebNodesTest
{
    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Lifecycle:AccountErasureGracePeriod"] = "00:00:02",
    };

    [Fact]
    public async Task AnOwnerMustTransferFirstAndACancelledRequestErasesNothing()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;

        var refused = await owner.PostAsync("/v1/me/erasure");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(ws.ToString(), await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var member = await SignedInAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await member.PostAsync("/v1/me/erasure")).StatusCode);
        Assert.True((await member.GetNodeAsync("/v1/me/erasure"))["scheduled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NoContent, (await member.DeleteAsync("/v1/me/erasure")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/v1/me")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await member.WithKey("alb_" + new string('0', 60)).PostAsync("/v1/me/erasure")).StatusCode);
    }

    [Fact]
    public async Task AfterTheGracePeriodPersonalDataIsGoneAndAuthoredActivityShowsATombstone()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var leaving = new AccountClient(Node.CreateBareClient());
        var (email, password) = await leaving.RegisterAndSignInAsync();
        var invite = await (await owner.PostAsync($"/v1/workspaces/{ws}/invites", new { email, role = "editor" })).JsonObjectAsync();
        await leaving.PostAsync($"/v1/invites/{invite.Text("token")}/accept");
        var leavingId = Guid.Parse((await leaving.GetNodeAsync("/v1/me")).Text("id"));
        var app = await leaving.CreateEntityAsync(ws, "applications", new { name = "Theirs" });
        await leaving.PostAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments", new { body = "my remark" });
        var key = (await (await leaving.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" })).JsonObjectAsync()).Text("key");

        Assert.Equal(HttpStatusCode.Accepted, (await leaving.PostAsync("/v1/me/erasure")).StatusCode);
        await Eventually.TrueAsync(async () => await StatusAsync(leavingId) == "erased", TimeSpan.FromSeconds(30), "the account is erased");

        await using var connection = new NpgsqlConnection(Database.OwnerConnectionString);
        await connection.OpenAsync();
        foreach (var (sql, expected) in new (string, long)[]
                 {
                     ("SELECT count(*) FROM accounts WHERE id = $1 AND (email = $2 OR password_hash IS NOT NULL OR display_name NOT LIKE 'Deleted user %')", 0),
                     ("SELECT count(*) FROM sessions WHERE account_id = $1", 0),
                     ("SELECT count(*) FROM api_keys WHERE account_id = $1", 0),
                     ("SELECT count(*) FROM account_logins WHERE account_id = $1", 0),
                     ("SELECT count(*) FROM audit.security_events WHERE account_id = $1 AND (ip IS NOT NULL OR user_agent IS NOT NULL)", 0),
                     ("SELECT count(*) FROM audit.security_events WHERE account_id = $1 AND event_type = 1000", 1),
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue(leavingId);
            if (sql.Contains("$2", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(email);
            }

            Assert.True(expected == (long)(await command.ExecuteScalarAsync())!, sql);
        }

        // Refused attempts after the erasure are new events (someone else's IP), so they come after the checks above.
        Assert.Equal(HttpStatusCode.Unauthorized, (await leaving.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await leaving.WithKey(key).GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await new AccountClient(Node.CreateBareClient()).SignInAsync(email, password)).StatusCode);
        Assert.DoesNotContain(await owner.GetJsonAsync<List<MemberResponse>>($"/v1/workspaces/{ws}/members"), m => m.AccountId == leavingId);
        var created = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/activity")).AsArray().Last(a => a.Text("changeType") == "created");
        Assert.StartsWith("Deleted user ", created.Text("actorName"), StringComparison.Ordinal);
        var comment = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments")).AsArray().Single();
        Assert.Equal("my remark", comment.Text("body"));
        Assert.StartsWith("Deleted user ", comment.Text("authorName"), StringComparison.Ordinal);
    }

    private async Task<string> StatusAsync(Guid account)
    {
        await using var connection = new NpgsqlConnection(Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM accounts WHERE id = $1", connection);
        command.Parameters.AddWithValue(account);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
