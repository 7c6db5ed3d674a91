using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>
/// What a person must never meet on a page: an axe-core (WCAG 2.2 AA) violation rated serious or critical, at
/// 1280 px or at 390 px, in the light or the dark theme; sideways scrolling of the whole page at 390 px; problem JSON where a page should be.
/// Each check also keeps screenshots (both widths, both themes) in artifacts/screenshots.
/// </summary>
public static class PersonChecks
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>
    /// Runs axe at 1280 px and 390 px in the light and the dark theme (the device's <c>prefers-color-scheme</c>, emulated;
    /// the app's theme switch left at Auto follows it), checks the page fits 390 px, and keeps a screenshot of each; the
    /// page ends at 1280 px in light.
    /// </summary>
    public static async Task AccessibleAtBothWidthsAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
            await AccessibleInThisThemeAsync(page, scheme == ColorScheme.Dark ? $"{name}-dark" : name);
        }

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
    }

    /// <summary>
    /// Runs axe at 1280 px and 390 px in whatever theme the page shows now (a theme chosen with the switch, say), checks
    /// the page fits 390 px, and keeps a screenshot at each width; the page ends at 1280 px.
    /// </summary>
    public static async Task AccessibleInThisThemeAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);

        // No colour transitions (app.css drops them for reduced motion): axe reads the theme's final colours.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ReducedMotion = ReducedMotion.Reduce });
        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            var serious = await SeriousViolationsAsync(page);
            Assert.True(serious.Count == 0, $"{name} at {width} px: {string.Join(" | ", serious)}");
            if (width == 390)
            {
                var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"{name} scrolls sideways by {overflow} px at 390 px");
            }

            await BrowserSession.ScreenshotAsync(page, width == 390 ? $"{name}-390" : name);
        }

        await page.SetViewportSizeAsync(1280, 800);
    }

    /// <summary>
    /// Records every top-level navigation the browser makes whose answer is JSON (a page showing raw problem JSON);
    /// the list returned holds them.
    /// </summary>
    /// <summary>
    /// axe-core's WCAG A/AA rules on the page as it is now: the serious and critical violations, in words. axe is put
    /// into the page once per document and run directly (no frames to cross), asking for violations only: a run costs
    /// a third of the Playwright wrapper's, which injects axe and runs it frame by frame every time.
    /// </summary>
    private static async Task<List<string>> SeriousViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeSource.Value);
        }

        var found = await page.EvaluateAsync<string>(
            """
            async (tags) => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))
            """,
            WcagTags);
        return System.Text.Json.JsonSerializer.Deserialize<List<string>>(found)!;
    }

    private static readonly Lazy<string> AxeSource = new(() => new BundledAxeScriptProvider().GetScript());

    public static List<string> WatchForJson(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var shown = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Request.IsNavigationRequest && response.Frame == page.MainFrame
                && response.Headers.TryGetValue("content-type", out var type) && type.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                lock (shown)
                {
                    shown.Add($"{response.Status} {response.Url} ({type})");
                }
            }
        };
        return shown;
    }

    /// <summary>The page on screen is a page, not a document of JSON.</summary>
    public static async Task ShowsAPageAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var text = (await page.Locator("body").InnerTextAsync()).TrimStart();
        Assert.False(text.StartsWith('{'), $"{page.Url} shows JSON: {text[..Math.Min(120, text.Length)]}");
        Assert.Equal(1, await page.Locator("main").CountAsync());
    }
}
