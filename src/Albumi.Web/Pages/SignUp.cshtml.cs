using Albumi.Web.Auth;
using Albumi.Web.Pages.Shared;
using Albumi.Web.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages;

/// <summary>
/// <c>/signup</c>. With script the form posts JSON to <c>/auth/password/register</c>, then the same body to
/// <c>/auth/password/signin</c>; without, it posts here and the page runs the same two rules
/// (<see cref="PasswordRegistration"/>, then <see cref="PasswordSignIn"/> with its limits and audit) on the form's fields.
/// </summary>
[StartsSessionMetadata]
public sealed class SignUpModel(PasswordRegistration registration, PasswordSignIn signIn) : PageModel
{
    private static readonly string[] Fields = ["displayName", "email", "password"];

    public string Next { get; private set; } = "/workspaces";

    /// <summary>The name and email typed, kept when the page comes back (never the password).</summary>
    public string? DisplayName { get; private set; }

    public string? Email { get; private set; }

    public FormErrors Errors { get; private set; } = FormErrors.None;

    public void OnGet(string? returnUrl) => Next = Safe(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl, string? displayName, string? email, string? password)
    {
        Next = Safe(returnUrl);
        (DisplayName, Email) = (displayName, email);

        // What the JSON binding refuses before the endpoint runs (text PostgreSQL cannot store), refused here the same way.
        var unstorable = new Dictionary<string, string[]>();
        foreach (var (name, value) in new[] { ("displayName", displayName), ("email", email), ("password", password) })
        {
            if (value is not null && PostgresText.Refusal(value) is { } refusal)
            {
                unstorable[name] = [$"{name} {refusal}"];
            }
        }

        if (unstorable.Count > 0)
        {
            Errors = FormErrors.From(new HttpValidationProblemDetails(unstorable), Fields);
            return Refused(StatusCodes.Status400BadRequest);
        }

        var registered = await registration.RunAsync(new RegisterRequest(email, password, displayName), HttpContext);
        switch (registered.Result)
        {
            case ValidationProblem invalid:
                Errors = FormErrors.From(invalid.ProblemDetails, Fields);
                return Refused(invalid.StatusCode);
            case ProblemHttpResult refused:
                Errors = FormErrors.From(refused.ProblemDetails, Fields);
                return Refused(refused.StatusCode);
        }

        // Signed in as the script path is after registering: the password sign-in with its limits and audit.
        var signedIn = await signIn.RunAsync(SignInInput.FromFields(email, password, null), HttpContext);
        switch (signedIn.Result)
        {
            case NoContent:
                return new SeeOtherResult(Next);
            case ValidationProblem invalid:
                Errors = FormErrors.From(invalid.ProblemDetails, Fields);
                return Refused(invalid.StatusCode);
            case ProblemHttpResult refused:
                Errors = FormErrors.From(refused.ProblemDetails, Fields);
                return Refused(refused.StatusCode);
            default:
                throw new InvalidOperationException($"The sign-in rule answered {signedIn.Result.GetType().Name}, which the page does not know.");
        }
    }

    private PageResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private static string Safe(string? returnUrl) => ReturnUrl.IsSafe(returnUrl) ? returnUrl! : "/workspaces";
}
