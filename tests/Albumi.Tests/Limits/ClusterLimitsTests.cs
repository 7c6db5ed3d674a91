using System.Net;
using Albumi.Grains.ApiKeys;
using Albumi.Grains.Time;
using Albumi.Tests.ApiKeys;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Mfa;
using Albumi.Web.Me;

namespace Albumi.Tests.Limits;

/// <summary>
/// Three web nodes of one cluster, every attacker's request going to the next node in turn: each limit holds for the
/// cluster (the limit, not three times it). The nodes trust the test server's loopback peer as a proxy, so
/// X-Forwarded-For names the client whose address the per-IP limits count.
/// </summary>
public sealed class ClusterLimitsTests() : WebNodesTest(3)
{
    private const int Limit = 5;
    private const int Tries = 20;

    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Albumi:Http:TrustedProxies"] = "127.0.0.1",
        ["Albumi:Auth:SignInAttemptsPerIp"] = $"{Limit}",
        ["Albumi:Auth:SignInAttemptsPerAccount"] = $"{Limit}",
        ["Albumi:Auth:SecondFactorAttemptsPerAccount"] = $"{Limit}",
        ["Albumi:Auth:FailedApiKeyAttemptsPerIp"] = $"{Limit}",
        ["Albumi:ApiKeys:RequestsPerMinute"] = $"{Limit}",
    };

    private static IReadOnlyDictionary<string, string> From(string ip) => new Dictionary<string, string> { ["X-Forwarded-For"] = ip };

    private static string NewIp() => $"198.51.100.{Random.Shared.Next(1, 255)}";

    private HttpClient RoundRobin(int i) => Nodes[i % Nodes.Count].CreateBareClient();

    /// <summary>A code half the code space away from the current one: wrong now and for the step either side.</summary>
    private static string WrongCode(TotpEnrollmentResponse enrolment)
        => ((int.Parse(TwoFactor.Code(enrolment, AlbumiClock.System), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task PasswordGuessesFromOneIpAreLimitedForTheClusterNotPerNode()
    {
        var ip = "203.0.113.10";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Tries; i++)
        {
            var response = await new AccountClient(RoundRobin(i)).SendAsync(HttpMethod.Post, "/auth/password/signin",
                new { email = AccountClient.NewEmail(), password = AccountClient.StrongPassword() }, headers: From(ip));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        var accepted = statuses.Count(s => s != HttpStatusCode.TooManyRequests);
        Assert.True(accepted <= Limit + 1, $"{accepted} guesses from one IP answered across three nodes, limit {Limit}");
        Assert.Equal(Limit, accepted);
        Assert.All(statuses.Skip(Limit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));

        // Another client is not held up by this one.
        var other = await new AccountClient(Nodes[0].CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin",
            new { email = AccountClient.NewEmail(), password = AccountClient.StrongPassword() }, headers: From("203.0.113.11"));
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task PasswordGuessesAtOneAccountFromManyIpsAreLimitedForTheCluster()
    {
        var owner = new AccountClient(Nodes[0].CreateBareClient());
        var (email, password) = (AccountClient.NewEmail(), AccountClient.StrongPassword());
        Assert.Equal(HttpStatusCode.Created, (await owner.RegisterAsync(email, password)).StatusCode);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Tries; i++)
        {
            statuses.Add((await new AccountClient(RoundRobin(i)).SendAsync(HttpMethod.Post, "/auth/password/signin",
                new { email, password = "wrong-" + AccountClient.StrongPassword() }, headers: From($"192.0.2.{i + 1}"))).StatusCode);
        }

        var accepted = statuses.Count(s => s != HttpStatusCode.TooManyRequests);
        Assert.True(accepted <= Limit + 1, $"{accepted} guesses at one account answered across three nodes, limit {Limit}");
        Assert.Equal(Limit, accepted);

        // The right password is refused too while the account is limited, and the owner's alerts show the block.
        var right = await new AccountClient(Nodes[1].CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password }, headers: From("192.0.2.200"));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        Assert.Single(await AuditedBlocksAsync(email, 1000));
    }

    [Fact]
    public async Task RightPasswordsUseNoneOfTheAccountsLimitSoAPersonWhoSignsInOftenIsNotLockedOutButGuessesStillAre()
    {
        var owner = new AccountClient(Nodes[0].CreateBareClient());
        var (email, password) = (AccountClient.NewEmail(), AccountClient.StrongPassword());
        Assert.Equal(HttpStatusCode.Created, (await owner.RegisterAsync(email, password)).StatusCode);

        // Twice the limit of sign-ins with the right password, from as many addresses (the per-IP limit is not what this is about).
        for (var i = 0; i < 2 * Limit; i++)
        {
            var signIn = await new AccountClient(RoundRobin(i)).SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password }, headers: From($"192.0.2.{i + 1}"));
            Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        }

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < Tries; i++)
        {
            guesses.Add((await new AccountClient(RoundRobin(i)).SendAsync(HttpMethod.Post, "/auth/password/signin",
                new { email, password = "wrong-" + AccountClient.StrongPassword() }, headers: From($"192.0.2.{100 + i}"))).StatusCode);
        }

        Assert.Equal(Limit, guesses.Count(s => s != HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task WrongSecondFactorCodesShareOneCounterPerAccountAcrossEndpointsAndNodes()
    {
        var client = new AccountClient(Nodes[0].CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();
        var (enrolment, _) = await TwoFactor.EnrolAsync(client, AlbumiClock.System);
        var wrong = WrongCode(enrolment);

        // Step-up, disabling and regenerating, each on the next node.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Tries; i++)
        {
            var onNode = client.On(RoundRobin(i));
            var response = (i % 3) switch
            {
                0 => await onNode.PostAsync("/v1/me/mfa/verify", new { code = wrong }),
                1 => await onNode.SendAsync(HttpMethod.Delete, "/v1/me/mfa/totp", new { code = wrong }),
                _ => await onNode.PostAsync("/v1/me/mfa/recovery-codes", new { code = wrong }),
            };
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        var accepted = statuses.Count(s => s != HttpStatusCode.TooManyRequests);
        Assert.True(accepted <= Limit + 1, $"{accepted} wrong codes answered across three nodes, limit {Limit}");
        Assert.Equal(Limit, accepted);
        Assert.All(statuses.Take(Limit), s => Assert.Equal(HttpStatusCode.BadRequest, s));

        // The same counter guards a sign-in's code and a recovery code: even the right code now waits.
        var signIn = await new AccountClient(Nodes[2].CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin",
            new { email, password, totpCode = TwoFactor.Code(enrolment, AlbumiClock.System) }, headers: From(NewIp()));
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
        Assert.Single(await AuditedBlocksAsync(email, null, "second factor: rate limited"));
    }

    [Fact]
    public async Task RightCodesUseNoneOfTheLimitSoAPersonWhoStepsUpOftenStillHasEveryTryForATypo()
    {
        var client = new AccountClient(Nodes[0].CreateBareClient());
        await client.RegisterAndSignInAsync();
        var (enrolment, recoveryCodes) = await TwoFactor.EnrolAsync(client, AlbumiClock.System);
        var wrong = WrongCode(enrolment);

        // More right codes than the limit, spread over the nodes: each is accepted.
        for (var i = 0; i < Limit + 3; i++)
        {
            var right = await client.On(RoundRobin(i)).PostAsync("/v1/me/mfa/verify", new { code = recoveryCodes[i] });
            Assert.True(right.IsSuccessStatusCode, $"right code {i + 1} answered {right.StatusCode}");
        }

        // The wrong ones still get the whole limit, and no more.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 3; i++)
        {
            statuses.Add((await client.On(RoundRobin(i)).PostAsync("/v1/me/mfa/verify", new { code = wrong })).StatusCode);
        }

        Assert.All(statuses.Take(Limit), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.All(statuses.Skip(Limit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task FailedApiKeysFromOneIpAreLimitedForTheClusterAndThenEvenAValidKeyWaits()
    {
        var owner = await SignedInAsync();
        var key = await ApiKeyTests.CreateKeyAsync(owner, "valid");
        var ip = "203.0.113.20";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Tries; i++)
        {
            var guess = owner.WithKey(ApiKeyFormat.NewKey(), RoundRobin(i));
            var response = await guess.SendAsync(HttpMethod.Get, "/v1/me", headers: From(ip));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        var accepted = statuses.Count(s => s != HttpStatusCode.TooManyRequests);
        Assert.True(accepted <= Limit + 1, $"{accepted} unknown keys answered across three nodes, limit {Limit}");
        Assert.Equal(Limit, accepted);
        Assert.All(statuses.Take(Limit), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        for (var node = 0; node < Nodes.Count; node++)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, (await owner.WithKey(key.Key, RoundRobin(node)).SendAsync(HttpMethod.Get, "/v1/me", headers: From(ip))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await owner.WithKey(key.Key, RoundRobin(0)).SendAsync(HttpMethod.Get, "/v1/me", headers: From("203.0.113.21"))).StatusCode);
    }

    [Fact]
    public async Task AKeysRequestsAreLimitedForTheClusterNotPerNode()
    {
        var owner = await SignedInAsync();
        var key = await ApiKeyTests.CreateKeyAsync(owner, "busy");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Tries; i++)
        {
            statuses.Add((await owner.WithKey(key.Key, RoundRobin(i)).GetAsync("/v1/me")).StatusCode);
        }

        var accepted = statuses.Count(s => s != HttpStatusCode.TooManyRequests);
        Assert.True(accepted <= Limit + 1, $"{accepted} requests of one key answered across three nodes, limit {Limit}");
        Assert.Equal(Limit, accepted);
        Assert.Single(await AuditedBlocksAsync(null, 1302, "rate limited"));
    }

    /// <summary>Blocked events of one type (for the account with <paramref name="email"/>, when given).</summary>
    private async Task<List<string?>> AuditedBlocksAsync(string? email, int? type, string? reason = null)
    {
        await using var db = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        await using var query = new Npgsql.NpgsqlCommand("""
            SELECT e.reason FROM audit.security_events e LEFT JOIN accounts a ON a.id = e.account_id
            WHERE e.outcome = 'blocked' AND ($1::int IS NULL OR e.event_type = $1) AND ($2::text IS NULL OR a.email = $2) AND ($3::text IS NULL OR e.reason = $3)
            """, db);
        query.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        query.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)email ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        query.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var reasons = new List<string?>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            reasons.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return reasons;
    }
}
