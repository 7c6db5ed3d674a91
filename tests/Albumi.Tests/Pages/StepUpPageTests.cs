using System.Text.RegularExpressions;
using Albumi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>A page with a guarded action shows a stale session how to confirm it is the person, never problem JSON.</summary>
public sealed class StepUpPageTests : IAsyncLifetime
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(clock: _clock);

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task AStaleSessionIsAskedToConfirmItIsYouOnTheKeysPageAndThenCreatesItsKey()
    {
        var page = await _session.NewPageAsync();
        var (_, password) = await BrowserSession.SignUpAsync(page);
        _clock.Advance(TimeSpan.FromMinutes(10));

        await page.GotoAsync("/account/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("deploys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var refusal = page.Locator("form[data-api='/v1/me/api-keys'] [data-form-error]");
        await Assertions.Expect(refusal).ToContainTextAsync("confirm your password");
        Assert.DoesNotContain("{", await refusal.TextContentAsync(), StringComparison.Ordinal);
        await BrowserSession.ScreenshotAsync(page, "step-up-required");

        await page.GetByLabel("Your password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it is you" })).ToHaveCountAsync(0);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("deploys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-key-value")).ToHaveTextAsync(new Regex("^alb_[0-9a-f]{60}$"));
    }
}
