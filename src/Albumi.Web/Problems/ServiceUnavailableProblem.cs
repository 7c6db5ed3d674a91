using Microsoft.AspNetCore.Http;

namespace Albumi.Web.Problems;

/// <summary>
/// The one 503 answer of the platform's passing faults (the database away, the cluster not answering in time): a problem
/// document with <c>Retry-After</c>, never the exception's text.
/// </summary>
internal static class ServiceUnavailableProblem
{
    public static ValueTask<bool> WriteAsync(IProblemDetailsService problems, HttpContext httpContext, Exception exception, string type, string title, string detail)
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = type,
                Title = title,
                Detail = detail,
            },
        });
    }
}
