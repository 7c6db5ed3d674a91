using Albumi.Silo.Database;
using Albumi.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace Albumi.Web.Problems;

/// <summary>
/// A lost database is the platform's fault, not the caller's, and it heals by itself: answer 503 with a problem
/// document and <c>Retry-After</c>, never the exception's text (it may name hosts or SQL).
/// </summary>
internal sealed partial class DatabaseUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseFailures.IsUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(logger, RedactedRequestPath.Of(httpContext), exception.Message);
        return await ServiceUnavailableProblem.WriteAsync(problems, httpContext, exception, ProblemTypes.DatabaseUnavailable, "The database is unavailable.",
            "Nothing was changed. Try again in a few seconds.");
    }

    [LoggerMessage(5001, LogLevel.Warning, "Request {Path} failed because the database is unavailable: {Reason}.")]
    private static partial void LogUnavailable(ILogger logger, string path, string reason);
}
