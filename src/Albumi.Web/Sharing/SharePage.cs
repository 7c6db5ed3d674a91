using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Albumi.Grains.Sharing;
using Albumi.Web.Problems;

namespace Albumi.Web.Sharing;

/// <summary>
/// <c>GET /s/{token}</c>: the anonymised view of a shared entity, without sign-in. HTML for people, JSON for
/// <c>Accept: application/json</c>. Every failure (bad, revoked or expired token, deleted, hidden) is the same 404.
/// </summary>
public static class SharePage
{
    public static IEndpointRouteBuilder MapSharePage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/s/{token}", ShowAsync).WithTags("Sharing").AllowAnonymous()
            .Produces(StatusCodes.Status200OK, contentType: "text/html").Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json");
        return endpoints;
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext http, ShareStore store)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Robots-Tag"] = "noindex, nofollow";
        headers["X-Content-Type-Options"] = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        var view = await store.ResolveAsync(token);
        var wantsJson = http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
        if (view is null)
        {
            return wantsJson ? Problem.NotFound("share link") : Results.Content(Html("Not found", "<p>This link does not exist, has expired or was revoked.</p>"), "text/html; charset=utf-8", Encoding.UTF8, 404);
        }

        return wantsJson ? TypedResults.Ok(view) : Results.Content(Html(view["name"]?.GetValue<string>() ?? "Shared", Render(view)), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string Render(JsonObject view)
    {
        var html = new StringBuilder();
        html.Append("<dl>");
        foreach (var (name, value) in view.Where(p => p.Key is not "id"))
        {
            html.Append("<dt>").Append(Encode(name)).Append("</dt><dd>").Append(RenderValue(value)).Append("</dd>");
        }

        return html.Append("</dl>").ToString();
    }

    private static string RenderValue(JsonNode? value) => value switch
    {
        null => "—",
        JsonArray list => list.Count == 0 ? "—" : "<ul>" + string.Concat(list.Select(i => "<li>" + RenderValue(i) + "</li>")) + "</ul>",
        JsonObject reference => $"{Encode(reference["name"]?.GetValue<string>() ?? "")} <small>({Encode(reference["kind"]?.GetValue<string>() ?? "")})</small>",
        _ => Encode(value.ToString()),
    };

    private static string Html(string title, string body)
        => $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           + $"<title>{Encode(title)} · shared from Albumi</title><link rel=\"stylesheet\" href=\"/app.css\"></head>"
           + $"<body><header><span class=\"brand\">Shared from Albumi</span></header><main><h1>{Encode(title)}</h1>{body}</main></body></html>";

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
