using System.Net;
using Albumi.Grains.Caching;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Problems;
using Npgsql;

namespace Albumi.Tests.Grains;

/// <summary>
/// A grain call held up by a stuck activation (here: its query waits on a table another transaction holds locked) fails
/// on Orleans' response timeout, which Albumi sets below what a client gives a request: the node answers 503 with
/// <c>Retry-After</c> while the client still waits, and serves again once the activation is free. With Orleans' default
/// (30 s) the request hung until the database's own command timeout.
/// </summary>
public sealed class StuckGrainCallTests() : WebNodesTest(1)
{
    /// <summary>What a patient client gives a request here: the read is sent again after its first timeout (it is repeatable), for at most 10 s.</summary>
    private static readonly TimeSpan ClientPatience = TimeSpan.FromSeconds(20);

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
}
