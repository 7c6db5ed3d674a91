using Microsoft.AspNetCore.Mvc;

namespace Albumi.Web.Pages.Shared;

/// <summary>
/// What a form posted without script was refused for, shown where app.js shows the API's problem: each field's message
/// in the field's <c>data-error-for</c> slot (the field marked <c>aria-invalid</c> and focused), anything else in the
/// form's <c>[data-form-error]</c>. Empty when the form was not refused.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

    public static FormErrors None { get; } = new();

    /// <summary>The form's general message (role=alert), or null.</summary>
    public string? General { get; private init; }

    public bool Any => General is not null || _fields.Count > 0;

    /// <summary>A refusal with one message for the whole form.</summary>
    public static FormErrors Of(string general) => new() { General = general };

    /// <summary>
    /// The API's problem as this form shows it: errors of the <paramref name="fields"/> the form has at those fields,
    /// others (and a problem without field errors) in the general message, as app.js places them.
    /// </summary>
    public static FormErrors From(ProblemDetails problem, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var errors = (problem as HttpValidationProblemDetails)?.Errors ?? new Dictionary<string, string[]>();
        var unplaced = errors.Where(e => !fields.Contains(e.Key, StringComparer.Ordinal)).Select(e => $"{e.Key}: {string.Join(' ', e.Value)}").ToList();
        var result = new FormErrors
        {
            General = unplaced.Count > 0 ? string.Join('\n', unplaced) : errors.Count > 0 ? null : problem.Detail ?? problem.Title ?? "Something went wrong.",
        };
        foreach (var (field, messages) in errors.Where(e => fields.Contains(e.Key, StringComparer.Ordinal)))
        {
            result._fields[field] = string.Join(' ', messages);
        }

        return result;
    }

    /// <summary>The field's message for its <c>data-error-for</c> slot, or null.</summary>
    public string? For(string field) => _fields.GetValueOrDefault(field);

    /// <summary>"true" for the field's <c>aria-invalid</c> when it has a message; null (no attribute) otherwise.</summary>
    public string? Invalid(string field) => _fields.ContainsKey(field) ? "true" : null;

    /// <summary>"autofocus" on the first refused field, so focus lands where app.js would put it; null elsewhere.</summary>
    public string? Autofocus(string field) => _fields.Count > 0 && _fields.Keys.First() == field ? "autofocus" : null;
}
