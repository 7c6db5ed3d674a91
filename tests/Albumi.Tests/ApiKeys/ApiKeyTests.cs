using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Albumi.Grains.Time;
using Albumi.Silo.Database;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Tests.Workspaces;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Albumi.Tests.ApiKeys;

public sealed partial class ApiKeyTests() : WebNodesTest(2)
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    protected override AlbumiClock? Clock => _clock;

    protected override IDictionary<string, string>? Settings => new Dictionary<string, string> { ["Albumi:ApiKeys:RequestsPerMinute"] = "40" };

    private AlbumiWebFactory NodeA => Nodes[0];

    private AlbumiWebFactory NodeB => Nodes[1];
    [Fact]
    public async Task KeysHaveThePublishedFormatFullEntropyAndAreShownOnce()
    {
        var owner = await SignedInAsync();
        var keys = new List<CreatedApiKeyResponse>();
        for (var i = 0; i < 20; i++)
        {
            keys.Add(await CreateKeyAsync(owner, $"key {i}"));
        }

        Assert.All(keys, k => Assert.Matches("^alb_[0-9a-f]{60}$", k.Key));
        Assert.All(keys, k => Assert.Equal(k.Key.Substring(4, 8), k.Prefix));
        Assert.Equal(20, keys.Select(k => k.Key).Distinct().Count());
        var hexDigits = string.Concat(keys.Select(k => k.Key[4..]));
        Assert.Equal(16, hexDigits.Distinct().Count());
        var listed = await (await owner.GetAsync("/v1/me/api-keys")).Content.ReadAsStringAsync();
        Assert.All(keys, k => Assert.DoesNotContain(k.Key[4..], listed, StringComparison.Ordinal));
        Assert.Equal(20, JsonDocument.Parse(listed).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task TheStoredRowHoldsOnlyTheHashAndTheAuditOnlyNameAndPrefix()
    {
        var owner = await SignedInAsync();
        var created = await CreateKeyAsync(owner, "ci deploys");

        await using var db = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        var everything = await PasswordSignInTests.DumpAllTextAsync(db);
        Assert.DoesNotContain(created.Key[4..], everything, StringComparison.Ordinal);
        await using var hash = new NpgsqlCommand("SELECT key_hash FROM api_keys WHERE id = $1", db);
        hash.Parameters.AddWithValue(created.Id);
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(created.Key)), await hash.ExecuteScalarAsync());
        await using var audit = new NpgsqlCommand("SELECT metadata->>'name', metadata->>'prefix', metadata->>'scopes' FROM audit.security_events WHERE event_type = 1300", db);
        await using var reader = await audit.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("ci deploys", created.Prefix, "read write admin"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
    }

    [Fact]
    public async Task AKeyActsAsItsAccountAndAloneWhenACookieComesToo()
    {
        var owner = await SignedInAsync();
        var other = await SignedInAsync();
        var key = await CreateKeyAsync(owner, "mine");

        var withKey = owner.WithKey(key.Key);
        var keyAndOthersCookie = new AccountClient(NodeA.CreateBareClient()) { SessionCookieValue = other.SessionCookieValue, ApiKey = key.Key };

        Assert.Equal((await owner.GetJsonAsync<MeResponse>("/v1/me")).Id, (await withKey.GetJsonAsync<MeResponse>("/v1/me")).Id);
        Assert.Equal((await owner.GetJsonAsync<MeResponse>("/v1/me")).Id, (await keyAndOthersCookie.GetJsonAsync<MeResponse>("/v1/me")).Id);
        var garbage = new AccountClient(NodeA.CreateBareClient()) { SessionCookieValue = other.SessionCookieValue, ApiKey = "alb_" + new string('0', 60) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await garbage.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedOnTheOtherNodeAndAlertsItsOwner()
    {
        var owner = await SignedInAsync();
        var key = await CreateKeyAsync(owner, "to revoke");
        var onB = owner.WithKey(key.Key, NodeB.CreateBareClient());
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/me/api-keys/{key.Id}")).StatusCode);

        var refused = await onB.GetAsync("/v1/me");
        Assert.Equal(ProblemTypes.ApiKeyRevoked, await ProblemResponses.ProblemTypeAsync(refused));
        var alerts = await owner.GetJsonAsync<List<SecurityEventResponse>>("/v1/me/security-alerts");
        Assert.Contains(alerts, a => a.Type == "api-key-refused" && a.Reason == "revoked key");
        Assert.Equal(HttpStatusCode.NotFound, (await (await SignedInAsync()).DeleteAsync($"/v1/me/api-keys/{key.Id}")).StatusCode);
    }

    [Fact]
    public async Task AnExpiredKeyIsRefusedWithItsOwnProblemType()
    {
        var owner = await SignedInAsync();
        var key = await CreateKeyAsync(owner, "short", expiresIn: "30d");
        var client = owner.WithKey(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);

        _clock.Advance(TimeSpan.FromDays(31));

        var refused = await client.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(ProblemTypes.ApiKeyExpired, await ProblemResponses.ProblemTypeAsync(refused));
    }

    [Fact]
    public async Task AKeyInTheQueryStringIsRefused()
    {
        var owner = await SignedInAsync();
        var key = await CreateKeyAsync(owner, "leaky");

        var inQuery = await new AccountClient(NodeA.CreateBareClient()).GetAsync($"/v1/me?api_key={key.Key}");
        var inQueryWithHeader = await owner.WithKey(key.Key).GetAsync($"/v1/me?access_token={key.Key}");

        Assert.Equal(HttpStatusCode.BadRequest, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, inQueryWithHeader.StatusCode);
        Assert.Equal(ProblemTypes.KeyInQueryString, await ProblemResponses.ProblemTypeAsync(inQuery));
    }

    [Fact]
    public async Task MalformedAuthorizationHeadersAre401Problems()
    {
        foreach (var header in new[] { "Bearer", "Bearer alb_123", "Basic Zm9vOmJhcg==", "Bearer alb_" + new string('G', 60), "Bearer " + new string('x', 4000) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/me", UriKind.Relative));
            request.Headers.TryAddWithoutValidation("Authorization", header);
            var response = await NodeA.CreateBareClient().SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(ProblemTypes.InvalidApiKey, await ProblemResponses.ProblemTypeAsync(response));
        }
    }

    [Fact]
    public async Task EachKeyIsRateLimitedWithRetryAfter()
    {
        var owner = await SignedInAsync();
        var limited = owner.WithKey((await CreateKeyAsync(owner, "busy")).Key);
        var calm = owner.WithKey((await CreateKeyAsync(owner, "calm")).Key);

        HttpResponseMessage? last = null;
        for (var i = 0; i < 41; i++)
        {
            last = await limited.GetAsync("/v1/me");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await calm.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task BadKeyRequestsAre400ProblemsNamingTheField()
    {
        var owner = await SignedInAsync();
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { name = "", expiresIn = "30d" }, "name"),
                     (new { name = "x", expiresIn = "2d" }, "expiresIn"),
                     (new { name = "x", expiresIn = "30d", scopes = new[] { "root" } }, "scopes"),
                     (new { name = "x", expiresIn = "30d", workspaceIds = new[] { Guid.NewGuid() } }, "workspaceIds"),
                 })
        {
            var response = await owner.PostAsync("/v1/me/api-keys", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public void TheReadmePublishesTheKeyPatternForSecretScanners()
    {
        var readme = File.ReadAllText(Path.Combine(Identity.Oidc.OidcProviderFixture.RepositoryRoot(), "README.md"));
        Assert.Contains(Albumi.Grains.ApiKeys.ApiKeyFormat.Pattern, readme, StringComparison.Ordinal);
        Assert.Matches(KeyPattern(), Albumi.Grains.ApiKeys.ApiKeyFormat.NewKey());
    }

    [GeneratedRegex("^alb_[0-9a-f]{60}$")]
    private static partial Regex KeyPattern();

    internal static async Task<CreatedApiKeyResponse> CreateKeyAsync(AccountClient owner, string name, string expiresIn = "90d", string[]? scopes = null, Guid[]? workspaceIds = null)
    {
        var response = await owner.PostAsync("/v1/me/api-keys", new { name, expiresIn, scopes, workspaceIds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedApiKeyResponse>())!;
    }
}
