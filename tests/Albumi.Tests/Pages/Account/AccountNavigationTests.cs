using Microsoft.Playwright;

namespace Albumi.Tests.Pages.Account;

/// <summary>The account pages share one navigation, which marks the page the person is on and takes them to each of the others.</summary>
public sealed class AccountNavigationTests(AccountPagesFixture fixture) : IClassFixture<AccountPagesFixture>
{
    [Fact]
    public async Task EveryAccountPageLinksToTheOthersAndMarksOnlyItselfAsCurrent()
    {
        var page = await fixture.Session.NewPageAsync();
        await BrowserSession.SignUpAsync(page);
        (string Text, string Path)[] pages =
            [("Profile", "/account"), ("Security", "/account/security"), ("API keys", "/account/keys"), ("Sessions", "/account/sessions"), ("Sign-in history", "/account/history")];

        await page.GotoAsync("/account");
        foreach (var (text, path) in pages)
        {
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Your account" });
            await nav.GetByRole(AriaRole.Link, new() { Name = text, Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new Uri(new Uri(fixture.Session.BaseUrl), path).ToString());
            await Assertions.Expect(nav.GetByRole(AriaRole.Link)).ToHaveCountAsync(pages.Length);
            await Assertions.Expect(nav.Locator("[aria-current]")).ToHaveCountAsync(1);
            await Assertions.Expect(nav.Locator("[aria-current='page']")).ToHaveTextAsync(text);
            await PersonChecks.ShowsAPageAsync(page);
        }

        await PersonChecks.AccessibleAtBothWidthsAsync(page, "account-navigation");
    }

    [Fact]
    public async Task ASignedOutVisitorIsSentToSignInAndBackToTheAccountPage()
    {
        var (email, password) = await BrowserSession.SignUpAsync(await fixture.Session.NewPageAsync());
        var page = await fixture.Session.NewPageAsync();
        await page.GotoAsync("/account/sessions");
        await page.WaitForURLAsync("**/signin?returnUrl=%2Faccount%2Fsessions");
        await PersonChecks.ShowsAPageAsync(page);

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/account/sessions");
        await Assertions.Expect(page.Locator(".this-device")).ToBeVisibleAsync();
    }
}
