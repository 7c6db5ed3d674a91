using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Albumi.Web.Problems;

/// <summary>
/// The one way a browser sees an error: every problem response (from an endpoint, a page's refusal, the status code
/// pages or the exception handler) to a request that accepts <c>text/html</c> is shown as the error page
/// (<c>Pages/Errors/Error.cshtml</c>, in the app's layout, same status), and a browser's GET answered 401 not-signed-in is sent to sign
/// in with a return address. Requests that do not accept HTML (the API's clients, the pages' own scripts) get the
/// problem document exactly as before.
/// </summary>
public static class BrowserErrorPages
{
    /// <summary>Where the error page renders: the request is run again at this path, as status code pages re-execute.</summary>
    public const string PagePath = "/errors/page";

    // WebApplication routes once, before every middleware; the run again for the page routes anew (as the exception
    // handler's re-execution does), with the app's own endpoints.
    private const string GlobalRouteBuilderKey = "__GlobalEndpointRouteBuilder";

    public static IApplicationBuilder UseBrowserErrorPages(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(next =>
        {
            var again = app.New();
            if (app.Properties.TryGetValue(GlobalRouteBuilderKey, out var routes))
            {
                again.Properties[GlobalRouteBuilderKey] = routes;
            }

            again.UseRouting();
            again.Run(next);
            var rendered = again.Build();
            return context => ShowAsync(context, next, rendered);
        });
    }

    /// <summary>Whether the client asked for HTML (a browser navigating), as opposed to an API client or a page's fetch.</summary>
    public static bool WantsHtml(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !HttpMethods.IsHead(request.Method)
               && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task ShowAsync(HttpContext context, RequestDelegate next, RequestDelegate rendered)
    {
        if (!WantsHtml(context.Request) || context.Features.Get<BrowserProblem>() is not null)
        {
            await next(context);
            return;
        }

        var response = context.Response;
        var body = response.Body;
        var capture = new ProblemCapture(response, body);
        response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = body;
        }

        if (capture.Kept is not { } document || response.HasStarted)
        {
            return;
        }

        var request = context.Request;
        // A path holding a secret (an invite's or a share link's token) is never written into the page, not even as a
        // way back: the page then offers the home page instead.
        var returnTo = Silo.Hosting.RedactedRequestPath.HoldsSecret(context) ? "/workspaces" : request.PathBase + request.Path + request.QueryString;
        var problem = BrowserProblem.Read(document, response.StatusCode, response.Headers.RetryAfter.FirstOrDefault(), returnTo);
        response.Clear();
        response.Headers.CacheControl = "no-store";
        // Only "not signed in" sends the browser to sign in: a refused provider sign-in (also 401) is shown, not retried.
        // An API address keeps its documented 401 (the page offers sign-in with the way back), never a redirect.
        if (problem.Status == StatusCodes.Status401Unauthorized && problem.Type == ProblemTypes.NotSignedIn && HttpMethods.IsGet(request.Method)
            && !request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            response.Redirect(Auth.ReturnUrl.IsSafe(returnTo) ? "/signin?returnUrl=" + Uri.EscapeDataString(returnTo) : "/signin");
            return;
        }

        await RenderAsync(context, rendered, problem);
    }

    private static async Task RenderAsync(HttpContext context, RequestDelegate rendered, BrowserProblem problem)
    {
        var request = context.Request;
        var (path, query, method) = (request.Path, request.QueryString, request.Method);
        var routeValues = context.Features.Get<IRouteValuesFeature>();
        var original = routeValues is null ? null : new RouteValueDictionary(routeValues.RouteValues);
        context.Features.Set(problem);
        context.SetEndpoint(null);
        routeValues?.RouteValues.Clear();
        request.Path = PagePath;
        // The error page reads nothing from the address; a refused one (an API key in it) must not be refused again.
        request.QueryString = QueryString.Empty;
        request.Method = HttpMethods.Get;
        try
        {
            await rendered(context);
        }
        finally
        {
            // The request's own route values come back, so the trace's path is written with its secrets redacted.
            (request.Path, request.QueryString, request.Method) = (path, query, method);
            if (routeValues is not null)
            {
                routeValues.RouteValues = original!;
            }
        }
    }
}
