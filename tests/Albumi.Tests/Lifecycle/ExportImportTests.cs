using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Identity.Oidc;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Workspaces;

namespace Albumi.Tests.Lifecycle;

public sealed class ExportImportTests() : WebNodesTest
{
    [Fact]
    public async Task AnExportIsValidAgainstItsPublishedSchemaAndSurvivesARoundTripThroughImport()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync("Source")).Id;
        var (_, _) = await owner.AddMemberAsync(ws, "editor", Node.CreateBareClient());
        await SeedCatalogueAsync(owner, ws);
        await owner.SendAsync(HttpMethod.Put, $"/v1/workspaces/{ws}/classification-policy", new { restricted = "admin" });

        var exported = await ExportAsync(owner, ws);
        await AssertValidAsync(exported);

        var import = await owner.PostAsync("/v1/workspaces/import", JsonNode.Parse(exported));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var created = await import.JsonObjectAsync();
        var copy = Guid.Parse(created["workspace"]!.Text("id"));
        Assert.NotEqual(ws, copy);
        var invite = Assert.Single(created["invites"]!.AsArray());
        Assert.Equal("editor", invite.Text("role"));
        Assert.Contains(await owner.GetJsonAsync<List<WorkspaceResponse>>("/v1/workspaces"), w => w.Id == copy && w.Role == "owner");

        var history = (await owner.GetNodeAsync($"/v1/workspaces/{copy}/activity?limit=200")).AsArray();
        var imported = history.Where(a => a.Text("changeType") == "imported").ToList();
        Assert.Equal(JsonNode.Parse(exported)!["entities"]!.AsArray().Count, imported.Count);
        Assert.Equal(history.Count, imported.Count);
        Assert.All(imported, a => Assert.Empty(a!["changes"]!.AsArray()));
        Assert.DoesNotContain("OAuth2", history.ToJsonString(), StringComparison.Ordinal);

        var reexported = await ExportAsync(owner, copy);
        await AssertValidAsync(reexported);
        Assert.Equal(Normalise(exported), Normalise(reexported));
    }

    [Fact]
    public async Task AnImportThatBreaksTheSchemaAnswers400WithTheJsonPathAndCreatesNothing()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync("Source")).Id;
        await SeedCatalogueAsync(owner, ws);
        var document = JsonNode.Parse(await ExportAsync(owner, ws))!.AsObject();
        var entities = document["entities"]!.AsArray();
        entities[1]!["name"] = 42;
        var integration = entities.First(e => e.Text("kind") == "integrations")!;
        integration["sourceApplicationId"] = Guid.NewGuid().ToString();
        var before = (await owner.GetJsonAsync<List<WorkspaceResponse>>("/v1/workspaces")).Count;

        var response = await owner.PostAsync("/v1/workspaces/import", document);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonObjectAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("$.entities[1].name"), errors.ToJsonString());
        Assert.True(errors.ContainsKey($"$.entities[{entities.IndexOf(integration)}].sourceApplicationId"), errors.ToJsonString());
        Assert.Equal(before, (await owner.GetJsonAsync<List<WorkspaceResponse>>("/v1/workspaces")).Count);

        // Cut short, trailing garbage, nested too deep: each is a 400 naming the document, never a 500.
        var whole = document.ToJsonString();
        foreach (var broken in new[] { whole[..(whole.Length / 2)], whole + " {}", new string('[', 100) + new string(']', 100) })
        {
            using var malformed = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/workspaces/import", UriKind.Relative)) { Content = new StringContent(broken, Encoding.UTF8, "application/json") };
            malformed.Headers.Add("Cookie", $"{Albumi.Web.Auth.SessionCookie.PlainName}={owner.SessionCookieValue}");
            malformed.Headers.Add("Origin", AccountClient.Origin);
            var refused = await owner.Http.SendAsync(malformed);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.JsonObjectAsync())["errors"]!.AsObject().ContainsKey("$"));
        }

        Assert.Equal(before, (await owner.GetJsonAsync<List<WorkspaceResponse>>("/v1/workspaces")).Count);

        var tooLarge = new ByteArrayContent(new byte[Albumi.Web.Lifecycle.ExportEndpoints.MaxImportBytes + 1]);
        tooLarge.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/workspaces/import", UriKind.Relative)) { Content = tooLarge };
        request.Headers.Add("Cookie", $"{Albumi.Web.Auth.SessionCookie.PlainName}={owner.SessionCookieValue}");
        request.Headers.Add("Origin", AccountClient.Origin);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await owner.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task AnErrorFoundAfterEarlierRowsWereWrittenRollsTheWholeImportBack()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync("Source")).Id;
        await SeedCatalogueAsync(owner, ws);
        var document = JsonNode.Parse(await ExportAsync(owner, ws))!.AsObject();
        var entities = document["entities"]!.AsArray();
        var template = entities.First(e => e.Text("kind") == "capabilities")!.AsObject();
        var added = new List<JsonObject>();
        for (var i = 0; i < 2500; i++)
        {
            var capability = template.DeepClone().AsObject();
            capability["id"] = Guid.NewGuid().ToString();
            capability["name"] = $"Capability {i}";
            capability.Remove("parentId");
            added.Add(capability);
            entities.Add(capability);
        }

        // Two entities far past the first thousand-row insert: one breaks a rule, and the last two form a cycle, which
        // can only be known once every entity has been read.
        added[1800]["name"] = 42;
        added[^2]["parentId"] = added[^1].Text("id");
        added[^1]["parentId"] = added[^2].Text("id");
        var (workspacesBefore, rowsBefore) = (await WorkspaceRows.CountAsync(Database, "workspaces"), await WorkspaceRows.CountAsync(Database, "entities"));

        var response = await owner.PostAsync("/v1/workspaces/import", document);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonObjectAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey($"$.entities[{entities.IndexOf(added[1800])}].name"), errors.ToJsonString());
        Assert.Contains(errors, e => e.Key.EndsWith(".parentId", StringComparison.Ordinal));
        Assert.Equal(workspacesBefore, await WorkspaceRows.CountAsync(Database, "workspaces"));
        Assert.Equal(rowsBefore, await WorkspaceRows.CountAsync(Database, "entities"));
    }

    [Fact]
    public async Task AViewerCannotExportAndTheExportLeavesOutWhatTheExportersRoleMayNotSee()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync("Source")).Id;
        var (admin, _) = await owner.AddMemberAsync(ws, "admin", Node.CreateBareClient());
        var (viewer, _) = await owner.AddMemberAsync(ws, "viewer", Node.CreateBareClient());
        var secret = await owner.CreateEntityAsync(ws, "data-objects", new { name = "Board minutes", classification = "restricted" });
        await owner.PostAsync($"/v1/workspaces/{ws}/data-objects/{secret.Id()}/comments", new { body = "top secret remark" });
        await owner.SendAsync(HttpMethod.Put, $"/v1/workspaces/{ws}/classification-policy", new { restricted = "owner" });

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v1/workspaces/{ws}/export")).StatusCode);
        var byAdmin = await ExportAsync(admin, ws);
        Assert.DoesNotContain("Board minutes", byAdmin, StringComparison.Ordinal);
        Assert.DoesNotContain("top secret", byAdmin, StringComparison.Ordinal);
        Assert.Contains("Board minutes", await ExportAsync(owner, ws), StringComparison.Ordinal);
    }

    internal static async Task SeedCatalogueAsync(AccountClient owner, Guid ws)
    {
        var org = await owner.CreateEntityAsync(ws, "organisations", new { name = "HQ" });
        var cap = await owner.CreateEntityAsync(ws, "capabilities", new { name = "Sell" });
        var sub = await owner.CreateEntityAsync(ws, "capabilities", new { name = "Quote", parentId = cap.Id() });
        var shop = await owner.CreateEntityAsync(ws, "applications", new { name = "Shop", organisationId = org.Id(), capabilityIds = new[] { cap.Id(), sub.Id() }, gdprRelevant = true });
        var erp = await owner.CreateEntityAsync(ws, "applications", new { name = "ERP", status = "phasing-out" });
        var bus = await owner.CreateEntityAsync(ws, "it-components", new { name = "Bus", vendor = "Acme", endOfLife = "2030-12-31" });
        var orders = await owner.CreateEntityAsync(ws, "data-objects", new { name = "Orders", piiFlag = true, classification = "confidential" });
        var flow = await owner.CreateEntityAsync(ws, "integrations", new
        {
            name = "Orders",
            sourceApplicationId = shop.Id(),
            targetApplicationId = erp.Id(),
            middlewareIds = new[] { bus.Id() },
            dataObjectIds = new[] { orders.Id() },
            transformationNotes = "line 1\nline 2",
        });
        await owner.CreateEntityAsync(ws, "interfaces", new { name = "REST", integrationId = flow.Id(), endpoint = "https://erp/api", authentication = "OAuth2" });
        await owner.CreateEntityAsync(ws, "initiatives", new { name = "Cloud", startDate = "2027-01-01", endDate = "2027-12-31", applicationIds = new[] { erp.Id() } });
        await owner.CreateEntityAsync(ws, "albums", new { name = "Core", items = new object[] { new { kind = "applications", id = shop.Id() }, new { kind = "integrations", id = flow.Id() } } });
        var gone = await owner.CreateEntityAsync(ws, "applications", new { name = "Deleted one" });
        await owner.DeleteAsync($"/v1/workspaces/{ws}/applications/{gone.Id()}");
        await owner.PostAsync($"/v1/workspaces/{ws}/applications/{shop.Id()}/comments", new { body = "Shop goes first" });
        await owner.PostAsync($"/v1/workspaces/{ws}/integrations/{flow.Id()}/comments", new { body = "Check VAT mapping" });
    }

    internal static async Task<string> ExportAsync(AccountClient client, Guid ws)
    {
        var response = await client.GetAsync($"/v1/workspaces/{ws}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The document with every id replaced by its order of first appearance, and the volatile parts dropped.</summary>
    private static string Normalise(string document)
    {
        var json = JsonNode.Parse(document)!.AsObject();
        json.Remove("exportedAt");
        json["workspace"]!.AsObject().Remove("id");
        // Members come back as invites (never silent grants): compare who and with which role, not their status.
        var members = json["members"]!.AsArray().Select(m => m!.DeepClone().AsObject()).OrderBy(m => m.Text("email"), StringComparer.Ordinal).ToList();
        members.ForEach(m => m.Remove("status"));
        json["members"] = new JsonArray([.. members]);

        var ids = new Dictionary<string, string>();
        var text = json.ToJsonString();
        return System.Text.RegularExpressions.Regex.Replace(
            text, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            m => ids.TryGetValue(m.Value, out var n) ? n : ids[m.Value] = $"id{ids.Count}");
    }

    /// <summary>Validates with ajv from npm against the schema the node publishes, not against anything of ours.</summary>
    private async Task AssertValidAsync(string document)
    {
        var schema = await Node.CreateBareClient().GetAsync(new Uri("/schemas/workspace-export.v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, schema.StatusCode);
        Assert.Equal("application/schema+json", schema.Content.Headers.ContentType!.MediaType);
        var folder = Path.Combine(OidcProviderFixture.RepositoryRoot(), "tests", "node");
        await OidcProviderFixture.InstallAsync(folder);
        var schemaFile = Path.GetTempFileName();
        var documentFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(schemaFile, await schema.Content.ReadAsStringAsync());
            await File.WriteAllTextAsync(documentFile, document, new UTF8Encoding(false));
            var startInfo = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            startInfo.ArgumentList.Add("validate-export.mjs");
            startInfo.ArgumentList.Add(schemaFile);
            startInfo.ArgumentList.Add(documentFile);
            using var process = Process.Start(startInfo)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0 && output.Trim() == "valid", $"ajv: {output} {error}");
        }
        finally
        {
            File.Delete(schemaFile);
            File.Delete(documentFile);
        }
    }
}
