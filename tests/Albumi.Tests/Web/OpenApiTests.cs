using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Albumi.Tests.Identity.Oidc;
using Albumi.Tests.Infrastructure;

namespace Albumi.Tests.Web;

public sealed partial class OpenApiTests
{
    /// <summary>Where the suite leaves the document for the linter and the recorded-exchange check that run after it (scripts/test.sh).</summary>
    public static string DocumentFile => Path.Combine(OidcProviderFixture.RepositoryRoot(), "artifacts", "openapi", "v1.json");

    [Fact]
    public async Task EveryOperationDeclaresItsParametersSecurityAndErrorResponses()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = new AlbumiWebFactory(database.OwnerConnectionString);
        var text = await node.CreateBareClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Directory.CreateDirectory(Path.GetDirectoryName(DocumentFile)!);
        await File.WriteAllTextAsync(DocumentFile, text);
        var document = JsonDocument.Parse(text).RootElement;

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("cookie", schemes.GetProperty("sessionCookie").GetProperty("in").GetString());
        Assert.Equal("bearer", schemes.GetProperty("apiKey").GetProperty("scheme").GetString());

        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var what = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var op = operation.Value;
                var declared = op.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()).ToHashSet()
                    : [];
                foreach (var name in RouteParameter().Matches(path.Name).Select(m => m.Groups[1].Value))
                {
                    Assert.True(declared.Contains(name), $"{what} does not declare its path parameter {name}");
                }

                Assert.True(op.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, $"{what} has no tag");
                var responses = op.GetProperty("responses");
                Assert.True(responses.TryGetProperty("400", out _), $"{what} does not document 400");
                Assert.True(responses.TryGetProperty("503", out _), $"{what} does not document 503");
                foreach (var response in responses.EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')))
                {
                    Assert.True(response.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _),
                        $"{what} answers {response.Name} without a problem body");
                }

                if (op.TryGetProperty("security", out var security))
                {
                    Assert.True(responses.TryGetProperty("401", out _), $"{what} needs a caller but does not document 401");
                }

                if (path.Name.StartsWith("/v1/workspaces/{ws}", StringComparison.Ordinal))
                {
                    Assert.True(security.ValueKind == JsonValueKind.Array && security.GetArrayLength() == 2, $"{what} should accept the session cookie and an API key");
                }
            }
        }

        Assert.True(operations > 100, $"only {operations} operations");
        var sessions = document.GetProperty("paths").GetProperty("/v1/me/sessions").GetProperty("get");
        Assert.Equal("sessionCookie", Assert.Single(sessions.GetProperty("security").EnumerateArray()).EnumerateObject().Single().Name);
    }

    [Fact]
    public async Task TheCliIsBuiltAgainstTheDocumentTheServerServes()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = new AlbumiWebFactory(database.OwnerConnectionString);
        var served = JsonNode.Parse(await node.CreateBareClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!.ToJsonString();
        var cliCopy = Path.Combine(OidcProviderFixture.RepositoryRoot(), "src", "Albumi.Cli", "Api", "openapi.v1.json");

        // When this fails: copy artifacts/openapi/v1.json over the CLI's copy and run scripts/generate-client.sh.
        Assert.True(served == JsonNode.Parse(await File.ReadAllTextAsync(cliCopy))!.ToJsonString(),
            $"The API document changed but the CLI's client was not regenerated: copy artifacts/openapi/v1.json to {cliCopy} and run scripts/generate-client.sh.");
    }

    [GeneratedRegex("{([^}:?]+)[^}]*}")]
    private static partial Regex RouteParameter();
}
