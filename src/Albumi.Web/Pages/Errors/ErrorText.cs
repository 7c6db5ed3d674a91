using System.Globalization;
using Albumi.Web.Problems;

namespace Albumi.Web.Pages.Errors;

/// <summary>
/// The words of an error page: a heading, what happened, and the ways out, chosen by status and problem type.
/// <see cref="ShowsReason"/>: whether the API's own detail adds to them (not where it names API paths to call instead).
/// </summary>
public sealed record ErrorText(string Heading, string Explanation, IReadOnlyList<ErrorText.WayOut> WaysOut, bool ShowsReason = true)
{
    public sealed record WayOut(string Text, string Href);

    public static ErrorText For(BrowserProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var back = ReturnTo(problem.RequestPath);
        var home = new WayOut("Go to your workspaces", "/workspaces");
        return problem.Status switch
        {
            400 when problem.Type == ProblemTypes.KeyInQueryString => new("An API key was in the address",
                "Albumi refuses API keys in addresses, which browsers, proxies and logs keep. Send a key only as Authorization: Bearer, and revoke this one: it may have been seen.",
                [new("Your API keys", "/account/keys"), home]),
            400 => new("The request could not be used", "Something in it was missing or not valid; nothing was changed.", [home]),
            401 => problem.Type == ProblemTypes.SignInFailed
                ? new("The sign-in did not work", "Nothing was signed in.", [new("Try signing in again", "/signin")])
                : new("Sign in first", "This page needs you signed in.", [new("Sign in", "/signin" + back)], ShowsReason: problem.Type != ProblemTypes.NotSignedIn),
            403 => Forbidden(problem, back, home),
            404 => new("Not found", "There is nothing here, or it is not yours to see.", [home]),
            405 => new("Not possible here", "This address does not take that kind of request.", [home]),
            409 => new("That conflicts with the current state", "Nothing was changed. Reload the page to see the current state, then try again.", [home]),
            410 => new("No longer usable", "This link was used, has expired or was revoked.", [home]),
            412 => new("Changed in the meantime", "Someone changed this after you loaded it. Reload the page and try again.", [home]),
            413 => new("Too large", "What you sent is larger than Albumi accepts; nothing was changed.", [home]),
            415 => new("Unsupported content", "What you sent is not in a format this address accepts; nothing was changed.", [home]),
            429 => new("Too many attempts", "Wait " + Wait(problem.RetryAfter) + " before trying again.", [home]),
            503 => new("Albumi is briefly unavailable", "Nothing was changed. Try again in " + Wait(problem.RetryAfter) + ".", [new("Try again", Auth.ReturnUrl.IsSafe(problem.RequestPath) ? problem.RequestPath : "/"), home]),
            >= 500 => new("Something went wrong on our side", "Nothing you did caused this. If it happens again, tell the operator the trace id below.", [home]),
            _ => new("The request was refused", "Nothing was changed.", [home]),
        };
    }

    private static ErrorText Forbidden(BrowserProblem problem, string back, WayOut home) => problem.Type switch
    {
        ProblemTypes.MfaEnrolmentRequired => new("Two-factor authentication is required",
            "This workspace asks every member to have two-factor authentication, and this session has not passed it yet.",
            [new("Set up or verify two-factor authentication", "/account/security" + back), home], ShowsReason: false),
        ProblemTypes.StepUpRequired => new("Confirm it is you first", "This change needs you to confirm it is you, on the security page.",
            [new("Confirm it is you", "/account/security" + back), home], ShowsReason: false),
        ProblemTypes.SessionRequired => new("Sign in with a session", "An API key cannot do this; a person signed in in the browser can.", [new("Sign in", "/signin" + back)]),
        ProblemTypes.CrossSiteRequest => new("Request from another site refused", "Albumi accepts changes only from its own pages. Open the page again and retry there.", [home]),
        _ => new("Your role does not allow this",
            "You are signed in, but your role in this workspace does not include this. Ask an admin or the owner of the workspace if you need it.",
            [home]),
    };

    private static string ReturnTo(string path) => Auth.ReturnUrl.IsSafe(path) ? "?returnUrl=" + Uri.EscapeDataString(path) : "";

    private static string Wait(string? retryAfter)
        => int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds <= 1 ? "a second" : seconds < 120 ? $"{seconds} seconds" : $"{(seconds + 59) / 60} minutes"
            : "a moment";
}
