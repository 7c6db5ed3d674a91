using Albumi.Web.Problems;

namespace Albumi.Web.Auth;

/// <summary>
/// Anti-forgery for cookie-authenticated requests, on top of SameSite=Lax: a state-changing request that carries the
/// session cookie (or signs in, against login CSRF, or sets the theme, which needs no sign-in) must come from this
/// site's own origin, told by <c>Origin</c> (or, where a form post says <c>Origin: null</c>, <c>Sec-Fetch-Site</c>; or
/// <c>Referer</c> when a browser sends no Origin). API-key requests carry no cookie and are not affected.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            await next(context);
            return;
        }

        var carriesCookie = request.Headers.Authorization.Count == 0 && SessionCookie.Read(request) is not null;
        var signsIn = request.Path.StartsWithSegments("/auth", StringComparison.OrdinalIgnoreCase);
        var setsTheme = request.Path.StartsWithSegments("/appearance", StringComparison.OrdinalIgnoreCase);
        if ((carriesCookie || signsIn || setsTheme) && !ComesFromOwnOrigin(request, requireEvidence: carriesCookie))
        {
            context.Response.Headers.CacheControl = "no-store";
            await Problem.Create(
                StatusCodes.Status403Forbidden,
                ProblemTypes.CrossSiteRequest,
                "Cross-site request refused.",
                "A state-changing request with a session cookie must come from this site (Origin header).").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool ComesFromOwnOrigin(HttpRequest request, bool requireEvidence)
    {
        var own = $"{request.Scheme}://{request.Host}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && origin != "null")
        {
            return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase);
        }

        // A browser's plain form post under this site's Referrer-Policy: no-referrer says "Origin: null" and sends no
        // Referer; its Sec-Fetch-Site, which no page can set, still tells whether the form was this site's own.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site == "same-origin";
        }

        if (origin.Length > 0)
        {
            return false;
        }

        var referer = request.Headers.Referer.ToString();
        if (referer.Length > 0)
        {
            return Uri.TryCreate(referer, UriKind.Absolute, out var uri)
                   && string.Equals(uri.GetLeftPart(UriPartial.Authority), own, StringComparison.OrdinalIgnoreCase);
        }

        return !requireEvidence;
    }
}
