using System.Text.RegularExpressions;
using Albumi.Tests.Identity;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

public sealed class PageTests : IAsyncLifetime
{
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync();

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task APersonSignsUpCreatesAWorkspaceAndSignsInAgainInARealBrowser()
    {
        var page = await _session.NewPageAsync();
        var email = AccountClient.NewEmail();
        var password = AccountClient.StrongPassword();

        await page.GotoAsync("/signup");
        await BrowserSession.ScreenshotAsync(page, "signup");
        await page.GetByLabel("Your name").FillAsync("Ada Browser");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");

        await page.GetByLabel("Name").FillAsync("Browser Workspace");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page.Locator("ul.workspaces")).ToContainTextAsync("Browser Workspace");
        await Assertions.Expect(page.Locator("ul.workspaces")).ToContainTextAsync("owner");
        await BrowserSession.ScreenshotAsync(page, "workspaces");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await page.GotoAsync("/workspaces");
        await page.WaitForURLAsync("**/signin");
        await BrowserSession.ScreenshotAsync(page, "signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspaces");
        await Assertions.Expect(page.Locator("ul.workspaces")).ToContainTextAsync("Browser Workspace");
    }

    [Fact]
    public async Task FieldErrorsFromTheProblemResponseAppearNextToTheFieldAndNothingIsCreated()
    {
        var page = await _session.NewPageAsync();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Your name").FillAsync("Short Password");
        await page.GetByLabel("Email").FillAsync(AccountClient.NewEmail());
        await page.GetByLabel("Password (at least 12 characters)").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-error-for='password']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByLabel("Password (at least 12 characters)")).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserSession.ScreenshotAsync(page, "signup-errors");
        Assert.EndsWith("/signup", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesCarryAStrictContentSecurityPolicyAndNoInlineScript()
    {
        var page = await _session.NewPageAsync();
        foreach (var path in new[] { "/signin", "/signup" })
        {
            var response = await page.GotoAsync(path);
            var headers = await response!.AllHeadersAsync();
            Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal("nosniff", headers["x-content-type-options"]);
            Assert.Equal("no-referrer", headers["referrer-policy"]);
            Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase), await page.ContentAsync());
            Assert.Equal(0, await page.Locator("input:not([id])").CountAsync());
            foreach (var input in await page.Locator("input").AllAsync())
            {
                var id = await input.GetAttributeAsync("id");
                Assert.Equal(1, await page.Locator($"label[for='{id}']").CountAsync());
            }
        }
    }
}
