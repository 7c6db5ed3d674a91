using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Albumi.Tests.Catalog;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Albumi.Tests.Web;

/// <summary>Ids no response ever writes (the all-zero UUID, other spellings, strings of any length) in every route, API and pages.</summary>
public sealed partial class OddIdTests() : WebNodesTest
{
    private static readonly string[] IdParameters = ["ws", "id", "proposalId", "accountId", "token"];

    [Fact]
    public async Task EveryRouteAnswersAnOddIdAsItAnswersARandomIdAndNeverWithA500()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync("Odd ids")).Id;
        var application = (await owner.CreateEntityAsync(ws, "applications", new { name = "Shop" })).Id();
        var before = await SnapshotAsync(owner, ws, application);

        var checkedCalls = 0;
        foreach (var (method, pattern) in Routes(Node.Services))
        {
            foreach (var parameter in IdParameters.Where(p => pattern.Contains("{" + p + "}", StringComparison.Ordinal)))
            {
                // Odd spellings of a real id (the caller's own workspace, a real application) and ids of no spelling at all.
                var real = parameter == "ws" ? ws : pattern.Contains("/applications/", StringComparison.Ordinal) ? application : Guid.NewGuid();
                foreach (var odd in OddSpellingsOf(real))
                {
                    var path = Path(pattern, ws, parameter, odd);
                    var response = await owner.SendAsync(method, path, BodyFor(pattern));
                    Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {response.StatusCode}");
                    var twin = Path(pattern, ws, parameter, parameter == "token" ? RandomToken() : Guid.NewGuid().ToString());
                    var (expected, actual) = (await AnswerAsync(await owner.SendAsync(method, twin, BodyFor(pattern))), await AnswerAsync(response));
                    Assert.True(expected == actual, $"{method} {pattern} with {parameter} {odd[..Math.Min(odd.Length, 40)]} answered\n{actual}\nwhere a random id answers\n{expected}");
                    checkedCalls++;
                }
            }
        }

        Assert.True(checkedCalls > 300, $"only {checkedCalls} calls were made");

        // Outside the signed-in routes: an invite naming the all-zero workspace and an anonymous share link.
        var invite = await owner.PostAsync($"/v1/invites/inv_{Guid.Empty:N}_{RandomToken()}/accept");
        Assert.True((int)invite.StatusCode < 500, $"an invite into the all-zero workspace answered {invite.StatusCode}");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/v1/workspaces/{Guid.Empty}")).StatusCode);
        Assert.Equal(before, await SnapshotAsync(owner, ws, application));
    }

    /// <summary>A well-formed body for the route, so what it answers is about the id, not the body.</summary>
    private static object BodyFor(string pattern)
        => pattern.EndsWith("/comments", StringComparison.Ordinal) ? new { body = "odd" }
            : pattern.Contains("/proposals", StringComparison.Ordinal) ? new { title = "odd" }
            : pattern.Contains("/shares", StringComparison.Ordinal) ? new { kind = "applications", id = Guid.NewGuid() }
            : pattern.Contains("/members/", StringComparison.Ordinal) ? new { role = "viewer" }
            : new { name = "renamed by a test" };

    /// <summary>Every route with an id among its parameters (API methods as declared; pages by GET).</summary>
    private static IEnumerable<(HttpMethod Method, string Pattern)> Routes(IServiceProvider services)
        => services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains('*', StringComparison.Ordinal)
                && e.RoutePattern.Parameters.Any(p => IdParameters.Contains(p.Name)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Where(m => m != HttpMethods.Head && m != HttpMethods.Options)
                .Select(m => (new HttpMethod(m), "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct();

    private static IEnumerable<string> OddSpellingsOf(Guid real)
    {
        yield return Guid.Empty.ToString();
        yield return Guid.Empty.ToString("N");
        yield return real.ToString("B");
        yield return real.ToString("N");
        yield return real.ToString().ToUpperInvariant();
        yield return Uri.EscapeDataString(" " + real);
        yield return Uri.EscapeDataString(real + "\u200b");
        yield return "not-an-id";
        yield return "-1";
        yield return new string('7', 2_000);
    }

    /// <summary>The route with <paramref name="value"/> as <paramref name="parameter"/>, the caller's workspace and random well-formed ids elsewhere.</summary>
    private static string Path(string pattern, Guid ws, string parameter, string value)
    {
        var path = pattern.Replace("{" + parameter + "}", "\0", StringComparison.Ordinal)
            .Replace("{ws}", ws.ToString(), StringComparison.Ordinal)
            .Replace("{kind}", "applications", StringComparison.Ordinal)
            .Replace("{token}", RandomToken(), StringComparison.Ordinal);
        foreach (var other in new[] { "{id}", "{proposalId}", "{accountId}" })
        {
            path = path.Replace(other, Guid.NewGuid().ToString(), StringComparison.Ordinal);
        }

        return path.Replace("\0", value, StringComparison.Ordinal).TrimEnd('/');
    }

    private static string RandomToken()
        => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Status, type and body, with what differs per request (a trace id, a form's antiforgery token) taken out.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && JsonNode.Parse(body) is JsonObject problem)
        {
            problem.Remove("traceId");
            body = problem.ToJsonString();
        }

        body = AntiforgeryToken().Replace(TraceParent().Replace(body, "trace"), "token");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body}";
    }

    private static async Task<string> SnapshotAsync(Identity.AccountClient owner, Guid ws, Guid application)
    {
        var snapshot = new JsonObject
        {
            ["application"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/applications/{application}"),
            ["members"] = await owner.GetNodeAsync($"/v1/workspaces/{ws}/members"),
            ["workspace"] = JsonNode.Parse(await (await owner.GetAsync($"/v1/workspaces/{ws}")).Content.ReadAsStringAsync()),
            ["keys"] = await owner.GetNodeAsync("/v1/me/api-keys"),
        };
        return snapshot.ToJsonString();
    }

    [GeneratedRegex("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}|[0-9A-Z]{13}:[0-9A-F]{8}")]
    private static partial Regex TraceParent();

    /// <summary>A page form's antiforgery token, encrypted afresh for every answer.</summary>
    [GeneratedRegex("(?<=name=\"__RequestVerificationToken\" type=\"hidden\" value=\")[^\"]+")]
    private static partial Regex AntiforgeryToken();
}
