using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Albumi.Tests.Pages;

/// <summary>What the no-script page tests do as a person whose browser runs no script, and as an attacker posting a page's form by hand.</summary>
public static partial class WithoutScript
{
    /// <summary>What Chromium sends as <c>Accept</c> when it navigates (a form's post included).</summary>
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";

    /// <summary>A page with script off, signed in as <paramref name="signedIn"/> is (its cookies copied): the same person, in a browser that runs no script.</summary>
    public static async Task<IPage> SignedInAsAsync(BrowserSession session, IPage signedIn)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(signedIn);
        var page = await session.NewPageWithoutScriptAsync();
        await page.Context.AddCookiesAsync((await signedIn.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = c.Domain,
            Path = c.Path,
            Expires = c.Expires,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
            SameSite = c.SameSite,
        }));
        return page;
    }

    /// <summary>Presses the button and returns the status of the form's post (a 303's, not the page it led to).</summary>
    public static async Task<int> SubmitAsync(IPage page, string button) => await SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = button }));

    /// <summary>Presses <paramref name="button"/> and returns the status of the form's post (a 303's, not the page it led to).</summary>
    public static async Task<int> SubmitAsync(IPage page, ILocator button)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(button);
        var answer = await page.RunAndWaitForResponseAsync(
            () => button.ClickAsync(),
            response => response.Request.Method == "POST" && response.Request.IsNavigationRequest);
        await page.WaitForLoadStateAsync();
        return answer.Status;
    }

    /// <summary>
    /// <see cref="PersonChecks.AccessibleAtBothWidthsAsync"/> for the page a no-script browser shows: axe runs as script in
    /// the page, which a context without script never runs (Playwright's evaluate waits for ever there), so the page's
    /// HTML as the server sent it is checked in a fresh context with script on, at this site's address (its styles load).
    /// </summary>
    public static async Task AccessibleAtBothWidthsAsync(BrowserSession session, IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(page);
        var html = await page.ContentAsync();
        var copy = await session.NewPageAsync();
        try
        {
            await copy.GotoAsync("/appearance");
            await copy.SetContentAsync(html);
            await PersonChecks.AccessibleAtBothWidthsAsync(copy, name);
        }
        finally
        {
            await copy.Context.CloseAsync();
        }
    }

    /// <summary>
    /// A page's form post made by hand from <paramref name="page"/>'s browser (its cookies), with the antiforgery token
    /// of a form on the page it shows, or without one; from this site unless <paramref name="origin"/> says otherwise.
    /// </summary>
    public static async Task<IAPIResponse> PostFormAsync(BrowserSession session, IPage page, string path, Dictionary<string, string> fields, bool withToken, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(fields);
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        if (withToken)
        {
            form.Set("__RequestVerificationToken", (await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value"))!);
        }

        return await page.Context.APIRequest.PostAsync(path, new()
        {
            Form = form,
            Headers = new Dictionary<string, string> { ["Origin"] = origin ?? session.BaseUrl, ["Accept"] = BrowserAccept },
            MaxRedirects = 0,
        });
    }

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
    public static async Task<IAPIResponse> PostFieldsAsync(IPage page, string path, IReadOnlyDictionary<string, string> fields)
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

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
