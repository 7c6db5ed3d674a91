using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages.NoScript;

/// <summary>"Confirm it is you" with script off: the prompt posts to /account/step-up, which runs the API's step-up rules and comes back.</summary>
public sealed class NoScriptStepUpPageTests(NoScriptSignInPageTests.SharedSession shared) : IClassFixture<NoScriptSignInPageTests.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;
    private readonly TestClock _clock = shared.Clock;

    [Fact]
    public async Task WithoutScriptAStaleSessionConfirmsItsPasswordAndComesBackToThePageItWasOn()
    {
        var page = await _session.NewPageWithoutScriptAsync();
        var password = await SignUpWithoutScriptAsync(page);
        _clock.Advance(TimeSpan.FromMinutes(10));

        await page.GotoAsync("/account/keys");
        var prompt = page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" });
        await Assertions.Expect(prompt).ToBeVisibleAsync();
        await page.GetByLabel("Your password").FillAsync(password + "x");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(page.Locator("[data-error-for='password']")).ToHaveTextAsync("The password is wrong.");
        await Assertions.Expect(page.GetByLabel("Your password")).ToHaveAttributeAsync("aria-invalid", "true");
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, page, "step-up-no-script-wrong-password");

        // The wrong password stepped nothing up: the page still asks.
        await page.GotoAsync("/account/keys");
        await Assertions.Expect(prompt).ToBeVisibleAsync();

        await page.GetByLabel("Your password").FillAsync(password);
        var confirmed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(303, confirmed.Status);
        Assert.Equal("/account/keys", confirmed.Headers["location"]);
        await page.WaitForURLAsync("**/account/keys");
        await Assertions.Expect(prompt).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task WithoutScriptATwoFactorSessionStepsUpWithACodeAndAWrongCodeIsRefusedAtItsField()
    {
        var setup = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(setup);
        await setup.GotoAsync("/account/security");
        var (secret, _) = await SecurityPage.EnrolAsync(setup, _clock);
        _clock.Advance(TimeSpan.FromSeconds(30));
        var page = await _session.NewPageWithoutScriptAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Authenticator code or recovery code").FillAsync(SecurityPage.Code(secret, _clock));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
        _clock.Advance(TimeSpan.FromMinutes(10));

        await page.GotoAsync("/account/keys");
        var code = page.GetByLabel("Authenticator code or recovery code");
        await code.FillAsync(SecurityPage.Code(secret, _clock) == "000000" ? "111111" : "000000");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(page.Locator("[data-error-for='code']")).ToContainTextAsync("The code is wrong");

        await code.FillAsync(SecurityPage.Code(secret, _clock));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await page.WaitForURLAsync("**/account/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheStepUpPageNeedsASessionAndItsTokenAndGoesBackOnlyToAPathOfThisSite()
    {
        var page = await _session.NewPageWithoutScriptAsync();
        var token = await WithoutScript.TokenAsync(page, "/signin");
        var signedOut = await WithoutScript.PostFieldsAsync(page, "/account/step-up?handler=Password&returnUrl=%2Faccount%2Fkeys", new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["password"] = "anything" });
        Assert.Equal(302, signedOut.Status);
        Assert.StartsWith("/signin", signedOut.Headers["location"], StringComparison.Ordinal);

        var password = await SignUpWithoutScriptAsync(page);
        var noToken = await WithoutScript.PostFieldsAsync(page, "/account/step-up?handler=Password", new Dictionary<string, string> { ["password"] = password });
        Assert.Equal(400, noToken.Status);

        token = await WithoutScript.TokenAsync(page, "/account/step-up");
        var elsewhere = await WithoutScript.PostFieldsAsync(page, "/account/step-up?handler=Password&returnUrl=%2F%2Fevil.example",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["password"] = password });
        Assert.Equal(303, elsewhere.Status);
        Assert.Equal("/account/security", elsewhere.Headers["location"]);
    }

    private static async Task<string> SignUpWithoutScriptAsync(IPage page)
    {
        var password = AccountClient.StrongPassword();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Your name").FillAsync("Step Up");
        await page.GetByLabel("Email").FillAsync(AccountClient.NewEmail());
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
        return password;
    }
}
