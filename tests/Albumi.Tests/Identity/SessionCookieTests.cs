using System.Net;
using System.Net.Http.Json;
using Albumi.Grains.Sessions;
using Albumi.Tests.Infrastructure;
using Albumi.Web.Me;

namespace Albumi.Tests.Identity;

/// <summary>The session cookie as ASP.NET Core's cookie handler with the session grains as its ticket store.</summary>
public sealed class SessionCookieTests() : WebNodesTest
{
    [Fact]
    public async Task SigningInWhileCarryingAnotherAccountsCookieStartsANewSessionForTheNewAccount()
    {
        var first = new AccountClient(Node.CreateBareClient());
        await first.RegisterAndSignInAsync();
        var firstMe = await first.GetJsonAsync<MeResponse>("/v1/me");
        var (email, password) = (AccountClient.NewEmail(), AccountClient.StrongPassword());
        Assert.Equal(HttpStatusCode.Created, (await first.RegisterAsync(email, password, "Second Person")).StatusCode);

        // The same browser, still carrying the first account's cookie, signs in as the second account.
        var browser = new AccountClient(Node.CreateBareClient()) { SessionCookieValue = first.SessionCookieValue };
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SignInAsync(email, password)).StatusCode);

        Assert.NotEqual(first.SessionCookieValue, browser.SessionCookieValue);
        Assert.NotEqual(SessionCookies.SecretIn(Node.Services, first.SessionCookieValue!), SessionCookies.SecretIn(Node.Services, browser.SessionCookieValue!));
        Assert.Equal(email, (await browser.GetJsonAsync<MeResponse>("/v1/me")).Email);
        Assert.Equal(firstMe.Email, (await first.GetJsonAsync<MeResponse>("/v1/me")).Email);
    }

    [Fact]
    public async Task AForgedCookieOrABareSecretIsMalformedAndAnUnknownSessionHasExpiredOrWasRevoked()
    {
        var client = new AccountClient(Node.CreateBareClient());
        await client.RegisterAndSignInAsync();
        var secret = SessionCookies.SecretIn(Node.Services, client.SessionCookieValue!);
        var tampered = client.SessionCookieValue![..^4] + (client.SessionCookieValue[^4] == 'A' ? "B" : "A") + client.SessionCookieValue[^3..];

        foreach (var malformed in new[] { "garbage", secret, tampered })
        {
            var refused = await new AccountClient(Node.CreateBareClient()) { SessionCookieValue = malformed }.GetAsync("/v1/me");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("malformed", (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var unknown = await new AccountClient(Node.CreateBareClient()) { SessionCookieValue = SessionCookies.For(Node.Services, SessionToken.NewSecret()) }.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("The session has expired or was revoked.", (await unknown.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task SigningOutRevokesTheSessionForEveryCopyOfTheCookieAndDeletesIt()
    {
        var client = new AccountClient(Node.CreateBareClient());
        await client.RegisterAndSignInAsync();
        var copy = new AccountClient(Node.CreateBareClient()) { SessionCookieValue = client.SessionCookieValue };

        var signedOut = await client.PostAsync("/auth/signout");

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith(Albumi.Web.Auth.SessionCookie.PlainName + "=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/v1/me")).StatusCode);
    }
}
