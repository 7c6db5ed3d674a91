using Scalar.AspNetCore;

namespace Albumi.Web.OpenApi;

/// <summary>
/// <c>/docs</c>: the API reference for people, Scalar rendering the OpenAPI document, served from this node with no
/// outside fonts, telemetry or assistants. Its scripts run under a fresh nonce per response (<see cref="Requests.SecurityHeaders"/>
/// puts it in the policy); styles are the one relaxation, because Scalar sets inline style attributes. Its light or dark
/// mode follows the app's theme switch (<see cref="Pages.Appearance.ColorMode"/>): forced when the person chose one,
/// else Scalar's own default and toggle.
/// </summary>
public static class ApiReferencePage
{
    public const string Path = "/docs";

    public static IEndpointRouteBuilder MapApiReferencePage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapScalarApiReference(Path, (options, context) => options
            .WithColorMode(Pages.Appearance.ColorMode.Of(context.Request))
            .WithTitle("Albumi API")
            .WithOpenApiRoutePattern(AlbumiOpenApi.DocumentPath)
            .WithNonce()
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp())
            .ExcludeFromDescription();
        return endpoints;
    }

    private static ScalarOptions WithColorMode(this ScalarOptions options, string mode) => mode switch
    {
        Pages.Appearance.ColorMode.Light => options.ForceLightMode(),
        Pages.Appearance.ColorMode.Dark => options.ForceDarkMode(),
        _ => options,
    };

    /// <summary>The nonce Scalar put on this response's script tags, if it rendered the page.</summary>
    public static string? Nonce(HttpContext context)
        => context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null;
}
