using Albumi.Grains.Audit;
using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Web.Me;
using Npgsql;

namespace Albumi.Tests.Identity;

public sealed class SecurityAuditTests() : WebNodesTest
{
    [Fact]
    public async Task SignInsAndSignOutsAreRecordedFieldByField()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();
        var me = await client.GetJsonAsync<MeResponse>("/v1/me");
        await new AccountClient(Node.CreateBareClient()).SignInAsync(email, "wrong-" + password);
        await client.PostAsync("/auth/signout-all");
        var before = DateTimeOffset.UtcNow;

        var rows = await AuditRowsAsync(me.Id);

        Assert.Equal(
            [
                (SecurityEventType.AccountCreated, "success", "password", (string?)null),
                (SecurityEventType.SignIn, "success", "password", null),
                (SecurityEventType.SignIn, "failure", "password", "wrong password"),
                (SecurityEventType.SignOutAll, "success", null, null),
            ],
            rows.Select(r => (r.Type, r.Outcome, r.Provider, r.Reason)));
        Assert.All(rows, r =>
        {
            Assert.True(r.OccurredAt <= before && r.OccurredAt > before.AddMinutes(-1), "recorded in UTC, just now");
            Assert.NotNull(r.Ip);
            Assert.Contains("Chrome/156", r.UserAgent, StringComparison.Ordinal);
            Assert.Null(r.WorkspaceId);
        });
        Assert.Equal(me.Id, rows[1].ActorAccountId);
        Assert.Null(rows[2].ActorAccountId);
        Assert.Equal("0", rows[3].Metadata);
    }

    [Fact]
    public async Task NoAuditRowAndNoLogLineContainsASecretUsedInTheTest()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();
        var secrets = new List<string> { password, client.SessionCookieValue!, SessionCookies.SecretIn(Node.Services, client.SessionCookieValue!) };
        var second = new AccountClient(Node.CreateBareClient());
        await second.SignInAsync(email, password);
        secrets.Add(second.SessionCookieValue!);
        secrets.Add(SessionCookies.SecretIn(Node.Services, second.SessionCookieValue!));
        await new AccountClient(Node.CreateBareClient()).SignInAsync(email, "Wrong-Guess-" + password);
        secrets.Add("Wrong-Guess-" + password);
        await new AccountClient(Node.CreateBareClient()) { SessionCookieValue = "forged-" + password }.GetAsync("/v1/me");
        await client.PostAsync("/auth/signout-all");
        await client.PostAsync("/auth/signout");

        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        var database = await PasswordSignInTests.DumpAllTextAsync(owner);
        var logs = string.Join('\n', Node.Logs.Entries.Select(e => e.Message));
        Assert.NotEmpty(Node.Logs.Entries);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, database, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    private async Task<List<AuditRow>> AuditRowsAsync(Guid account)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new NpgsqlCommand("""
            SELECT occurred_at, event_type, outcome, actor_account_id, workspace_id, host(ip), user_agent, provider, reason,
                   coalesce(metadata->>'revokedSessions', '')
            FROM audit.security_events WHERE account_id = $1 ORDER BY id
            """, owner);
        query.Parameters.AddWithValue(account);
        var rows = new List<AuditRow>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new AuditRow(
                reader.GetFieldValue<DateTimeOffset>(0), (SecurityEventType)reader.GetInt32(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetString(9)));
        }

        return rows;
    }

    private sealed record AuditRow(
        DateTimeOffset OccurredAt, SecurityEventType Type, string Outcome, Guid? ActorAccountId, Guid? WorkspaceId,
        string? Ip, string? UserAgent, string? Provider, string? Reason, string Metadata);
}
