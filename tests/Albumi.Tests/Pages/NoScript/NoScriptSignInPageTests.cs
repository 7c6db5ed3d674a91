using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages.NoScript;

/// <summary>
/// Signing in with script off: the form posts to the sign-in page, which runs the endpoint's rule (limits, audit, the
/// second factor) and answers with a redirect or the page again. Written as the person's steps and the attacker's.
/// </summary>
public sealed class NoScriptSignInPageTests(NoScriptSignInPageTests.SharedSession shared) : IClassFixture<NoScriptSignInPageTests.SharedSession>
{
    private readonly BrowserSession _session = shared.Session;
    private readonly TestClock _clock = shared.Clock;

    /// <summary>One node and browser for the class, on a clock the tests move past used codes; the per-IP limit out of the way (the account's is tested here).</summary>
    public sealed class SharedSession : IAsyncLifetime
    {
        public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

        public BrowserSession Session { get; private set; } = null!;

        public async Task InitializeAsync()
            => Session = await BrowserSession.StartAsync(new Dictionary<string, string> { ["Albumi:Auth:SignInAttemptsPerIp"] = "10000" }, Clock);

        public async Task DisposeAsync() => await Session.DisposeAsync();
    }

    [Fact]
    public async Task WithoutScriptAPersonSignsInAndLandsWhereTheyWereGoing()
    {
        var (email, password) = await BrowserSession.SignUpAsync(await _session.NewPageAsync());
        var page = await _session.NewPageWithoutScriptAsync();

        await page.GotoAsync("/signin?returnUrl=%2Faccount%2Fsecurity");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(303, answer.Status);
        Assert.Equal("/account/security", answer.Headers["location"]);
        await page.WaitForURLAsync("**/account/security");
        Assert.True(await WithoutScript.HasSessionAsync(page));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Security");
    }

    [Fact]
    public async Task WithoutScriptAWrongPasswordIsRefusedAtTheFormKeepingTheEmailAndIsAuditedAsTheApiAuditsIt()
    {
        var (email, password) = await BrowserSession.SignUpAsync(await _session.NewPageAsync());
        var page = await _session.NewPageWithoutScriptAsync();

        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password + "x");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(401, answer.Status);
        await Assertions.Expect(page.Locator("[data-form-error]")).ToHaveTextAsync("The email or the password is wrong.");
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveValueAsync(email);
        await Assertions.Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveValueAsync("");
        Assert.False(await WithoutScript.HasSessionAsync(page));
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, page, "signin-no-script-wrong-password");

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
        var history = await (await page.APIRequest.GetAsync("/v1/me/login-history")).TextAsync();
        Assert.Contains("wrong password", history, StringComparison.Ordinal);
        Assert.Contains("\"success\"", history, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithoutScriptATwoFactorAccountIsAskedForItsCodeWithoutThePasswordInThePageAndSignsInWithIt()
    {
        var (email, password, secret) = await TwoFactorAccountAsync();
        var page = await _session.NewPageWithoutScriptAsync();

        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        var step = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(200, step.Status);
        var code = page.GetByLabel("Authenticator code or recovery code");
        await Assertions.Expect(code).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Password", new() { Exact = true })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("fieldset.second-step")).ToContainTextAsync($"Signing in as {email}");
        Assert.DoesNotContain(password, await step.TextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, string.Join(' ', (await page.Context.CookiesAsync()).Select(c => c.Value)), StringComparison.Ordinal);
        Assert.False(await WithoutScript.HasSessionAsync(page));
        await WithoutScript.AccessibleAtBothWidthsAsync(_session, page, "signin-no-script-code-step");

        await code.FillAsync(WrongCode(secret));
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(401, refused.Status);
        await Assertions.Expect(page.Locator("#totpCode-error")).ToContainTextAsync("The code is wrong");
        await Assertions.Expect(code).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.False(await WithoutScript.HasSessionAsync(page));

        await code.FillAsync(SecurityPage.Code(secret, _clock));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
        Assert.True(await WithoutScript.HasSessionAsync(page));
    }

    [Fact]
    public async Task WithoutScriptTheSecondFactorCannotBeSkippedWhateverThePagePostCarries()
    {
        var (email, password, secret) = await TwoFactorAccountAsync();
        var page = await _session.NewPageWithoutScriptAsync();
        var token = await WithoutScript.TokenAsync(page, "/signin");
        var attempts = new[]
        {
            new Dictionary<string, string> { ["email"] = email, ["password"] = password },
            new Dictionary<string, string> { ["email"] = email, ["password"] = "", ["totpCode"] = "" },
            new Dictionary<string, string> { ["email"] = email, ["password"] = password, ["totpCode"] = " ", ["secondFactorPassed"] = "true", ["handler"] = "code" },
            new Dictionary<string, string> { ["email"] = email, ["password"] = "", ["totpCode"] = WrongCode(secret) },
            new Dictionary<string, string> { ["email"] = email, ["password"] = password, ["totpCode"] = "aaaa-bbbb" },
        };
        foreach (var fields in attempts)
        {
            fields["__RequestVerificationToken"] = token;
            var response = await WithoutScript.PostFieldsAsync(page, "/signin", fields);
            Assert.NotEqual(303, response.Status);
            Assert.False(await WithoutScript.HasSessionAsync(page), $"signed in with {string.Join(", ", fields.Keys)}");
        }

        // A code without a password (none waiting in this browser) is refused too, before the code is even tried.
        await page.Context.ClearCookiesAsync();
        token = await WithoutScript.TokenAsync(page, "/signin");
        var codeOnly = await WithoutScript.PostFieldsAsync(page, "/signin",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["email"] = email, ["totpCode"] = SecurityPage.Code(secret, _clock) });
        Assert.Equal(400, codeOnly.Status);
        Assert.False(await WithoutScript.HasSessionAsync(page));

        // The same post with the password and that (unused) code signs in: the checks above could see a session.
        var right = await WithoutScript.PostFieldsAsync(page, "/signin",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["email"] = email, ["password"] = password, ["totpCode"] = SecurityPage.Code(secret, _clock) });
        Assert.Equal(303, right.Status);
        Assert.True(await WithoutScript.HasSessionAsync(page));
    }

    [Fact]
    public async Task WithoutScriptThePasswordWaitsForItsCodeFiveMinutesFromWhenItWasTypedNeverRenewedByPostingAgain()
    {
        var (email, password, _) = await TwoFactorAccountAsync();
        var page = await _session.NewPageWithoutScriptAsync();
        var token = await WithoutScript.TokenAsync(page, "/signin");
        var typed = await WithoutScript.PostFieldsAsync(page, "/signin",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["email"] = email, ["password"] = password });
        Assert.Equal(200, typed.Status);
        Assert.Contains(typed.HeadersArray, h => h.Name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("albumi_signin_pending=", StringComparison.Ordinal));

        // Posting again without a password (or a code) shows the code step from the waiting password, but the wait is
        // not started again: whoever holds the cookie cannot keep the password alive past five minutes.
        var again = await WithoutScript.PostFieldsAsync(page, "/signin",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["email"] = email, ["password"] = "", ["totpCode"] = "" });
        Assert.Equal(200, again.Status);
        Assert.DoesNotContain(again.HeadersArray, h => h.Name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("albumi_signin_pending=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASignInPagePostWithoutThisBrowsersAntiforgeryTokenSignsNobodyIn()
    {
        var (email, password) = await BrowserSession.SignUpAsync(await _session.NewPageAsync());
        var victim = await _session.NewPageWithoutScriptAsync();
        await victim.GotoAsync("/signin");

        // Login CSRF: a page elsewhere posts the attacker's credentials into the victim's browser, with no token or with the attacker's own.
        var none = await WithoutScript.PostFieldsAsync(victim, "/signin", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        Assert.Equal(400, none.Status);
        var attackersToken = await WithoutScript.TokenAsync(await _session.NewPageWithoutScriptAsync(), "/signin");
        var foreign = await WithoutScript.PostFieldsAsync(victim, "/signin",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = attackersToken, ["email"] = email, ["password"] = password });
        Assert.Equal(400, foreign.Status);
        Assert.False(await WithoutScript.HasSessionAsync(victim));
    }

    [Fact]
    public async Task WithoutScriptTheAccountsSignInLimitRefusesThroughThePage()
    {
        var (email, password) = await BrowserSession.SignUpAsync(await _session.NewPageAsync());
        var page = await _session.NewPageWithoutScriptAsync();
        var token = await WithoutScript.TokenAsync(page, "/signin");
        for (var i = 0; i < 10; i++)
        {
            var wrong = await WithoutScript.PostFieldsAsync(page, "/signin",
                new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["email"] = email, ["password"] = password + i });
            Assert.Equal(401, wrong.Status);
        }

        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(429, answer.Status);
        Assert.True(int.Parse(answer.Headers["retry-after"], System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Assertions.Expect(page.Locator("[data-form-error]")).ToContainTextAsync("Too many sign-in attempts");
        Assert.False(await WithoutScript.HasSessionAsync(page));
    }

    /// <summary>A new account with two-factor on (set up on the security page with script), its enrolment code left behind in time.</summary>
    private async Task<(string Email, string Password, string Secret)> TwoFactorAccountAsync()
    {
        var setup = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(setup);
        await setup.GotoAsync("/account/security");
        var (secret, _) = await SecurityPage.EnrolAsync(setup, _clock);
        _clock.Advance(TimeSpan.FromSeconds(30));
        return (email, password, secret);
    }

    private string WrongCode(string secret) => SecurityPage.Code(secret, _clock) == "000000" ? "111111" : "000000";
}
