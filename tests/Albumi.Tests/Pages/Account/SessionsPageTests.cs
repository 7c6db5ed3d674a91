using Microsoft.Playwright;

namespace Albumi.Tests.Pages.Account;

/// <summary>/account/sessions: every device with this one marked and kept, one revoked after asking, the others all at once after asking.</summary>
public sealed class SessionsPageTests(AccountPagesFixture fixture) : IClassFixture<AccountPagesFixture>
{
    private readonly BrowserSession _session = fixture.Session;

    [Fact]
    public async Task EachSessionIsListedWithItsDeviceAndTimesAndThisDeviceIsMarkedAndNotRevocable()
    {
        var laptop = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(laptop);
        var (email, password) = await BrowserSession.SignUpAsync(laptop);
        var phone = await _session.NewPageAsync();
        await BrowserSession.SignInAsync(phone, email, password);

        await laptop.GotoAsync("/account/sessions");
        var sessions = laptop.Locator("ul.sessions > li");
        await Assertions.Expect(sessions).ToHaveCountAsync(2);
        var current = sessions.Filter(new() { Has = laptop.Locator(".this-device") });
        await Assertions.Expect(current).ToHaveCountAsync(1);
        await Assertions.Expect(current.Locator(".this-device")).ToHaveTextAsync("this device");
        await Assertions.Expect(current.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        var other = sessions.Filter(new() { HasNot = laptop.Locator(".this-device") });
        await Assertions.Expect(other.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(1);
        foreach (var item in new[] { current, other })
        {
            await Assertions.Expect(item.Locator("h2")).ToContainTextAsync(" on ");
            await Assertions.Expect(item.Locator("dt:has-text('Address') + dd")).ToHaveTextAsync("127.0.0.1");
            await Assertions.Expect(item.Locator("dt:has-text('Signed in') + dd time")).ToHaveCountAsync(1);
            await Assertions.Expect(item.Locator("dt:has-text('Last seen') + dd time")).ToHaveCountAsync(1);
        }

        await Assertions.Expect(laptop.Locator("nav.account-nav [aria-current='page']")).ToHaveTextAsync("Sessions");
        await PersonChecks.AccessibleAtBothWidthsAsync(laptop, "account-sessions");
        Assert.Empty(json);
    }

    [Fact]
    public async Task RevokingOneSessionAsksFirstThenSignsOnlyThatDeviceOut()
    {
        var laptop = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(laptop);
        var phone = await _session.NewPageAsync();
        await BrowserSession.SignInAsync(phone, email, password);
        var tablet = await _session.NewPageAsync();
        await BrowserSession.SignInAsync(tablet, email, password);
        var phoneSession = await CurrentSessionIdAsync(phone);
        var questions = PageQuestions.On(laptop);

        await laptop.GotoAsync("/account/sessions");
        var revoke = laptop.Locator($"li[data-session='{phoneSession}']").GetByRole(AriaRole.Button, new() { Name = "Revoke" });
        await revoke.ClickAsync();
        Assert.Single(questions.Asked);
        Assert.StartsWith("Sign out ", questions.Asked[0], StringComparison.Ordinal);
        await Assertions.Expect(laptop.Locator("ul.sessions > li")).ToHaveCountAsync(3);
        Assert.Equal(200, (await fixture.CallAsync(phone, "GET", "/v1/me")).Status);

        questions.Accept = true;
        await revoke.ClickAsync();
        var status = laptop.Locator("[data-focus-on-load]");
        await Assertions.Expect(status).ToHaveTextAsync("The session is revoked: that device is signed out.");
        await Assertions.Expect(status).ToBeFocusedAsync();
        await Assertions.Expect(laptop.Locator("ul.sessions > li")).ToHaveCountAsync(2);
        await PersonChecks.AccessibleAtBothWidthsAsync(laptop, "account-sessions-revoked");

        await phone.GotoAsync("/workspaces");
        await phone.WaitForURLAsync("**/signin**");
        Assert.Equal(200, (await fixture.CallAsync(tablet, "GET", "/v1/me")).Status);
        Assert.Equal(200, (await fixture.CallAsync(laptop, "GET", "/v1/me")).Status);
    }

    [Fact]
    public async Task LoggingOutOtherDevicesAsksFirstThenKeepsOnlyThisOne()
    {
        var laptop = await _session.NewPageAsync();
        var (email, password) = await BrowserSession.SignUpAsync(laptop);
        var phone = await _session.NewPageAsync();
        await BrowserSession.SignInAsync(phone, email, password);
        var questions = PageQuestions.On(laptop);

        await laptop.GotoAsync("/account/sessions");
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Log out other devices" }).ClickAsync();
        Assert.Equal(["Sign out every other device?"], questions.Asked);
        Assert.Equal(200, (await fixture.CallAsync(phone, "GET", "/v1/me")).Status);

        questions.Accept = true;
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Log out other devices" }).ClickAsync();
        await Assertions.Expect(laptop.Locator("[data-focus-on-load]")).ToHaveTextAsync("Every other device is signed out.");
        await Assertions.Expect(laptop.Locator("ul.sessions > li")).ToHaveCountAsync(1);
        await Assertions.Expect(laptop.Locator(".sessions-only")).ToBeVisibleAsync();
        await PersonChecks.AccessibleAtBothWidthsAsync(laptop, "account-sessions-only-this");
        Assert.Equal(401, (await fixture.CallAsync(phone, "GET", "/v1/me")).Status);
    }

    [Fact]
    public async Task RevokingAnotherAccountsSessionByItsIdIsRefusedAsNotFoundAndThatSessionLives()
    {
        var victim = await _session.NewPageAsync();
        await BrowserSession.SignUpAsync(victim);
        var victimSession = await CurrentSessionIdAsync(victim);
        var attacker = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(attacker);
        var (email, password) = await BrowserSession.SignUpAsync(attacker);
        var attackerPhone = await _session.NewPageAsync();
        await BrowserSession.SignInAsync(attackerPhone, email, password);
        var ownOther = await CurrentSessionIdAsync(attackerPhone);
        PageQuestions.On(attacker).Accept = true;

        // The attacker points their own revoke form at the victim's session: the page says "no such session", in words.
        await attacker.GotoAsync("/account/sessions");
        var form = attacker.Locator($"li[data-session='{ownOther}'] form");
        await form.EvaluateAsync("(form, id) => form.dataset.api = '/v1/me/sessions/' + id", victimSession);
        await form.GetByRole(AriaRole.Button).ClickAsync();
        var refusal = form.Locator("[data-form-error]");
        await Assertions.Expect(refusal).ToHaveTextAsync("No such session.");

        // Asked by a browser, the same refusal is a 404 page; asked as an API client, a 404 problem.
        var asPage = await fixture.CallAsync(attacker, "DELETE", $"/v1/me/sessions/{victimSession}", accept: "text/html");
        Assert.Equal(404, asPage.Status);
        Assert.StartsWith("text/html", asPage.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(404, (await fixture.CallAsync(attacker, "DELETE", $"/v1/me/sessions/{victimSession}")).Status);

        Assert.Equal(200, (await fixture.CallAsync(victim, "GET", "/v1/me")).Status);
        Assert.Equal(200, (await fixture.CallAsync(attackerPhone, "GET", "/v1/me")).Status);
        Assert.Empty(json);
    }

    private async Task<string> CurrentSessionIdAsync(IPage page)
        => (await fixture.JsonAsync(page, "/v1/me/sessions")).EnumerateArray().Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;
}
