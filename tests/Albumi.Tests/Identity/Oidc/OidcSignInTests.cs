using System.Net;
using System.Net.Http.Json;
using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Web.Auth;
using Albumi.Web.Me;
using Albumi.Web.Problems;
using Npgsql;

namespace Albumi.Tests.Identity.Oidc;

public sealed class OidcSignInTests(OidcProviderFixture provider) : WebNodesTest, IClassFixture<OidcProviderFixture>
{
    private const string Provider = "testidp";
    private readonly Dictionary<string, string> _settings = provider.NodeSettings(Provider);

    protected override IDictionary<string, string>? Settings => _settings;

    [Fact]
    public async Task TheProviderIsListed()
    {
        var providers = await Node.CreateBareClient().GetFromJsonAsync<List<ProviderResponse>>("/auth/providers");

        Assert.Contains(new ProviderResponse(Provider, "Test IdP", "oidc"), providers!);
    }

    [Fact]
    public async Task TheFullCodeFlowCreatesTheAccountSignsInAndReturnsToTheReturnUrl()
    {
        var email = AccountClient.NewEmail();
        await provider.NextAsync(Subject(), email, emailVerified: true, name: "Grace Hopper");
        var browser = new BrowserFlow(Node.CreateBareClient());

        var callback = await browser.SignInAsync(Provider, "/workspaces?tab=mine");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/workspaces?tab=mine", callback.Headers.Location!.OriginalString);
        var me = await SignedIn(browser).GetJsonAsync<MeResponse>("/v1/me");
        Assert.Equal((email, "Grace Hopper"), (me.Email, me.DisplayName));
        Assert.Equal(Provider, Assert.Single(me.Providers).Provider);
        Assert.Equal([("account-created", "success"), ("sign-in", "success")], await AuditAsync(me.Id));
    }

    [Fact]
    public async Task ASecondProviderWithTheSameVerifiedEmailIsLinkedFromASteppedUpSessionOfThatAccountAndAudited()
    {
        var local = new AccountClient(Node.CreateBareClient());
        var (email, _) = await local.RegisterAndSignInAsync();
        var account = (await local.GetJsonAsync<MeResponse>("/v1/me")).Id;
        await provider.NextAsync(Subject(), email.ToUpperInvariant(), emailVerified: true);
        var browser = new BrowserFlow(Node.CreateBareClient());
        browser.SetCookie(SessionCookie.PlainName, local.SessionCookieValue!);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(Provider)).StatusCode);

        var me = await SignedIn(browser).GetJsonAsync<MeResponse>("/v1/me");
        Assert.Equal(account, me.Id);
        Assert.Contains(("provider-linked", "success"), await AuditAsync(account));
    }

    [Fact]
    public async Task AVerifiedEmailIsNotLinkedToAnExistingAccountWithoutASteppedUpSessionOfThatAccount()
    {
        var local = new AccountClient(Node.CreateBareClient());
        var (email, _) = await local.RegisterAndSignInAsync();
        var account = (await local.GetJsonAsync<MeResponse>("/v1/me")).Id;
        var stranger = new AccountClient(Node.CreateBareClient());
        await stranger.RegisterAndSignInAsync();

        foreach (var cookie in new[] { null, stranger.SessionCookieValue })
        {
            await provider.NextAsync(Subject(), email, emailVerified: true);
            var browser = new BrowserFlow(Node.CreateBareClient());
            if (cookie is not null)
            {
                browser.SetCookie(SessionCookie.PlainName, cookie);
            }

            var refused = await browser.SignInAsync(Provider);

            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("confirm it is you", (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty((await local.GetJsonAsync<MeResponse>("/v1/me")).Providers);
        Assert.DoesNotContain(("provider-linked", "success"), await AuditAsync(account));
    }

    [Fact]
    public async Task AnUnverifiedEmailIsNeverLinkedToAnExistingAccount()
    {
        var local = new AccountClient(Node.CreateBareClient());
        var (email, _) = await local.RegisterAndSignInAsync();
        var account = (await local.GetJsonAsync<MeResponse>("/v1/me")).Id;
        await provider.NextAsync(Subject(), email, emailVerified: false);
        var browser = new BrowserFlow(Node.CreateBareClient());

        var refused = await browser.SignInAsync(Provider);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Null(browser.Cookie(SessionCookie.PlainName));
        Assert.Empty((await local.GetJsonAsync<MeResponse>("/v1/me")).Providers);
        Assert.DoesNotContain(("provider-linked", "success"), await AuditAsync(account));
        Assert.Equal(1, await FailuresAsync("email not verified"));
    }

    [Theory]
    [InlineData("wrong-audience", "wrong audience")]
    [InlineData("expired", "expired token")]
    [InlineData("wrong-nonce", "nonce mismatch")]
    [InlineData("foreign-key", "bad signature")]
    public async Task ARefusedIdTokenEndsInA401AndAnAuditedFailure(string mode, string reason)
    {
        await provider.NextAsync(Subject(), AccountClient.NewEmail(), emailVerified: true, mode);
        var browser = new BrowserFlow(Node.CreateBareClient());

        var refused = await browser.SignInAsync(Provider);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(ProblemTypes.SignInFailed, (await refused.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["type"].ToString());
        Assert.Null(browser.Cookie(SessionCookie.PlainName));
        Assert.Equal(1, await FailuresAsync(reason));
    }

    [Fact]
    public async Task AForgedStateIsRefusedAndAudited()
    {
        var browser = new BrowserFlow(Node.CreateBareClient());
        await browser.GetAsync($"/auth/signin/{Provider}");

        var forged = await browser.GetAsync($"/auth/callback/{Provider}?code=stolen&state=forged-state");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(1, await FailuresAsync("invalid state"));
    }

    [Fact]
    public async Task AReplayedCallbackIsRefused()
    {
        await provider.NextAsync(Subject(), AccountClient.NewEmail(), emailVerified: true);
        var browser = new BrowserFlow(Node.CreateBareClient());
        var first = await browser.SignInAsync(Provider);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var attacker = new BrowserFlow(Node.CreateBareClient());
        var replayed = await attacker.GetAsync(browser.CallbackPathAndQuery!);
        var replayedByTheSameBrowser = await browser.GetAsync(browser.CallbackPathAndQuery!);

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayedByTheSameBrowser.StatusCode);
        Assert.Equal(2, await FailuresAsync("correlation failed (forged or replayed callback)"));
    }

    [Fact]
    public async Task UnknownProvidersAndForeignReturnUrlsAreRefused()
    {
        var http = Node.CreateBareClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/auth/signin/nope", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/auth/signin/" + new string('x', 5000), UriKind.Relative))).StatusCode);
        foreach (var returnUrl in new[] { "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/\t/evil.example", "/{x}/evil.example" })
        {
            var response = await http.GetAsync(new Uri($"/auth/signin/{Provider}?returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    private static string Subject() => "sub-" + Guid.NewGuid().ToString("N");

    private AccountClient SignedIn(BrowserFlow browser)
        => new(Node.CreateBareClient()) { SessionCookieValue = browser.Cookie(SessionCookie.PlainName) ?? throw new InvalidOperationException("not signed in") };

    private async Task<List<(string Type, string Outcome)>> AuditAsync(Guid account)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new NpgsqlCommand("SELECT event_type, outcome FROM audit.security_events WHERE account_id = $1 ORDER BY id", owner);
        query.Parameters.AddWithValue(account);
        var rows = new List<(string, string)>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((SecurityEventResponse.TypeName((Albumi.Grains.Audit.SecurityEventType)reader.GetInt32(0)), reader.GetString(1)));
        }

        return rows;
    }

    private async Task<long> FailuresAsync(string reason)
    {
        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM audit.security_events WHERE provider = $1 AND outcome = 'failure' AND reason = $2 AND ip IS NOT NULL", owner);
        query.Parameters.AddWithValue(Provider);
        query.Parameters.AddWithValue(reason);
        return (long)(await query.ExecuteScalarAsync())!;
    }
}
