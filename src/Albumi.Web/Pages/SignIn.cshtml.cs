using Albumi.Web.Auth;
using Albumi.Web.Pages.Shared;
using Albumi.Web.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages;

/// <summary>
/// <c>/signin</c>. With script the form posts JSON to <c>/auth/password/signin</c>; without, it posts here and the
/// same rule (<see cref="PasswordSignIn"/>: limits, audit, decoy timing, second factor) runs on the form's fields. An
/// account with two-factor on gets the page again with the code step shown; its email and password wait in
/// <see cref="PendingSecondFactor"/>, never in the page, until the code comes. Antiforgery is validated on every post
/// (Razor Pages' default), against login CSRF.
/// </summary>
[StartsSessionMetadata]
public sealed class SignInModel(PasswordSignIn signIn) : PageModel
{
    private static readonly string[] Fields = ["email", "password", "totpCode"];

    /// <summary>Where a successful sign-in goes: the safe return address, else the workspaces.</summary>
    public string Next { get; private set; } = "/workspaces";

    /// <summary>The email typed, kept when the page comes back.</summary>
    public string? Email { get; private set; }

    /// <summary>Whether the page shows the code step (the password was right and the account has two-factor on).</summary>
    public bool CodeStep { get; private set; }

    public FormErrors Errors { get; private set; } = FormErrors.None;

    public void OnGet(string? returnUrl) => Next = Safe(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl, string? email, string? password, string? totpCode)
    {
        Next = Safe(returnUrl);
        Email = email;
        var typed = !string.IsNullOrEmpty(password);
        var carried = typed ? null : PendingSecondFactor.PasswordFor(HttpContext, email);
        var used = typed ? password : carried;
        var result = await signIn.RunAsync(SignInInput.FromFields(email, used, totpCode), HttpContext);
        switch (result.Result)
        {
            case NoContent:
                PendingSecondFactor.Forget(HttpContext);
                return new SeeOtherResult(Next);
            case ProblemHttpResult { ProblemDetails.Type: ProblemTypes.MfaRequired }:
                // Only a password typed now starts the wait: one carried by the cookie keeps the cookie's own expiry, so
                // posting again without a code never stretches the five minutes.
                if (typed)
                {
                    PendingSecondFactor.Keep(HttpContext, email!, used!);
                }

                CodeStep = true;
                return Page();
            case ProblemHttpResult { ProblemDetails: { Type: ProblemTypes.InvalidSecondFactor } problem } refused:
                CodeStep = true;
                Errors = FormErrors.From(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["totpCode"] = [problem.Detail!] }), Fields);
                return Refused(refused.StatusCode);
            case ProblemHttpResult { ProblemDetails.Type: ProblemTypes.RateLimited } refused:
                // A person at the code step stays there (the password still waits); otherwise the password step.
                CodeStep = carried is not null;
                Errors = FormErrors.From(refused.ProblemDetails, Fields);
                return Refused(refused.StatusCode);
            case ProblemHttpResult refused:
                PendingSecondFactor.Forget(HttpContext);
                Errors = FormErrors.From(refused.ProblemDetails, Fields);
                return Refused(refused.StatusCode);
            case ValidationProblem invalid:
                PendingSecondFactor.Forget(HttpContext);
                Errors = invalid.ProblemDetails.Errors.TryGetValue("credentials", out var missing)
                    ? FormErrors.Of(!typed && !string.IsNullOrEmpty(totpCode)
                        ? "The sign-in waited too long for its code: enter your password again, then the code."
                        : string.Join(' ', missing))
                    : FormErrors.From(invalid.ProblemDetails, Fields);
                return Refused(invalid.StatusCode);
            default:
                throw new InvalidOperationException($"The sign-in rule answered {result.Result.GetType().Name}, which the page does not know.");
        }
    }

    private PageResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private static string Safe(string? returnUrl) => ReturnUrl.IsSafe(returnUrl) ? returnUrl! : "/workspaces";
}
