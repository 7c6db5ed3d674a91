using Albumi.Web.Problems;

namespace Albumi.Web.Requests;

/// <summary>
/// Refuses, before any endpoint runs, a request whose query string, route values or form fields hold text PostgreSQL
/// cannot store (<see cref="PostgresText"/>): 400 naming each such field. JSON bodies are checked as they are read
/// (<see cref="PostgresSafeStringConverter"/>, <see cref="Catalog.JsonBody"/>). The answer depends only on the request, so it
/// says nothing about what exists.
/// </summary>
public static class TextInputGuard
{
    public static async Task RefuseUnstorableTextAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        Dictionary<string, string[]>? errors = null;
        foreach (var (key, values) in context.Request.Query)
        {
            Check(ref errors, key, key);
            foreach (var value in values)
            {
                Check(ref errors, key, value);
            }
        }

        foreach (var (key, value) in context.Request.RouteValues)
        {
            if (value is string text)
            {
                Check(ref errors, key, text);
            }
        }

        if (context.Request.HasFormContentType && context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            foreach (var (key, values) in await context.Request.ReadFormAsync(context.RequestAborted))
            {
                Check(ref errors, key, key);
                foreach (var value in values)
                {
                    Check(ref errors, key, value);
                }
            }
        }

        if (errors is not null)
        {
            await Problem.Validation(errors).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static void Check(ref Dictionary<string, string[]>? errors, string field, string? text)
    {
        if (text is not null && PostgresText.Refusal(text) is { } refusal)
        {
            var name = PostgresText.Refusal(field) is null ? field : "(field name)";
            (errors ??= [])[name] = [$"{name} {refusal}"];
        }
    }
}
