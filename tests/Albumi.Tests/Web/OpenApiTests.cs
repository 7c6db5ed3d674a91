using System.Text.Json;
using Albumi.Tests.Infrastructure;

namespace Albumi.Tests.Web;

public sealed class OpenApiTests
{
    [Fact]
    public async Task TheWholeApiIsPublishedAsAnOpenApiDocument()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var node = new AlbumiWebFactory(database.OwnerConnectionString);

        var document = JsonDocument.Parse(await node.CreateBareClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[]
                 {
                     "/auth/providers", "/auth/signin/{provider}", "/auth/password/register", "/auth/password/signin", "/auth/signout",
                     "/auth/signout-all", "/v1/me", "/v1/me/sessions", "/v1/me/sessions/{id}", "/v1/me/login-history", "/v1/me/security-alerts",
                     "/v1/workspaces", "/v1/workspaces/{ws}", "/v1/workspaces/{ws}/members", "/v1/workspaces/{ws}/invites",
                     "/v1/invites/{token}/accept", "/v1/workspaces/{ws}/members/{accountId}", "/v1/workspaces/{ws}/transfer-ownership",
                     "/v1/workspaces/{ws}/audit",
                 })
        {
            Assert.Contains(expected, paths);
        }
    }
}
