using System.Net;
using Albumi.Grains.ApiKeys;
using Albumi.Grains.Caching;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Me;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Tests.ApiKeys;

/// <summary>
/// Well-formed keys nobody issued cost little: a node answers a repeated one from its cache, the key's grain does not
/// stay active, and none of that hides a key that exists by the time it is tried again.
/// </summary>
public sealed class UnknownApiKeyTests() : WebNodesTest(2)
{
    // The polls below fail until the key works; they must not run into the failed-key limit (tested in ClusterLimitsTests).
    protected override IDictionary<string, string>? Settings => new Dictionary<string, string> { ["Albumi:Auth:FailedApiKeyAttemptsPerIp"] = "100000" };

    [Fact]
    public async Task GuessedKeysLeaveNoActivationBehindAndARepeatedGuessIsAnsweredByTheNode()
    {
        var owner = await SignedInAsync();
        var guesses = Enumerable.Range(0, 10).Select(_ => ApiKeyFormat.NewKey()).ToList();
        foreach (var guess in guesses)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await owner.WithKey(guess).GetAsync("/v1/me")).StatusCode);
        }

        // The node answers the same guess again without asking the grain.
        var cached = await Node.Services.GetRequiredService<NodeCache>().GetOrFetchAsync<ApiKeyCheck>(
            CacheKeys.ApiKey(ApiKeyFormat.GrainKeyOf(guesses[^1])), () => throw new Xunit.Sdk.XunitException("the node asked the grain again"), _ => null);
        Assert.Equal(ApiKeyStatus.Unknown, cached.Status);

        var management = Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Eventually.TrueAsync(
            async () => (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(nameof(ApiKeyGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount) == 0,
            TimeSpan.FromSeconds(10), "every activation for a guessed key is gone");
    }

    [Fact]
    public async Task AKeyThatExistsAfterFailedTriesWorksOnEveryNodeWithinTheNodeCacheLifetime()
    {
        var owner = await SignedInAsync();
        var me = await owner.GetJsonAsync<MeResponse>("/v1/me");
        var key = ApiKeyFormat.NewKey();
        foreach (var node in Nodes)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await owner.WithKey(key, node.CreateBareClient()).GetAsync("/v1/me")).StatusCode);
        }

        // The row appears without the application's creation path (a restore, say): no node is told.
        await using (var db = await TestPostgres.OpenAsync(Database.OwnerConnectionString))
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO api_keys (id, account_id, name, prefix, key_hash, scopes, created_at) VALUES (gen_random_uuid(), $1, 'restored', $2, $3, '{read}', now())
            """, db))
        {
            insert.Parameters.AddWithValue(me.Id);
            insert.Parameters.AddWithValue(ApiKeyFormat.Prefix(key));
            insert.Parameters.AddWithValue(ApiKeyFormat.Hash(key));
            await insert.ExecuteNonQueryAsync();
        }

        foreach (var node in Nodes)
        {
            await Eventually.TrueAsync(
                async () => (await owner.WithKey(key, node.CreateBareClient()).GetAsync("/v1/me")).StatusCode == HttpStatusCode.OK,
                NodeCache.Lifetime + TimeSpan.FromSeconds(3), "the key works once the node's copy of 'unknown' is past its lifetime");
        }
    }
}
