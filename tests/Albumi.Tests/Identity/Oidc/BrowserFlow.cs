using System.Net;

namespace Albumi.Tests.Identity.Oidc;

/// <summary>
/// Drives an authorization code flow the way a browser would: the app's redirect to the provider, the provider's
/// redirect back, cookies carried by hand (the app is in-process, the provider is a real server on loopback).
/// </summary>
public sealed class BrowserFlow(HttpClient app)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public string? CallbackPathAndQuery { get; private set; }

    /// <summary>Starts the sign-in and follows the provider's redirect; returns the app's answer to the callback.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string provider, string returnUrl = "/welcome")
    {
        var start = await GetAsync($"/auth/signin/{provider}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("nonce=", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("state=", authorize.Query, StringComparison.Ordinal);

        using var providerHttp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await providerHttp.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        CallbackPathAndQuery = back.Headers.Location!.PathAndQuery;
        return await GetAsync(CallbackPathAndQuery);
    }

    /// <summary>A cookie this browser holds already (a session signed in elsewhere in the same browser).</summary>
    public void SetCookie(string name, string value) => _cookies[name] = value;

    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pathAndQuery, UriKind.Relative));
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await app.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';')[0];
                var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                var value = pair[(name.Length + 1)..];
                if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        return response;
    }

    public string? Cookie(string name) => _cookies.GetValueOrDefault(name);

    /// <summary>Puts back a cookie the app already deleted, as an attacker replaying a captured callback would.</summary>
    public void SetCookies(IReadOnlyDictionary<string, string> cookies)
    {
        foreach (var (name, value) in cookies)
        {
            _cookies[name] = value;
        }
    }

    public IReadOnlyDictionary<string, string> Cookies => _cookies;
}
