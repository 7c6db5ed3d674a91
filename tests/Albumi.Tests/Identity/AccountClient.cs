using System.Net;
using System.Net.Http.Json;
using Albumi.Grains.Sessions;
using Albumi.Web.Auth;

namespace Albumi.Tests.Identity;

/// <summary>A person using the API through one node, carrying their session cookie by hand so it can move between nodes.</summary>
public sealed class AccountClient(HttpClient http)
{
    public const string Origin = "http://localhost";

    public string? SessionCookieValue { get; set; }

    /// <summary>When set, requests carry <c>Authorization: Bearer</c> with this key (and the cookie too, if any).</summary>
    public string? ApiKey { get; set; }

    public HttpClient Http => http;

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.test";

    public static string StrongPassword() => "Tr0ub4dor&3-" + Guid.NewGuid().ToString("N")[..8];

    public AccountClient On(HttpClient other) => new(other) { SessionCookieValue = SessionCookieValue, ApiKey = ApiKey };

    /// <summary>The same person, calling with an API key instead of the cookie.</summary>
    public AccountClient WithKey(string key, HttpClient? other = null) => new(other ?? http) { ApiKey = key };

    public Task<HttpResponseMessage> RegisterAsync(string email, string password, string displayName = "Test Person")
        => SendAsync(HttpMethod.Post, "/auth/password/register", new { email, password, displayName });

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var response = await SendAsync(HttpMethod.Post, "/auth/password/signin", new { email, password });
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            SessionCookieValue = ReadSessionCookie(response) ?? throw new InvalidOperationException("Signed in without a session cookie.");
        }

        return response;
    }

    /// <summary>Registers a fresh account and signs it in; returns its email and password.</summary>
    public async Task<(string Email, string Password)> RegisterAndSignInAsync()
    {
        var (email, password) = (NewEmail(), StrongPassword());
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(email, password)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(email, password)).StatusCode);
        return (email, password);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<T> GetJsonAsync<T>(string path)
    {
        var response = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, object? body = null, string? origin = Origin, IReadOnlyDictionary<string, string>? headers = null)
        => SendContentAsync(method, path, body is null ? null : JsonContent.Create(body), origin, headers);

    /// <summary>Sends <paramref name="json"/> as the body exactly as written, for JSON a serializer would never produce (escapes of lone surrogates).</summary>
    public Task<HttpResponseMessage> SendJsonTextAsync(HttpMethod method, string path, string json)
        => SendContentAsync(method, path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Origin, null);

    private async Task<HttpResponseMessage> SendContentAsync(
        HttpMethod method, string path, HttpContent? content, string? origin, IReadOnlyDictionary<string, string>? headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (SessionCookieValue is not null)
        {
            request.Headers.Add("Cookie", $"{SessionCookie.PlainName}={SessionCookieValue}");
        }

        if (ApiKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        }

        if (origin is not null && method != HttpMethod.Get)
        {
            request.Headers.Add("Origin", origin);
        }

        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
        request.Content = content;
        return await http.SendAsync(request);
    }

    public static string? ReadSessionCookie(HttpResponseMessage response)
    {
        var header = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(SessionCookie.PlainName + "=", StringComparison.Ordinal))
            : null;
        return header?.Split(';')[0][(SessionCookie.PlainName.Length + 1)..];
    }

    public static bool IsWellFormedSecret(string secret) => SessionToken.TryHash(secret, out _);
}
