using System.Net;
using Albumi.Tests.Catalog;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;

namespace Albumi.Tests.Lifecycle;

/// <summary>A merged proposal's activity row names many entities: a purged or hidden one's values leave it.</summary>
public sealed class PurgedEntityActivityTests() : WebNodesTest
{
    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Lifecycle:EntityRetention"] = "00:00:02",
    };

    [Fact]
    public async Task ARestrictedEntityChangedInAMergedProposalThenPurgedLeavesNoValueInTheFeedOrTheDiff()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/v1/workspaces/{ws}/classification-policy", new { restricted = "admin" })).StatusCode);
        var (viewer, _) = await owner.AddMemberAsync(ws, "viewer", Node.CreateBareClient());
        var secret = "PAN-" + Guid.NewGuid().ToString("N");
        var vault = (await owner.CreateEntityAsync(ws, "data-objects", new { name = "Card vault", classification = "restricted", pciFlag = true })).Id();
        var shop = (await owner.CreateEntityAsync(ws, "applications", new { name = "Shop" })).Id();

        var proposal = (await (await owner.PostAsync($"/v1/workspaces/{ws}/proposals", new { title = "Rename" })).JsonObjectAsync()).Id();
        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsync($"/v1/workspaces/{ws}/data-objects/{vault}?proposal={proposal}", new { name = "Vault " + secret, description = secret })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsync($"/v1/workspaces/{ws}/applications/{shop}?proposal={proposal}", new { name = "Shop 2" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/v1/workspaces/{ws}/proposals/{proposal}/merge")).StatusCode);

        // While the entity lives, the classification scrub keeps its values from the viewer, and the admin sees them.
        Assert.DoesNotContain(secret, await ViewsAsync(viewer, ws, proposal, shop), StringComparison.Ordinal);
        Assert.Contains(secret, await ViewsAsync(owner, ws, proposal, shop), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/data-objects/{vault}")).StatusCode);
        await Eventually.TrueAsync(async () => await CountAsync("SELECT count(*) FROM entities WHERE id = $1", vault) == 0, TimeSpan.FromSeconds(30), "the deleted entity is purged");

        // Purged: its values are gone for everyone, from the feed, the merge's part and the proposal's diff, and from the rows.
        foreach (var reader in new[] { viewer, owner })
        {
            var views = await ViewsAsync(reader, ws, proposal, shop);
            Assert.DoesNotContain(secret, views, StringComparison.Ordinal);
            Assert.DoesNotContain(vault.ToString(), views, StringComparison.Ordinal);
            Assert.Contains("Shop 2", views, StringComparison.Ordinal);
        }

        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM activity WHERE changes::text LIKE '%' || $1 || '%'", secret));
    }

    /// <summary>The workspace feed, the merged application's history and the proposal with its diff, as <paramref name="reader"/> reads them.</summary>
    private static async Task<string> ViewsAsync(Identity.AccountClient reader, Guid ws, Guid proposal, Guid shop)
        => string.Join('\n', await Task.WhenAll(
            ReadAsync(reader, $"/v1/workspaces/{ws}/activity?limit=200"),
            ReadAsync(reader, $"/v1/workspaces/{ws}/applications/{shop}/activity"),
            ReadAsync(reader, $"/v1/workspaces/{ws}/proposals/{proposal}")));

    private static async Task<string> ReadAsync(Identity.AccountClient reader, string path)
    {
        var response = await reader.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<long> CountAsync(string sql, object value)
    {
        await using var connection = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection) { Parameters = { new() { Value = value } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
