using Microsoft.AspNetCore.Http.HttpResults;

namespace Albumi.Web.Problems;

/// <summary>The problem responses endpoints return, built in one place so status, type and title always agree.</summary>
public static class Problem
{
    public static ProblemHttpResult NotSignedIn(string detail = "Sign in first.")
        => Create(StatusCodes.Status401Unauthorized, ProblemTypes.NotSignedIn, "Not signed in.", detail);

    public static ProblemHttpResult InvalidCredentials()
        => Create(StatusCodes.Status401Unauthorized, ProblemTypes.InvalidCredentials, "Invalid email or password.", "The email or the password is wrong.");

    /// <summary>Signed in, but the role (or the key's scope) does not allow this: what the authentication handlers' forbid answers.</summary>
    public static ProblemHttpResult Forbidden()
        => Create(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden.", "Your role does not allow this.");

    public static ProblemHttpResult NotFound(string what = "resource")
        => Create(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found.", $"No such {what}.");

    public static ProblemHttpResult Conflict(string type, string title, string detail)
        => Create(StatusCodes.Status409Conflict, type, title, detail);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors)
        => TypedResults.ValidationProblem(errors, title: "The request is invalid.", type: ProblemTypes.Validation);

    public static ProblemHttpResult Create(int status, string type, string title, string detail)
        => TypedResults.Problem(statusCode: status, type: type, title: title, detail: detail);
}
