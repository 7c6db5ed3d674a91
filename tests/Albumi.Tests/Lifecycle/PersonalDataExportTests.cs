using System.Net;
using Albumi.Tests.Catalog;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;

namespace Albumi.Tests.Lifecycle;

public sealed class PersonalDataExportTests() : WebNodesTest
{
    [Fact]
    public async Task TheExportHoldsEverythingAboutTheAccountButNoSecretAndNeedsASession()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync("Mine")).Id;
        var app = await owner.CreateEntityAsync(ws, "applications", new { name = "Portal" });
        await owner.PostAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/comments", new { body = "my own words" });
        var created = await (await owner.PostAsync("/v1/me/api-keys", new { name = "ci", expiresIn = "30d" })).JsonObjectAsync();
        var key = created.Text("key");

        var response = await owner.GetAsync("/v1/me/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var export = await response.JsonObjectAsync();
        var me = await owner.GetNodeAsync("/v1/me");
        Assert.Equal(me.Text("email"), export["account"].Text("email"));
        Assert.Contains(export["memberships"]!.AsArray(), m => m.Text("workspaceId") == ws.ToString());
        Assert.Contains(export["sessions"]!.AsArray(), s => s.Text("userAgent").Contains("Chrome", StringComparison.Ordinal));
        Assert.Contains(export["comments"]!.AsArray(), c => c.Text("body") == "my own words");
        Assert.Contains(export["apiKeys"]!.AsArray(), k => k.Text("prefix") == created.Text("prefix"));
        Assert.Contains(export["securityEvents"]!.AsArray(), e => e.Text("type") == "sign-in");
        var text = export.ToJsonString();
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(owner.SessionCookieValue!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Albumi.Tests.Identity.SessionCookies.SecretIn(Node.Services, owner.SessionCookieValue!), text, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal);

        Assert.NotEqual(HttpStatusCode.OK, (await owner.WithKey(key).GetAsync("/v1/me/export")).StatusCode);
    }
}
