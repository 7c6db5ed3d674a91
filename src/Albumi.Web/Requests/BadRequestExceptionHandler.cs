using System.Text.Json;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Diagnostics;

namespace Albumi.Web.Requests;

/// <summary>
/// A request the framework could not bind (a body that is not JSON or not the expected shape, a parameter that does not
/// parse, text PostgreSQL could not store) answers a 400 problem that says what is wrong and where, never a bare status.
/// The endpoints' binding throws (<c>ThrowOnBadRequest</c>) so every such refusal comes through here.
/// </summary>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        IResult result = bad.InnerException switch
        {
            UnstorableTextException text => Problem.Validation(new Dictionary<string, string[]> { [Field(text.Path)] = [$"{Field(text.Path)} {text.Refusal}"] }),
            JsonException json => Problem.Validation(new Dictionary<string, string[]>
            {
                [Field(json.Path)] = [json.Path is { Length: > 1 } ? $"{Field(json.Path)} has the wrong type or shape." : "The body is not well-formed JSON."],
            }),
            _ when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => Problem.Create(bad.StatusCode, ProblemTypes.BodyTooLarge, "The body is too large.", bad.Message),
            _ when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType => Problem.Create(bad.StatusCode, ProblemTypes.UnsupportedMediaType, "Unsupported media type.", "Send the body as application/json."),
            _ => Problem.Create(bad.StatusCode, ProblemTypes.Validation, "The request is invalid.", bad.Message),
        };
        await result.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>"$.owner.email" → "owner.email"; the whole body when there is no path.</summary>
    private static string Field(string? path) => path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
}
