using System.Net;
using System.Net.Http.Json;
using Albumi.Grains.Caching;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Problems;
using Albumi.Web.Workspaces;
using Npgsql;

namespace Albumi.Tests.Grains;

/// <summary>
/// A grain call held up by a stuck activation (here: its query waits on a table another transaction holds locked) fails
/// on Orleans' response timeout, which Albumi sets below what a client gives a request: the node answers 503 with
/// <c>Retry-After</c> while the client still waits, and serves again once the activation is free. With Orleans' default
/// (30 s) the request hung until the database's own command timeout; with the read sent again after each timeout, it
/// was answered after about 14 s.
/// </summary>
public sealed class StuckGrainCallTests() : WebNodesTest(1)
{
    /// <summary>
    /// What a client gives a request here: over twice the 4 s grain-call timeout. A read is repeatable, but sending it again
    /// to the same stuck activation while the membership stays as it was only kept the client waiting (about 14 s).
    /// </summary>
    private static readonly TimeSpan ClientPatience = TimeSpan.FromSeconds(9);

    [Fact]
    public async Task ARequestHeldByAStuckGrainIsAnswered503BeforeItsClientGivesUp()
    {
        var owner = await SignedInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var patientHttp = Node.CreateBareClient();
        patientHttp.Timeout = ClientPatience;
        var patient = owner.On(patientHttp);

        await using (var connection = await TestPostgres.OpenAsync(Database.OwnerConnectionString))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var hold = new NpgsqlCommand("LOCK TABLE workspaces IN ACCESS EXCLUSIVE MODE", connection, transaction))
            {
                await hold.ExecuteNonQueryAsync();
            }

            // No node answers the access check from a copy: the workspace grain is asked, and its version read waits on the lock.
            await Task.Delay(NodeCache.Lifetime);
            var stuck = await patient.GetAsync($"/v1/workspaces/{workspace.Id}");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, stuck.StatusCode);
            Assert.Equal("application/problem+json", stuck.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(stuck.Headers.RetryAfter);
            var body = await stuck.Content.ReadAsStringAsync();
            Assert.Contains(ProblemTypes.ClusterUnavailable, body, StringComparison.Ordinal);
            Assert.DoesNotContain("Grain", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Orleans", body, StringComparison.OrdinalIgnoreCase);
            await transaction.RollbackAsync();
        }

        await Eventually.TrueAsync(
            async () => (await patient.GetAsync($"/v1/workspaces/{workspace.Id}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30),
            "the workspace is served again once its grain is free");
    }

    /// <summary>The node logs why a request got no answer, with its path: an invite's token in that path is written as <c>{token}</c>.</summary>
    [Fact]
    public async Task AnInviteTokenInARequestThatGotNoAnswerIsNotWrittenToTheLog()
    {
        var owner = await SignedInAsync();
        var workspace = await owner.CreateWorkspaceAsync();
        var invitee = new AccountClient(Node.CreateBareClient());
        var (email, _) = await invitee.RegisterAndSignInAsync();
        var invite = await owner.PostAsync($"/v1/workspaces/{workspace.Id}/invites", new { email, role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);
        var token = (await invite.Content.ReadFromJsonAsync<InviteResponse>())!.Token;
        var patientHttp = Node.CreateBareClient();
        patientHttp.Timeout = TimeSpan.FromSeconds(20); // accepting is a change: its grain call may take 10 s

        await using (var connection = await TestPostgres.OpenAsync(Database.OwnerConnectionString))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var hold = new NpgsqlCommand("LOCK TABLE workspaces IN ACCESS EXCLUSIVE MODE", connection, transaction))
            {
                await hold.ExecuteNonQueryAsync();
            }

            var stuck = await invitee.On(patientHttp).PostAsync($"/v1/invites/{token}/accept");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stuck.StatusCode);
            await transaction.RollbackAsync();
        }

        var secret = token[(token.LastIndexOf('_') + 1)..];
        Assert.Contains(Node.Logs.Entries, entry => entry.EventId.Id == 5002 && entry.Message.Contains("/v1/invites/{token}/accept", StringComparison.Ordinal));
        var leaks = Node.Logs.Entries.Where(entry => entry.Message.Contains(secret, StringComparison.Ordinal))
            .Select(entry => $"{entry.Category} {entry.Level} {entry.EventId}: {entry.Message.Replace(secret, "<secret>", StringComparison.Ordinal)}").ToList();
        Assert.True(leaks.Count == 0, "the invite's secret was logged by: " + string.Join(" | ", leaks));
    }
}
