namespace Albumi.Web.Pages.Shared;

/// <summary>
/// The question a destructive form asks before it acts, for a browser without script. With script the form's
/// <c>data-ask</c> asks it (<c>window.confirm</c>) and the form never posts to its page; without script the page's post
/// comes without <c>confirmed</c>, acts on nothing, and answers with this step: the same question, a button that posts
/// again with <c>confirmed=true</c>, and a way back that changes nothing. So no one is asked twice.
/// </summary>
/// <param name="Question">The form's <c>data-ask</c>, word for word.</param>
/// <param name="Handler">The page handler the confirmed post goes to.</param>
/// <param name="Id">What it acts on (a session's or a key's id), or null for the whole set.</param>
/// <param name="Button">The confirming button's text, naming the action.</param>
/// <param name="Back">Where the way back leads: the page, unchanged.</param>
public sealed record ConfirmStep(string Question, string Handler, string? Id, string Button, string Back);
