using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages.NoScript;

/// <summary>What a test of a no-script form needs beyond a person's clicks: the session cookie, and posts an attacker crafts.</summary>
public static partial class NoScriptForms
{
    /// <summary>Whether the page's browser context holds a session cookie.</summary>
    public static async Task<bool> HasSessionAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return (await page.Context.CookiesAsync()).Any(c => c.Name is "__Host-albumi_session" or "albumi_session");
    }

    /// <summary>The antiforgery token of the form a GET of <paramref name="path"/> renders, read as a crafted post would (the cookie stays in the context).</summary>
    public static async Task<string> TokenAsync(IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = await page.APIRequest.GetAsync(path);
        var match = TokenField().Match(await response.TextAsync());
        Assert.True(match.Success, $"{path} rendered no antiforgery token");
        return match.Groups[1].Value;
    }

    /// <summary>
    /// A crafted form post from the page's context (its cookies), redirects not followed; it says it comes from this site
    /// (<c>Sec-Fetch-Site: same-origin</c>, as the browser's own form post does), so what answers is the page's own defence.
    /// </summary>
    public static async Task<IAPIResponse> PostAsync(IPage page, string path, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(fields);
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return await page.APIRequest.PostAsync(path, new APIRequestContextOptions { Form = form, MaxRedirects = 0, Headers = new Dictionary<string, string> { ["Accept"] = "text/html", ["Sec-Fetch-Site"] = "same-origin" } });
    }

    /// <summary>
    /// <see cref="PersonChecks.AccessibleAtBothWidthsAsync"/> on the page a no-script post answered with. axe runs as
    /// script in the page, which a context without script cannot do; so the server's own answer is shown at the same
    /// address in a context with script, its script file blocked, and checked there.
    /// </summary>
    public static async Task AccessibleAtBothWidthsAsync(BrowserSession session, IResponse answer, string name)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(answer);
        var html = await answer.TextAsync();
        var twin = await session.NewPageAsync();
        await twin.RouteAsync("**/app.js", route => route.AbortAsync());
        await twin.RouteAsync(answer.Url, route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = html }));
        await twin.GotoAsync(answer.Url);
        await PersonChecks.AccessibleAtBothWidthsAsync(twin, name);
        await twin.Context.CloseAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
