using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Albumi.Silo.Hosting;

/// <summary>
/// A request's path as logs and traces may show it: the route values that are secrets (an invite's or a share link's
/// token, <c>{token}</c> in every route that takes one) replaced by their parameter's name, so
/// <c>/s/NdYBWvy2…</c> is written <c>/s/{token}</c>. Anyone who reads a log must not be able to use what it names.
/// </summary>
public static class RedactedRequestPath
{
    private const string SecretRouteValue = "token";

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? "";

        // An exception handler runs with the route values cleared; the ones the request had are kept on its feature.
        var routeValues = context.Features.Get<IExceptionHandlerFeature>()?.RouteValues ?? context.Request.RouteValues;
        return routeValues.TryGetValue(SecretRouteValue, out var value) && value is string { Length: > 0 } secret
            ? path.Replace(secret, "{" + SecretRouteValue + "}", StringComparison.Ordinal)
            : path;
    }

    /// <summary>
    /// Whether the request's address holds a secret, which a page must not write back into itself (a way back, a
    /// returnUrl) either: a secret route value in its path, or something shaped like an API key anywhere in the address
    /// (a key in the query string is refused, a key in the path finds nothing, but either answer is still a page).
    /// </summary>
    public static bool HoldsSecret(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return Of(context) != (request.Path.Value ?? "")
               || Albumi.Grains.ApiKeys.ApiKeyFormat.ContainsKey(Uri.UnescapeDataString(request.Path.Value ?? "") + Uri.UnescapeDataString(request.QueryString.Value ?? ""));
    }

    /// <summary>Overwrites the path ASP.NET Core's instrumentation put on the request's span when the request started (before routing).</summary>
    internal static void OnSpan(Activity activity, HttpResponse response) => activity.SetTag("url.path", Of(response.HttpContext));
}
