using System.Text.Json;
using System.Text.Json.Nodes;
using Albumi.Grains.Catalog;
using Albumi.Grains.Sharing;
using Albumi.Web.Auth;
using Albumi.Web.Catalog;
using Albumi.Web.Workspaces;

namespace Albumi.Web.Sharing;

/// <summary>
/// <c>/v1/workspaces/{ws}/shares</c>: create (the token is shown once), list and revoke share links. A link is anonymous
/// access that outlives the credential that made it, so creating one needs a recent step-up or a key with the admin scope
/// (a write key, handed to content automation, may not); listing and revoking do not.
/// </summary>
public static class ShareEndpoints
{
    private static readonly Dictionary<string, TimeSpan?> Lifetimes = new(StringComparer.Ordinal)
    {
        ["1h"] = TimeSpan.FromHours(1),
        ["1d"] = TimeSpan.FromDays(1),
        ["7d"] = TimeSpan.FromDays(7),
        ["30d"] = TimeSpan.FromDays(30),
        ["90d"] = TimeSpan.FromDays(90),
        ["1y"] = TimeSpan.FromDays(365),
        ["never"] = null,
    };

    /// <summary>The lifetimes a share link may be given (<c>expiresIn</c>), as the API document lists them.</summary>
    public static IEnumerable<string> LifetimeNames => Lifetimes.Keys;

    public static RouteGroupBuilder MapShareEndpoints(this RouteGroupBuilder workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var shares = workspace.MapGroup("/shares").WithTags("Sharing");
        shares.MapPost("/", CreateAsync).RequirePermission(Permission.ShareCreate).WithMetadata(new RequiresScope(ApiKeyScope.Admin)).RequireStepUpOrAdminKey();
        shares.MapGet("/", ListAsync).RequirePermission(Permission.ShareCreate);
        shares.MapDelete("/{token}", RevokeAsync).RequirePermission(Permission.ShareCreate);
        return workspace;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ShareStore store)
    {
        var actor = CatalogEndpoints.Actor(http);
        var body = await JsonBody.ReadAsync(http.Request);
        var (kind, id, validFor) = Parse(body);
        var (link, token) = await store.CreateAsync(actor, kind, id, validFor);
        var json = Json(link);
        json["token"] = token;
        json["url"] = $"/s/{token}";
        return TypedResults.Created($"/s/{token}", json);
    }

    private static async Task<IResult> ListAsync(HttpContext http, ShareStore store)
        => TypedResults.Ok(new JsonArray([.. (await store.ListAsync(CatalogEndpoints.Actor(http))).Select(l => (JsonNode)Json(l))]));

    private static async Task<IResult> RevokeAsync(string token, HttpContext http, ShareStore store)
    {
        await store.RevokeAsync(CatalogEndpoints.Actor(http), token);
        return TypedResults.NoContent();
    }

    private static (EntityKind Kind, Guid Id, TimeSpan? ValidFor) Parse(JsonElement body)
    {
        var errors = new CatalogErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw CatalogValidationException.For("$", "Expected {kind, id, expiresIn?}.");
        }

        EntityKind? kind = null;
        if (!body.TryGetProperty("kind", out var kindValue) || kindValue.ValueKind != JsonValueKind.String || !EntityKinds.TryFind(kindValue.GetString(), out kind))
        {
            errors.Add("kind", $"Expected one of: {string.Join(", ", EntityKinds.All.Select(k => k.Segment))}.");
        }

        var id = Guid.Empty;
        if (!body.TryGetProperty("id", out var idValue) || idValue.ValueKind != JsonValueKind.String || !Guid.TryParseExact(idValue.GetString(), "D", out id))
        {
            errors.Add("id", "Expected the id of the entity to share.");
        }

        TimeSpan? validFor = null;
        if (body.TryGetProperty("expiresIn", out var expires) && expires.ValueKind != JsonValueKind.Null
            && (expires.ValueKind != JsonValueKind.String || !Lifetimes.TryGetValue(expires.GetString()!, out validFor)))
        {
            errors.Add("expiresIn", $"Expected one of: {string.Join(", ", Lifetimes.Keys)}.");
        }

        foreach (var property in body.EnumerateObject().Where(p => p.Name is not "kind" and not "id" and not "expiresIn"))
        {
            errors.Add(property.Name, $"A share has no field {property.Name}.");
        }

        errors.ThrowIfAny();
        return (kind!, id, validFor);
    }

    private static JsonObject Json(ShareLink link) => new()
    {
        ["id"] = link.Id.ToString("D"),
        ["kind"] = link.Kind,
        ["entityId"] = link.EntityId.ToString("D"),
        ["entityName"] = link.EntityName,
        ["createdBy"] = link.CreatedBy?.ToString("D"),
        ["createdAt"] = link.CreatedAt,
        ["expiresAt"] = link.ExpiresAt,
        ["revokedAt"] = link.RevokedAt,
    };
}
