using Albumi.Tests.Identity;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages.NoScript;

/// <summary>Signing up and signing out with script off: the forms post to their pages, which run the endpoints' rules.</summary>
public sealed class NoScriptSignUpAndSignOutPageTests(PageTests.SharedSession shared) : IClassFixture<PageTests.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;

    [Fact]
    public async Task WithoutScriptAPersonSignsUpIsSignedInAndSignsOutAgain()
    {
        var page = await _session.NewPageWithoutScriptAsync();
        var email = AccountClient.NewEmail();
        var password = AccountClient.StrongPassword();

        await page.GotoAsync("/signup?returnUrl=%2Faccount");
        await page.GetByLabel("Your name").FillAsync("No Script");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(password);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(303, answer.Status);
        await page.WaitForURLAsync("**/account");
        Assert.True(await WithoutScript.HasSessionAsync(page));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(email);

        var sessionCookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "__Host-albumi_session");
        var signedOut = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(303, signedOut.Status);
        await page.WaitForURLAsync("**/signin");
        Assert.False(await WithoutScript.HasSessionAsync(page));
        await page.GotoAsync("/workspaces");
        await page.WaitForURLAsync("**/signin**");

        // The session is ended on the server, not only forgotten by this browser: its old cookie opens nothing.
        var replay = await _session.NewPageAsync();
        await replay.Context.AddCookiesAsync([new Cookie
        {
            Name = sessionCookie.Name, Value = sessionCookie.Value, Domain = sessionCookie.Domain, Path = sessionCookie.Path, Secure = sessionCookie.Secure, HttpOnly = true,
        }]);
        Assert.Equal(401, (await replay.APIRequest.GetAsync("/v1/me")).Status);
        await BrowserSession.SignInAsync(replay, email, password);
    }

    [Fact]
    public async Task WithoutScriptAShortPasswordIsRefusedAtItsFieldKeepingTheNameAndEmailAndCreatesNothing()
    {
        var page = await _session.NewPageWithoutScriptAsync();
        var email = AccountClient.NewEmail();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Your name").FillAsync("Short Password");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 12 characters)").FillAsync("short");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        var field = page.GetByLabel("Password (at least 12 characters)");
        await Assertions.Expect(page.Locator("[data-error-for='password']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(field).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByLabel("Your name")).ToHaveValueAsync("Short Password");
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveValueAsync(email);
        Assert.False(await WithoutScript.HasSessionAsync(page));
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, page, "signup-no-script-errors");

        // Nothing was created: the email is still free.
        var other = await _session.NewPageAsync();
        await other.GotoAsync("/signup");
        await other.GetByLabel("Your name").FillAsync("Later");
        await other.GetByLabel("Email").FillAsync(email);
        await other.GetByLabel("Password (at least 12 characters)").FillAsync(AccountClient.StrongPassword());
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await other.WaitForURLAsync("**/workspaces");
    }

    [Fact]
    public async Task WithoutScriptATakenEmailIsRefusedAsTheApiRefusesIt()
    {
        var (email, _) = await BrowserSession.SignUpAsync(await _session.NewPageAsync());
        var page = await _session.NewPageWithoutScriptAsync();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Your name").FillAsync("Second Comer");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(AccountClient.StrongPassword());
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, answer.Status);
        await Assertions.Expect(page.Locator("[data-form-error]")).ToContainTextAsync("sign in instead");
        Assert.False(await WithoutScript.HasSessionAsync(page));
    }

    [Fact]
    public async Task ASignOutPagePostWithoutTheTokenOrFromAnotherSiteLeavesTheSessionAlone()
    {
        var page = await _session.NewPageWithoutScriptAsync();
        var setup = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(setup);
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");

        var noToken = await WithoutScript.PostFieldsAsync(page, "/signout", new Dictionary<string, string>());
        Assert.Equal(400, noToken.Status);
        var token = await WithoutScript.TokenAsync(page, "/signout");
        var form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        var crossSite = await page.APIRequest.PostAsync("/signout", new APIRequestContextOptions
        {
            Form = form,
            MaxRedirects = 0,
            Headers = new Dictionary<string, string> { ["Origin"] = "https://evil.example", ["Accept"] = "text/html" },
        });
        Assert.Equal(403, crossSite.Status);
        Assert.True(await WithoutScript.HasSessionAsync(page));
        Assert.Equal(200, (await page.APIRequest.GetAsync("/v1/me")).Status);
    }
}
