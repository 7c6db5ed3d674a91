using System.Net;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Npgsql;

namespace Albumi.Tests.Identity.Oidc;

/// <summary>Behind a load balancer a sign-in starts on one node and its callback lands on another.</summary>
public sealed class OidcAcrossNodesTests(OidcProviderFixture provider) : WebNodesTest(2), IClassFixture<OidcProviderFixture>
{
    private readonly Dictionary<string, string> _settings = provider.NodeSettings("testidp");

    protected override IDictionary<string, string>? Settings => _settings;

    [Fact]
    public async Task ASignInStartedOnOneNodeCompletesOnTheOtherAndTheSharedKeysAreStoredEncrypted()
    {
        var email = AccountClient.NewEmail();
        await provider.NextAsync("sub-" + Guid.NewGuid().ToString("N"), email, emailVerified: true);
        var onA = new BrowserFlow(Nodes[0].CreateBareClient());

        var start = await onA.GetAsync("/auth/signin/testidp?returnUrl=%2F");
        using var providerHttp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await providerHttp.GetAsync(start.Headers.Location!);
        var onB = new BrowserFlow(Nodes[1].CreateBareClient());
        onB.SetCookies(onA.Cookies);
        var callback = await onB.GetAsync(back.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var me = await new AccountClient(Nodes[0].CreateBareClient()) { SessionCookieValue = onB.Cookie(SessionCookie.PlainName) }.GetJsonAsync<MeResponse>("/v1/me");
        Assert.Equal(email, me.Email);

        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var keys = new NpgsqlCommand("SELECT count(*), bool_and(position('<key'::bytea in element) = 0) FROM data_protection_keys", owner);
        await using var reader = await keys.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetInt64(0) >= 1, "the data protection key ring is in PostgreSQL");
        Assert.True(reader.GetBoolean(1), "no key element is stored as plain XML");
    }
}
