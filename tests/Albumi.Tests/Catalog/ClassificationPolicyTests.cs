using System.Net;
using System.Text.Json.Nodes;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;

namespace Albumi.Tests.Catalog;

public sealed class ClassificationPolicyTests() : WebNodesTest
{
    [Fact]
    public async Task ARestrictedDataObjectIsAbsentForAViewerInReadsListsActivityCommentsAlbumsAndNotifications()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (viewer, viewerId) = await owner.AddMemberAsync(ws, "viewer", Node.CreateBareClient());
        var secret = await owner.CreateEntityAsync(ws, "data-objects", new { name = "Card numbers", classification = "restricted", pciFlag = true });
        var open = await owner.CreateEntityAsync(ws, "data-objects", new { name = "Country codes", classification = "public" });
        var album = await owner.CreateEntityAsync(ws, "albums", new { name = "Payments", items = new object[] { new { kind = "data-objects", id = secret.Id() }, new { kind = "data-objects", id = open.Id() } } });
        await owner.PostAsync($"/v1/workspaces/{ws}/data-objects/{secret.Id()}/comments", new { body = "rotate keys", mentions = new[] { viewerId } });
        var path = $"/v1/workspaces/{ws}/data-objects/{secret.Id()}";
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(path)).StatusCode);

        var set = await owner.SendAsync(HttpMethod.Put, $"/v1/workspaces/{ws}/classification-policy", new { restricted = "admin", confidential = "editor" });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(path + "/activity")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(path + "/comments")).StatusCode);
        var list = (await viewer.GetNodeAsync($"/v1/workspaces/{ws}/data-objects"))["items"]!.AsArray();
        Assert.Equal([open.Id()], list.Select(e => e!.Id()));
        var feed = (await viewer.GetNodeAsync($"/v1/workspaces/{ws}/activity")).ToJsonString();
        Assert.DoesNotContain(secret.Id().ToString(), feed, StringComparison.Ordinal);
        Assert.Contains(open.Id().ToString(), feed, StringComparison.Ordinal);
        Assert.Empty((await viewer.GetNodeAsync($"/v1/workspaces/{ws}/notifications")).AsArray());
        var albumSeen = (await viewer.GetNodeAsync($"/v1/workspaces/{ws}/albums/{album.Id()}"))["items"]!.AsArray();
        Assert.Equal([open.Id()], albumSeen.Select(i => i!.Id()));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(path)).StatusCode);
        Assert.Contains(secret.Id().ToString(), (await owner.GetNodeAsync($"/v1/workspaces/{ws}/activity")).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEditorCannotClassifyAboveWhatTheyMaySeeNorReferenceHiddenEntitiesAndOnlyAdminsSetThePolicy()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (editor, _) = await owner.AddMemberAsync(ws, "editor", Node.CreateBareClient());
        var hidden = await owner.CreateEntityAsync(ws, "data-objects", new { name = "Salaries", classification = "restricted" });
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/v1/workspaces/{ws}/classification-policy", new { restricted = "admin" })).StatusCode);

        var forbiddenPolicy = await editor.SendAsync(HttpMethod.Put, $"/v1/workspaces/{ws}/classification-policy", new { restricted = "viewer" });
        var classifyUp = await editor.PostAsync($"/v1/workspaces/{ws}/data-objects", new { name = "x", classification = "restricted" });
        var album = await editor.PostAsync($"/v1/workspaces/{ws}/albums", new { name = "peek", items = new object[] { new { kind = "data-objects", id = hidden.Id() } } });
        var badPolicy = await owner.SendAsync(HttpMethod.Put, $"/v1/workspaces/{ws}/classification-policy", new { restricted = "nobody", secret = "admin" });

        Assert.Equal(HttpStatusCode.Forbidden, forbiddenPolicy.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, classifyUp.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, album.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPolicy.StatusCode);
        var errors = (await badPolicy.JsonObjectAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("restricted") && errors.ContainsKey("secret"));
        Assert.Equal("admin", (await editor.GetNodeAsync($"/v1/workspaces/{ws}/classification-policy")).Text("restricted"));
        Assert.Empty((await editor.GetNodeAsync($"/v1/workspaces/{ws}/data-objects"))["items"]!.AsArray());
    }

    [Fact]
    public async Task AnEditorsChangeToAListKeepsTheHiddenEntriesTheyCouldNotSee()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (editor, _) = await owner.AddMemberAsync(ws, "editor", Node.CreateBareClient());
        var hidden = await owner.CreateEntityAsync(ws, "data-objects", new { name = "Salaries", classification = "restricted" });
        var open = await owner.CreateEntityAsync(ws, "data-objects", new { name = "Holidays", classification = "internal" });
        var album = await owner.CreateEntityAsync(ws, "albums", new { name = "HR", items = new object[] { new { kind = "data-objects", id = hidden.Id() } } });
        await owner.SendAsync(HttpMethod.Put, $"/v1/workspaces/{ws}/classification-policy", new { restricted = "admin" });

        var edit = await editor.PatchAsync($"/v1/workspaces/{ws}/albums/{album.Id()}", new { items = new object[] { new { kind = "data-objects", id = open.Id() } } });

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal([open.Id()], (await edit.JsonObjectAsync())["items"]!.AsArray().Select(i => i!.Id()));
        var ownerView = (await owner.GetNodeAsync($"/v1/workspaces/{ws}/albums/{album.Id()}"))["items"]!.AsArray();
        Assert.Equal(new[] { open.Id(), hidden.Id() }.Order(), ownerView.Select(i => i!.Id()).Order());
        var editorHistory = (await editor.GetNodeAsync($"/v1/workspaces/{ws}/albums/{album.Id()}/activity")).ToJsonString();
        Assert.DoesNotContain(hidden.Id().ToString(), editorHistory, StringComparison.Ordinal);
    }
}
