using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Grains.Sharing;
using Albumi.Grains.Time;
using Albumi.Tests.Catalog;
using Albumi.Tests.Identity;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Workspaces;
using Albumi.Web.Auth;

namespace Albumi.Tests.Sharing;

public sealed class ShareLinkTests() : WebNodesTest
{
    private static readonly string[] NeverShared =
    [
        "endpoint", "authentication", "classification", "piiFlag", "pciFlag", "transformationNotes", "middlewareIds",
        "workspaceId", "acrId", "focusEntityId", "deletedAt", "createdByUserId", "createdBy", "changeId", "assigneeId", "version",
    ];

    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);

    protected override AlbumiClock? Clock => _clock;

    [Fact]
    public async Task ASharedAlbumOpensWithoutSignInShowingOnlyPublicFieldsUnderIdsThatCannotBeCorrelated()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var (_, memberId) = await owner.AddMemberAsync(ws, "editor", Node.CreateBareClient());
        var shop = await owner.CreateEntityAsync(ws, "applications", new { name = "Shop", assigneeId = memberId, gdprRelevant = true });
        var erp = await owner.CreateEntityAsync(ws, "applications", new { name = "ERP" });
        var bus = await owner.CreateEntityAsync(ws, "it-components", new { name = "Message bus" });
        var orders = await owner.CreateEntityAsync(ws, "data-objects", new { name = "Orders", piiFlag = true, pciFlag = true, classification = "confidential" });
        var flow = await owner.CreateEntityAsync(ws, "integrations", new
        {
            name = "Order flow",
            sourceApplicationId = shop.Id(),
            targetApplicationId = erp.Id(),
            transformationNotes = "maps VAT ids",
            middlewareIds = new[] { bus.Id() },
            dataObjectIds = new[] { orders.Id() },
        });
        var api = await owner.CreateEntityAsync(ws, "interfaces", new { name = "Orders API", integrationId = flow.Id(), endpoint = "https://erp.internal/api", authentication = "mTLS cert CN=erp" });
        var album = await owner.CreateEntityAsync(ws, "albums", new
        {
            name = "Order to cash",
            items = new object[] { new { kind = "applications", id = shop.Id() }, new { kind = "integrations", id = flow.Id() }, new { kind = "interfaces", id = api.Id() } },
        });
        var internalIds = new[] { ws, memberId, shop.Id(), erp.Id(), bus.Id(), orders.Id(), flow.Id(), api.Id(), album.Id() };

        var albumLink = await ShareAsync(owner, ws, "albums", album.Id());
        var flowLink = await ShareAsync(owner, ws, "integrations", flow.Id());
        var secondFlowLink = await ShareAsync(owner, ws, "integrations", flow.Id());
        var apiLink = await ShareAsync(owner, ws, "interfaces", api.Id());
        var anonymous = Node.CreateBareClient();

        var albumView = await ViewJsonAsync(anonymous, albumLink);
        var flowView = await ViewJsonAsync(anonymous, flowLink);
        var secondFlowView = await ViewJsonAsync(anonymous, secondFlowLink);
        var apiView = await ViewJsonAsync(anonymous, apiLink);

        Assert.Equal("Order to cash", albumView.Text("name"));
        Assert.Equal(["Shop", "Order flow", "Orders API"], albumView["items"]!.AsArray().Select(i => i.Text("name")));
        Assert.Equal("Shop", flowView["sourceApplicationId"].Text("name"));
        foreach (var view in new[] { albumView, flowView, secondFlowView, apiView })
        {
            var text = view.ToJsonString();
            Assert.All(internalIds, id => Assert.DoesNotContain(id.ToString(), text, StringComparison.OrdinalIgnoreCase));
            Assert.All(internalIds, id => Assert.DoesNotContain(id.ToString("N"), text, StringComparison.OrdinalIgnoreCase));
            Assert.Empty(Keys(view).Intersect(NeverShared));
            Assert.DoesNotContain("erp.internal", text, StringComparison.Ordinal);
            Assert.DoesNotContain("mTLS", text, StringComparison.Ordinal);
            Assert.DoesNotContain("VAT", text, StringComparison.Ordinal);
        }

        Assert.Equal(flowView.Text("id"), flowView.Text("id"));
        Assert.NotEqual(flowView.Text("id"), secondFlowView.Text("id"));
        Assert.NotEqual(flowView["sourceApplicationId"].Text("id"), secondFlowView["sourceApplicationId"].Text("id"));
        Assert.Equal(flowView.ToJsonString(), (await ViewJsonAsync(anonymous, flowLink)).ToJsonString());

        var html = await anonymous.GetAsync(new Uri(albumLink, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("Order to cash", page, StringComparison.Ordinal);
        Assert.DoesNotContain("erp.internal", page, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedExpiredDeletedAndRestrictedSharesAnswer404()
    {
        var owner = new AccountClient(Node.CreateBareClient());
        var (_, password) = await owner.RegisterAndSignInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var app = await owner.CreateEntityAsync(ws, "applications", new { name = "Portal" });
        var secret = await owner.CreateEntityAsync(ws, "data-objects", new { name = "Payroll", classification = "restricted" });
        var revoked = await ShareAsync(owner, ws, "applications", app.Id());
        var expiring = await ShareAsync(owner, ws, "applications", app.Id(), "1h");
        var forDeleted = await ShareAsync(owner, ws, "applications", app.Id());
        var restricted = await ShareAsync(owner, ws, "data-objects", secret.Id());
        var anonymous = Node.CreateBareClient();
        Assert.All(new[] { revoked, expiring, forDeleted, restricted }, link => Assert.Equal(HttpStatusCode.OK, anonymous.GetAsync(new Uri(link, UriKind.Relative)).Result.StatusCode));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/shares/{revoked[3..]}")).StatusCode);
        _clock.Advance(TimeSpan.FromHours(2));

        // Two hours on, the owner's sign-in is no longer a recent step-up, which a policy change needs.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync(StepUp.ReauthenticatePath, new { password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/v1/workspaces/{ws}/classification-policy", new { restricted = "admin" })).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(revoked, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(expiring, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(restricted, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(forDeleted, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/workspaces/{ws}/applications/{app.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(forDeleted, UriKind.Relative))).StatusCode);
        await owner.PostAsync($"/v1/workspaces/{ws}/applications/{app.Id()}/restore");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(forDeleted, UriKind.Relative))).StatusCode);

        // Two hours on, deleting the workspace needs the owner to confirm it is them (step-up) first.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync(StepUp.ReauthenticatePath, new { password })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await owner.DeleteAsync($"/v1/workspaces/{ws}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(forDeleted, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri("/s/AAAAAAAAAAAAAAAAAAAAAA", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri("/s/not-a-token", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task BadShareRequestsAreRefusedNamingTheField()
    {
        var owner = await SignedInAsync();
        var ws = (await owner.CreateWorkspaceAsync()).Id;
        var app = await owner.CreateEntityAsync(ws, "applications", new { name = "Portal" });

        var unknownKind = await owner.PostAsync($"/v1/workspaces/{ws}/shares", new { kind = "spaceships", id = app.Id() });
        var badExpiry = await owner.PostAsync($"/v1/workspaces/{ws}/shares", new { kind = "applications", id = app.Id(), expiresIn = "forever" });
        var missing = await owner.PostAsync($"/v1/workspaces/{ws}/shares", new { kind = "applications", id = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        Assert.True((await unknownKind.JsonObjectAsync())["errors"]!.AsObject().ContainsKey("kind"));
        Assert.True((await badExpiry.JsonObjectAsync())["errors"]!.AsObject().ContainsKey("expiresIn"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Empty((await owner.GetNodeAsync($"/v1/workspaces/{ws}/shares")).AsArray());
    }

    [Fact]
    public void AFieldAddedToAKindLaterIsNotSharedUntilMarkedPublic()
    {
        var extended = EntityKinds.Applications with
        {
            Fields = [.. EntityKinds.Applications.Fields, new FieldSpec("costCentre", FieldType.Text)],
        };
        var values = extended.Fields.ToDictionary(f => f.Name, f => f.Default());
        values["name"] = "Billing";
        values["costCentre"] = "CC-4711";
        var entity = new CatalogEntity(Guid.NewGuid(), extended, values, 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, Guid.NewGuid(), null);

        var view = ShareProjection.Project(entity, new Dictionary<Guid, (string, string)>(), new PublicIds(new byte[32]));

        Assert.Equal("Billing", view.Text("name"));
        Assert.False(view.ContainsKey("costCentre"));
        Assert.DoesNotContain("CC-4711", view.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<string> ShareAsync(AccountClient owner, Guid ws, string kind, Guid id, string? expiresIn = null)
    {
        var response = await owner.PostAsync($"/v1/workspaces/{ws}/shares", new { kind, id, expiresIn });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var url = (await response.JsonObjectAsync()).Text("url");
        Assert.Matches("^/s/[A-Za-z0-9_-]{22}$", url);
        return url;
    }

    private static async Task<JsonObject> ViewJsonAsync(HttpClient anonymous, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonObjectAsync();
    }

    private static IEnumerable<string> Keys(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Keys(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Keys),
        _ => [],
    };
}
