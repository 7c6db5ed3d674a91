using Albumi.Web.Auth;
using Albumi.Web.Me;
using Albumi.Web.Pages.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Albumi.Web.Pages.Account;

/// <summary>
/// <c>/account/step-up</c>: where the "Confirm it is you" forms (<c>_StepUp</c>) post without script. Each handler runs
/// the API's own rule (<see cref="PasswordReauthentication"/> as <c>POST /v1/me/reauthenticate</c>,
/// <see cref="SecondFactorStepUp"/> as <c>POST /v1/me/mfa/verify</c>: limits, audit, the session marked) and sends the
/// browser back to the page it came from (a path of this site only). As those endpoints, it needs a session: signed out
/// goes to sign in, an API key is refused. A refusal shows the prompt again here with the reason at its field.
/// </summary>
public sealed class StepUpModel(PasswordReauthentication reauthentication, SecondFactorStepUp secondFactor) : PageModel
{
    /// <summary>The page to go back to: the safe return address, else the security page.</summary>
    public string ReturnTo { get; private set; } = "/account/security";

    /// <summary>The prompt to show; null when the session's step-up is recent.</summary>
    public StepUpPrompt? Prompt { get; private set; }

    public FormErrors Errors { get; private set; } = FormErrors.None;

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnTo = Safe(returnUrl);
        if (Refusal() is { } refused)
        {
            return refused;
        }

        Prompt = await StepUpPrompt.ForAsync(HttpContext);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(string? returnUrl, string? password)
    {
        ReturnTo = Safe(returnUrl);
        if (Refusal() is { } refused)
        {
            return refused;
        }

        var result = await reauthentication.RunAsync(password, HttpContext);
        return result.Result switch
        {
            NoContent => new SeeOtherResult(ReturnTo),
            ValidationProblem invalid => await AgainAsync(invalid.StatusCode, FormErrors.From(invalid.ProblemDetails, "password")),
            ProblemHttpResult problem => await AgainAsync(problem.StatusCode, AtField("password", problem)),
            _ => throw new InvalidOperationException($"The step-up rule answered {result.Result.GetType().Name}, which the page does not know."),
        };
    }

    public async Task<IActionResult> OnPostCodeAsync(string? returnUrl, string? code)
    {
        ReturnTo = Safe(returnUrl);
        if (Refusal() is { } refused)
        {
            return refused;
        }

        var result = await secondFactor.RunAsync(code, HttpContext);
        return result.Result switch
        {
            NoContent => new SeeOtherResult(ReturnTo),
            ProblemHttpResult problem => await AgainAsync(problem.StatusCode, AtField("code", problem)),
            _ => throw new InvalidOperationException($"The step-up rule answered {result.Result.GetType().Name}, which the page does not know."),
        };
    }

    /// <summary>What the endpoints' session requirement answers: signed out → sign in (and back here); an API key → 403.</summary>
    private IActionResult? Refusal()
        => User.GetAccountId() is null ? new RedirectWithReturnResult("/signin")
            : User.IsApiKey() ? StatusCode(StatusCodes.Status403Forbidden)
            : null;

    private async Task<PageResult> AgainAsync(int status, FormErrors errors)
    {
        Errors = errors;
        Prompt = await StepUpPrompt.ForAsync(HttpContext);
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>A wrong password or code is the field's; anything else (too many tries, two-factor now on) the form's.</summary>
    private static FormErrors AtField(string field, ProblemHttpResult problem)
        => problem.ProblemDetails.Type is Problems.ProblemTypes.InvalidCredentials or Problems.ProblemTypes.InvalidSecondFactor
            ? FormErrors.From(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [problem.ProblemDetails.Detail!] }), field)
            : FormErrors.From(problem.ProblemDetails, field);

    private static string Safe(string? returnUrl) => ReturnUrl.IsSafe(returnUrl) ? returnUrl! : "/account/security";
}
