using Microsoft.Playwright;

namespace Albumi.Tests.Pages.Account;

/// <summary>/account/history: the account's sign-ins and its failed or blocked attempts, in words, with times as <c>&lt;time&gt;</c>.</summary>
public sealed class SignInHistoryPageTests(AccountPagesFixture fixture) : IClassFixture<AccountPagesFixture>
{
    private readonly BrowserSession _session = fixture.Session;

    [Fact]
    public async Task SignInsAndAFailedAttemptAreReadableInWordsWithTheirTimes()
    {
        var page = await _session.NewPageAsync();
        var json = PersonChecks.WatchForJson(page);
        var (email, _) = await BrowserSession.SignUpAsync(page);
        await page.GotoAsync("/account/history");
        await Assertions.Expect(page.Locator(".alerts-empty")).ToBeVisibleAsync();
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-history-no-alerts");

        Assert.Equal(401, (await fixture.CallAsync(page, "POST", "/auth/password/signin", new { email, password = "definitely-not-it-123" })).Status);
        await page.ReloadAsync();
        var alerts = page.Locator("ul.alerts > li");
        await Assertions.Expect(alerts).ToHaveCountAsync(1);
        await Assertions.Expect(alerts).ToContainTextAsync("Sign-in failed");
        await Assertions.Expect(alerts).ToContainTextAsync("127.0.0.1");
        var signIns = page.Locator("ul.history > li");
        await Assertions.Expect(signIns.Filter(new() { HasText = "Sign-in succeeded with a password" })).Not.ToHaveCountAsync(0);
        await Assertions.Expect(signIns.Filter(new() { HasText = "Sign-in failed" })).ToHaveCountAsync(1);

        var times = await page.Locator("main time").EvaluateAllAsync<string[]>("times => times.map(t => t.getAttribute('datetime'))");
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.True(DateTimeOffset.TryParse(t, out _), $"<time datetime=\"{t}\"> is not a time"));
        Assert.DoesNotContain("sign-in (failure)", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("nav.account-nav [aria-current='page']")).ToHaveTextAsync("Sign-in history");
        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-history");
        await PersonChecks.ShowsAPageAsync(page);
        Assert.Empty(json);
    }
}
