using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Albumi.Cli.Client;
using Albumi.Cli.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Albumi.Cli;

/// <summary>
/// The HTTP API as the CLI uses it: the client generated from the API document (<see cref="AlbumiClient"/>), an API
/// key in the Authorization header, and every refusal (a problem response) or network failure turned into one line.
/// </summary>
public sealed partial class ApiConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClientRequestAdapter _adapter;

    public ApiConnection(CliConfig config, TimeSpan? timeout = null)
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

        // The key goes in a header the client sets on every request; Kiota's bearer provider would refuse plain-HTTP servers on loopback.
        _http = KiotaClientFactory.Create();
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(30);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.ApiKey);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("albumi-cli/1.0");
        _adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _http) { BaseUrl = baseUri.ToString().TrimEnd('/') };
        Client = new AlbumiClient(_adapter);
    }

    public AlbumiClient Client { get; }

    /// <summary>Problem responses of any status, for requests the CLI sends itself (streamed bodies).</summary>
    public static Dictionary<string, ParsableFactory<IParsable>> Problems { get; } = new()
    {
        ["400"] = HttpValidationProblemDetails.CreateFromDiscriminatorValue,
        ["XXX"] = ProblemDetails.CreateFromDiscriminatorValue,
    };

    public static bool IsWellFormedKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    /// <summary>Runs <paramref name="call"/>; a refusal or a failure to reach the server becomes a <see cref="CliException"/> of one line.</summary>
    public async Task<T> CallAsync<T>(Func<AlbumiClient, Task<T?>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call(Client) ?? throw new CliException("the server answered with no body");
        }
        catch (HttpValidationProblemDetails invalid)
        {
            var errors = invalid.Errors?.AdditionalData.Select(e => $"{e.Key}: {string.Join(", ", e.Value is IEnumerable<object> list ? list : [e.Value])}");
            throw new CliException(OneLine($"{invalid.ResponseStatusCode} {invalid.Title} {(errors is null ? invalid.Detail : string.Join("; ", errors))}"));
        }
        catch (ProblemDetails problem)
        {
            throw new CliException(OneLine($"{problem.ResponseStatusCode} {problem.Title} {problem.Detail}"));
        }
        catch (ApiException failed)
        {
            throw new CliException($"{failed.ResponseStatusCode} {failed.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new CliException($"cannot reach {_adapter.BaseUrl}: {e.Message}");
        }
    }

    /// <summary>Runs a call that answers no body (204).</summary>
    public Task CallAsync(Func<AlbumiClient, Task> call)
        => CallAsync<object>(async client =>
        {
            await call(client);
            return new object();
        });

    /// <summary>Sends a request the generated client built, with a streamed response: its body, for the caller to copy.</summary>
    public Task<Stream> OpenAsync(RequestInformation request)
        => CallAsync(_ => _adapter.SendPrimitiveAsync<Stream>(request, Problems));

    /// <summary>Sends a request the generated client built, and parses its answer as <typeparamref name="T"/>.</summary>
    public Task<T> SendAsync<T>(RequestInformation request, ParsableFactory<T> factory)
        where T : IParsable
        => CallAsync(_ => _adapter.SendAsync(request, factory, Problems));

    public void Dispose()
    {
        _adapter.Dispose();
        _http.Dispose();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex("^alb_[0-9a-f]{60}$")]
    private static partial Regex KeyPattern();
}
