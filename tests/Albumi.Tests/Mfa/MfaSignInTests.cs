using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Albumi.Grains.Security;
using Albumi.Grains.Time;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Me;
using Albumi.Web.Problems;

namespace Albumi.Tests.Mfa;

public sealed class MfaSignInTests() : WebNodesTest
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    protected override AlbumiClock? Clock => _clock;

    [Fact]
    public async Task EnrolmentIsOnOnlyOnceConfirmedAndThenSignInNeedsTheSecondFactor()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();
        var enrolment = await TwoFactor.BeginAsync(client);
        Assert.StartsWith("otpauth://totp/Albumi:", enrolment.OtpauthUri, StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", enrolment.QrCodePng, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await new AccountClient(Node.CreateBareClient()).SignInAsync(email, password)).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/v1/me/mfa/totp/confirm", new { code = "000000" })).StatusCode);
        var codes = await TwoFactor.ConfirmAsync(client, enrolment, _clock);
        Assert.Equal(10, codes.Distinct().Count());

        _clock.Advance(TimeSpan.FromSeconds(30));
        var withoutCode = await new AccountClient(Node.CreateBareClient()).SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Equal(ProblemTypes.MfaRequired, await ProblemResponses.ProblemTypeAsync(withoutCode));
        var code = TwoFactor.Code(enrolment, _clock);
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(email, password, code)).StatusCode);

        var replayed = await SignInAsync(email, password, code);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(ProblemTypes.InvalidSecondFactor, await ProblemResponses.ProblemTypeAsync(replayed));
        var alerts = await client.GetJsonAsync<List<SecurityEventResponse>>("/v1/me/security-alerts");
        Assert.Equal("second factor: replayed code", alerts[0].Reason);
    }

    [Fact]
    public async Task RecoveryCodesWorkOnceAndSayHowManyRemain()
    {
        var client = new AccountClient(Node.CreateBareClient());
        var (email, password) = await client.RegisterAndSignInAsync();
        var codes = await TwoFactor.ConfirmAsync(client, await TwoFactor.BeginAsync(client), _clock);

        var first = await SignInAsync(email, password, codes[3].ToLowerInvariant());
        var again = await SignInAsync(email, password, codes[3]);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal("9", first.Headers.GetValues("Albumi-Recovery-Codes-Remaining").Single());
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        var history = await client.GetJsonAsync<List<SecurityEventResponse>>("/v1/me/security-alerts");
        Assert.Equal("second factor: unknown or used recovery code", history[0].Reason);
    }

    [Fact]
    public async Task DisablingNeedsACodeAndOwnersMustKeepIt()
    {
        var client = new AccountClient(Node.CreateBareClient());
        await client.RegisterAndSignInAsync();
        var enrolment = await TwoFactor.BeginAsync(client);
        await TwoFactor.ConfirmAsync(client, enrolment, _clock);
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(HttpMethod.Delete, "/v1/me/mfa/totp", new { code = "123456" })).StatusCode);
        await client.CreateWorkspaceAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(HttpMethod.Delete, "/v1/me/mfa/totp", new { code = TwoFactor.Code(enrolment, _clock) })).StatusCode);

        var other = new AccountClient(Node.CreateBareClient());
        var (otherEmail, otherPassword) = await other.RegisterAndSignInAsync();
        var otherEnrolment = await TwoFactor.BeginAsync(other);
        await TwoFactor.ConfirmAsync(other, otherEnrolment, _clock);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NoContent, (await other.SendAsync(HttpMethod.Delete, "/v1/me/mfa/totp", new { code = TwoFactor.Code(otherEnrolment, _clock) })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await new AccountClient(Node.CreateBareClient()).SignInAsync(otherEmail, otherPassword)).StatusCode);
    }

    [Fact]
    public async Task TheSeedIsStoredEncryptedAndAnApiKeyCannotManageMfa()
    {
        var client = new AccountClient(Node.CreateBareClient());
        await client.RegisterAndSignInAsync();
        var enrolment = await TwoFactor.BeginAsync(client);
        var codes = await TwoFactor.ConfirmAsync(client, enrolment, _clock);

        await using var owner = await TestPostgres.OpenAsync(Database.OwnerConnectionString);
        var everything = await PasswordSignInTests.DumpAllTextAsync(owner);
        Assert.DoesNotContain(enrolment.Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(Base32.Decode(enrolment.Secret)), everything, StringComparison.Ordinal);
        Assert.All(codes, c => Assert.DoesNotContain(c.Replace("-", "", StringComparison.Ordinal), everything, StringComparison.Ordinal));

        var key = (await (await client.PostAsync("/v1/me/api-keys", new { name = "k", expiresIn = "30d" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var byKey = await client.WithKey(key).SendAsync(HttpMethod.Delete, "/v1/me/mfa/totp", new { code = codes[0] });
        Assert.Equal(HttpStatusCode.Forbidden, byKey.StatusCode);
        Assert.Equal(ProblemTypes.SessionRequired, await byKey.ProblemTypeAsync());
    }

    private async Task<HttpResponseMessage> SignInAsync(string email, string password, string code)
        => await new AccountClient(Node.CreateBareClient()).SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password, totpCode = code });

}
