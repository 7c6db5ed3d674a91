using Albumi.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;

namespace Albumi.Web.Problems;

/// <summary>
/// A grain call that got no answer in time (Orleans' response timeout, see <c>GrainCallDeadlines</c>, whether the call
/// waited for its grain or for Orleans to find where the grain lives) or whose silo died under it, after <c>SiloFailureRetry</c> sent it again where that is safe: the platform's fault, and passing. The
/// answer is 503 with a problem document and <c>Retry-After</c>, never the exception's text (it names grains and silos).
/// A read changed nothing; a change may have been made before its answer was lost, and the detail says so.
/// </summary>
internal sealed partial class ClusterUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A bare TimeoutException is Orleans' (the database's come wrapped in an NpgsqlException, handled as the database's);
        // so is a cancellation the request did not ask for (a grain call whose deadline passed before Orleans placed it).
        var unanswered = exception is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException
            || (exception is OperationCanceledException && !httpContext.RequestAborted.IsCancellationRequested);
        if (!unanswered)
        {
            return false;
        }

        LogUnanswered(logger, RedactedRequestPath.Of(httpContext), exception.GetType().Name);
        var read = HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method);
        return await ServiceUnavailableProblem.WriteAsync(problems, httpContext, exception, ProblemTypes.ClusterUnavailable, "The service did not answer in time.",
            read ? "Try again in a few seconds." : "The change may or may not have been made. Look before you try it again in a few seconds.");
    }

    [LoggerMessage(5002, LogLevel.Warning, "Request {Path} failed because a grain call got no answer in time ({Failure}).")]
    private static partial void LogUnanswered(ILogger logger, string path, string failure);
}
