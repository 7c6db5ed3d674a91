using Albumi.Grains.Catalog;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Diagnostics;

namespace Albumi.Web.Catalog;

/// <summary>Maps the catalogue's refusals to problem responses, in one place.</summary>
internal sealed class CatalogExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        IResult? result = exception switch
        {
            CatalogValidationException invalid => Problem.Validation(invalid.Errors.ToDictionary()),
            CatalogNotFoundException missing => Problem.NotFound(missing.What),
            VersionConflictException stale => Problem.Create(StatusCodes.Status412PreconditionFailed, ProblemTypes.VersionConflict, "Version conflict.", stale.Message),
            ProposalClosedException closed => Problem.Conflict(ProblemTypes.ProposalClosed, "The proposal is closed.", closed.Message),
            ProposalConflictException conflict => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.ProposalConflict, title: "The proposal conflicts with the mainline.",
                detail: conflict.Message, extensions: new Dictionary<string, object?> { ["conflicts"] = conflict.Conflicts }),
            RequestBodyException { Field: { } field } body => Problem.Validation(new Dictionary<string, string[]> { [field] = [body.Message] }),
            RequestBodyException body => Problem.Create(
                body.Status, body.Status == StatusCodes.Status413PayloadTooLarge ? ProblemTypes.BodyTooLarge : ProblemTypes.Validation,
                body.Status == StatusCodes.Status413PayloadTooLarge ? "The body is too large." : "The request is invalid.", body.Message),
            _ => null,
        };
        if (result is null)
        {
            return false;
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }
}
