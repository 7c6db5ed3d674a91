using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Albumi.Tests.Identity;

namespace Albumi.Tests.Catalog;

/// <summary>Intent methods for catalogue tests: create, read and change entities as JSON.</summary>
public static class CatalogClient
{
    public static async Task<JsonObject> CreateEntityAsync(this AccountClient client, Guid workspace, string kind, object body, Guid? proposal = null)
    {
        var response = await client.PostAsync($"/v1/workspaces/{workspace}/{kind}{(proposal is null ? "" : $"?proposal={proposal}")}", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating {kind} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.JsonObjectAsync();
    }

    public static async Task<JsonObject> JsonObjectAsync(this HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonArray> JsonArrayAsync(this HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonArray>())!;

    public static async Task<JsonNode> GetNodeAsync(this AccountClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public static Task<HttpResponseMessage> PatchAsync(this AccountClient client, string path, object body) => client.SendAsync(HttpMethod.Patch, path, body);

    public static Guid Id(this JsonNode entity) => Guid.Parse(entity["id"]!.GetValue<string>());

    public static string Text(this JsonNode? node, string field) => node![field]!.GetValue<string>();
}
