using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Albumi.Cli;

/// <summary>The HTTP API as the CLI uses it: an API key in the Authorization header, problem responses turned into one line.</summary>
public sealed partial class AlbumiApi : IDisposable
{
    private readonly HttpClient _http;

    public AlbumiApi(CliConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.Url) || !Uri.TryCreate(config.Url, UriKind.Absolute, out var baseUri))
        {
            throw new CliException("no server URL: run 'albumi login --url <url>' or set ALBUMI_URL");
        }

        if (!IsWellFormedKey(config.ApiKey))
        {
            throw new CliException("no valid API key: run 'albumi login' or set ALBUMI_API_KEY (alb_ and 60 hex characters)");
        }

        _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.ApiKey);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("albumi-cli/1.0");
    }

    public static bool IsWellFormedKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    public Task<JsonElement> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<JsonElement> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    public Task<JsonElement> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new CliException($"cannot reach {_http.BaseAddress}: {e.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(Describe(response, text));
            }

            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static string Describe(HttpResponseMessage response, string body)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var title = problem.TryGetProperty("title", out var t) ? t.GetString() : response.ReasonPhrase;
            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                detail = string.Join("; ", errors.EnumerateObject().Select(e => $"{e.Name}: {string.Join(", ", e.Value.EnumerateArray().Select(v => v.GetString()))}"));
            }

            return $"{(int)response.StatusCode} {title}{(detail is null ? "" : " " + detail)}".ReplaceLineEndings(" ");
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }

    [GeneratedRegex("^alb_[0-9a-f]{60}$")]
    private static partial Regex KeyPattern();
}
