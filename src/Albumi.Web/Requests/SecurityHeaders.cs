namespace Albumi.Web.Requests;

/// <summary>
/// Headers every response carries: a Content-Security-Policy that allows no inline script and no framing, no MIME
/// sniffing, no referrer leaving the site, and HSTS when the request came over HTTPS. A handler may set a stricter
/// policy of its own (the share page does); it is not overwritten.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference page's policy: its scripts only with this response's nonce; inline styles allowed, since the
    /// renderer sets style attributes (which a nonce cannot cover). Everything else as <see cref="ContentSecurityPolicy"/>.
    /// </summary>
    public static string ApiReferencePolicy(string nonce)
        => $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
        => app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.TryAdd("Content-Security-Policy", OpenApi.ApiReferencePage.Nonce(context) is { } nonce ? ApiReferencePolicy(nonce) : ContentSecurityPolicy);
                headers.TryAdd("X-Content-Type-Options", "nosniff");
                headers.TryAdd("Referrer-Policy", "no-referrer");
                headers.TryAdd("X-Frame-Options", "DENY");
                headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
                if (context.Request.IsHttps)
                {
                    headers.TryAdd("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
                }

                return Task.CompletedTask;
            });
            await next();
        });
}
