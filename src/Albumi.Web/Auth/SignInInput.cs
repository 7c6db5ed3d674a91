using System.Text.Json;
using Albumi.Grains.Accounts;
using Albumi.Web.Catalog;
using Albumi.Web.Requests;

namespace Albumi.Web.Auth;

/// <summary>
/// A password sign-in's body, read by the endpoint itself rather than bound by the framework, so that input which
/// cannot be used (not JSON, missing fields, text PostgreSQL could not store) still passes the sign-in throttle and is
/// audited as a failed attempt before it is refused. Reading never throws for what the client sent.
/// </summary>
public sealed record SignInInput(string? Email, string? Password, string? TotpCode, Dictionary<string, string[]>? Errors)
{
    private const int MaxBytes = 16 * 1024;

    public static async Task<SignInInput> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonElement body;
        try
        {
            var bytes = await JsonBody.ReadSegmentsAsync(request, MaxBytes);
            using var document = JsonDocument.Parse(bytes);
            body = document.RootElement.Clone();
            JsonBody.RefuseUnstorableText(bytes);
        }
        catch (Exception e) when (e is RequestBodyException or JsonException)
        {
            return Invalid(e is RequestBodyException { Field: { } field } ? field : "body", e is RequestBodyException ? e.Message : "The body is not well-formed JSON.");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Invalid("body", "The body must be a JSON object with email and password.");
        }

        var errors = new Dictionary<string, string[]>();
        var email = Text(body, "email", errors);
        var password = Text(body, "password", errors);
        var totpCode = Text(body, "totpCode", errors);
        return Checked(email, password, totpCode, errors);
    }

    /// <summary>The same sign-in from a page's form fields (the sign-in page's post without script).</summary>
    public static SignInInput FromFields(string? email, string? password, string? totpCode)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, value) in new[] { ("email", email), ("password", password), ("totpCode", totpCode) })
        {
            if (value is not null && PostgresText.Refusal(value) is { } refusal)
            {
                errors[name] = [$"{name} {refusal}"];
            }
        }

        return Checked(email, password, totpCode, errors);
    }

    private static SignInInput Checked(string? email, string? password, string? totpCode, Dictionary<string, string[]> errors)
    {
        if (errors.Count == 0 && (email is not { Length: > 0 and <= EmailAddress.MaxLength } || password is not { Length: > 0 and <= PasswordPolicy.MaxLength }))
        {
            errors["credentials"] = ["Email and password are required."];
        }

        return new SignInInput(email, password, totpCode, errors.Count == 0 ? null : errors);
    }

    private static SignInInput Invalid(string field, string message) => new(null, null, null, new() { [field] = [message] });

    private static bool NameIs(JsonProperty property, string name)
        => property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The string property <paramref name="name"/> (any casing, as the API's JSON binding allows), null when absent.</summary>
    private static string? Text(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!NameIs(property, name))
            {
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                errors[name] = [$"{name} must be a string."];
                return null;
            }

            // Every string in the body is known storable by now (JsonBody.RefuseUnstorableText).
            return property.Value.GetString();
        }

        return null;
    }
}
