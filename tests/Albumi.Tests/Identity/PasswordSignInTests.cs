using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Albumi.Grains.Audit;
using Albumi.Silo.Database;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Web;
using Albumi.Web.Me;
using Albumi.Web.Problems;
using Npgsql;

namespace Albumi.Tests.Identity;

public sealed class PasswordSignInTests() : WebNodesTest
{
    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Auth:SignInAttemptsPerAccount"] = "5",
    };

    [Fact]
    public async Task SignInSetsAnOpaqueHttpOnlyLaxCookieAndMeAnswersWithTheAccount()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, password) = (AccountClient.NewEmail(), AccountClient.StrongPassword());
        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(email, password, "Ada Lovelace")).StatusCode);

        var response = await client.SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        // Opaque: the cookie handler's protected ticket, whose only claim is the session's key (a random secret).
        var ticket = SessionCookies.Open(Node.Services, client.SessionCookieValue!);
        Assert.NotNull(ticket);
        Assert.True(AccountClient.IsWellFormedSecret(Assert.Single(ticket.Principal.Claims).Value));
        Assert.DoesNotContain(email, client.SessionCookieValue!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var me = await client.GetJsonAsync<MeResponse>("/v1/me");
        Assert.Equal((email, "Ada Lovelace"), (me.Email, me.DisplayName));
    }

    [Fact]
    public async Task TheDatabaseHoldsOnlyTheHashOfTheSessionSecretAndNoPassword()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();
        var me = await client.GetJsonAsync<MeResponse>("/v1/me");

        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using (var hash = new NpgsqlCommand("SELECT id_hash FROM sessions WHERE account_id = $1", owner))
        {
            hash.Parameters.AddWithValue(me.Id);
            var secret = SessionCookies.SecretIn(Node.Services, client.SessionCookieValue!);
            var expected = SHA256.HashData(Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "="));
            Assert.Equal(expected, await hash.ExecuteScalarAsync());
        }

        var everything = await DumpAllTextAsync(owner);
        Assert.DoesNotContain(SessionCookies.SecretIn(Node.Services, client.SessionCookieValue!), everything, StringComparison.Ordinal);
        Assert.DoesNotContain(client.SessionCookieValue!, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(password, everything, StringComparison.Ordinal);
        Assert.Contains(email, everything, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short1!A", "at least 12")]
    [InlineData("password1234", "too common")]
    [InlineData("aaaaaaaaaaaaaaaa", "too common")]
    public async Task WeakPasswordsAreRefusedWithAValidationError(string password, string reason)
    {
        var response = await new AccountClient(Node.CreateBareClient()).RegisterAsync(AccountClient.NewEmail(), password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ProblemTypes.Validation, problem.GetProperty("type").GetString());
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("password")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisteringATakenEmailInAnyCaseIsAConflict()
    {
        var email = AccountClient.NewEmail();
        var client = new AccountClient(Node.CreateBareClient());
        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(email, AccountClient.StrongPassword())).StatusCode);

        var again = await client.RegisterAsync(email.ToUpperInvariant(), AccountClient.StrongPassword());

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    /// <summary>"\u212Aen@…" (the Kelvin sign) lowercases to "ken@…": it would hold ken's address and invites while shown as a look-alike.</summary>
    [Fact]
    public async Task AnAddressWithALookAlikeCompatibilityCharacterIsRefusedAndLeavesThePlainAddressFree()
    {
        var local = "en-" + Guid.NewGuid().ToString("N")[..8];
        var client = new AccountClient(Node.CreateBareClient());

        var lookAlike = await client.RegisterAsync($"\u212A{local}@example.test", AccountClient.StrongPassword());

        Assert.Equal(HttpStatusCode.BadRequest, lookAlike.StatusCode);
        Assert.Contains(ProblemTypes.Validation, await lookAlike.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync($"K{local}@example.test", AccountClient.StrongPassword())).StatusCode);
    }

    [Fact]
    public async Task AnUnknownEmailAndAWrongPasswordGetTheSameAnswerAndAreBothAudited()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, _) = await client.RegisterAndSignInAsync();
        var me = await client.GetJsonAsync<MeResponse>("/v1/me");

        var wrongPassword = await new AccountClient(Node.CreateBareClient()).SignInAsync(email, AccountClient.StrongPassword());
        var unknownEmail = await new AccountClient(Node.CreateBareClient()).SignInAsync(AccountClient.NewEmail(), AccountClient.StrongPassword());

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        Assert.Equal(await ProblemWithoutTraceAsync(wrongPassword), await ProblemWithoutTraceAsync(unknownEmail));
        var alerts = await client.GetJsonAsync<List<SecurityEventResponse>>("/v1/me/security-alerts");
        var failure = Assert.Single(alerts);
        Assert.Equal(("sign-in", "failure", "password", "wrong password"), (failure.Type, failure.Outcome, failure.Provider, failure.Reason));
        Assert.Equal(("Chrome 156", "Linux"), (failure.Browser, failure.Os));
        Assert.NotNull(me);
    }

    [Fact]
    public async Task TooManyAttemptsAtOneAccountAre429WithRetryAfterAndAuditedAsBlocked()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();

        // The limit's five wrong passwords (the right sign-in above gave its attempt back).
        for (var i = 0; i < 5; i++)
        {
            await new AccountClient(Node.CreateBareClient()).SignInAsync(email, "not-the-password-" + i);
        }

        var refused = await new AccountClient(Node.CreateBareClient()).SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var alerts = await client.GetJsonAsync<List<SecurityEventResponse>>("/v1/me/security-alerts");
        Assert.Equal("blocked", alerts[0].Outcome);
        Assert.Equal("rate limited", alerts[0].Reason);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%00%00%00")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public async Task MalformedOrUnknownCookiesAre401ProblemsNeverErrors(string cookie)
    {
        var client = new AccountClient(Node.CreateBareClient()) { SessionCookieValue = cookie };

        var response = await client.GetAsync("/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GarbageSignInBodiesAre400Problems()
    {
        var http = Node.CreateBareClient();
        foreach (var body in new[] { "{", "[]", "{\"email\": 5}", "null", new string('x', 10_000) })
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var response = await http.PostAsync(new Uri("/auth/password/signin", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task AStateChangingRequestWithTheCookieFromAnotherOriginIsRefused()
    {
        var client = new AccountClient(Node.CreateBareClient());
        await client.RegisterAndSignInAsync();

        var forged = await client.SendAsync(HttpMethod.Post, "/auth/signout-all", origin: "https://evil.example");
        var noOrigin = await client.SendAsync(HttpMethod.Post, "/auth/signout-all", origin: null);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
    }

    private static async Task<string> ProblemWithoutTraceAsync(HttpResponseMessage response)
    {
        var problem = (await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>())!;
        problem.Remove("traceId");
        return JsonSerializer.Serialize(problem.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    internal static async Task<string> DumpAllTextAsync(NpgsqlConnection owner)
    {
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname IN ('public', 'audit')", owner))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var dump = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t", owner);
            text.AppendLine((string)(await dump.ExecuteScalarAsync())!);
        }

        return text.ToString();
    }
}
