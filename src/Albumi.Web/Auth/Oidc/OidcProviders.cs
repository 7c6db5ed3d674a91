using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Albumi.Web.Auth.Oidc;

/// <summary>
/// Registers one authentication scheme per configured provider (<c>Albumi:Auth:Providers:{key}</c>): Authority,
/// ClientId, ClientSecretFile, DisplayName, Scopes, RequireHttpsMetadata. The keys <c>google</c> and
/// <c>microsoft</c> are presets that need only ClientId and ClientSecretFile.
/// </summary>
public static class OidcProviders
{
    public const string SchemePrefix = "oidc-";

    private static readonly Dictionary<string, (string Authority, string DisplayName)> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["google"] = ("https://accounts.google.com", "Google"),
        ["microsoft"] = ("https://login.microsoftonline.com/common/v2.0", "Microsoft"),
    };

    public static AuthenticationBuilder AddOidcProviders(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddSingleton<ExternalSignIn>();
        builder.Services.AddSingleton<OidcSignInEvents>();
        foreach (var section in configuration.GetSection("Albumi:Auth:Providers").GetChildren())
        {
            var key = section.Key.ToLowerInvariant();
            Presets.TryGetValue(key, out var preset);
            var displayName = section["DisplayName"] ?? preset.DisplayName ?? key;
            var clientId = section["ClientId"];
            var secretFile = section["ClientSecretFile"];
            if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrWhiteSpace(secretFile) || !File.Exists(secretFile))
            {
                // Checked at start, so a mis-configured provider stops the node instead of failing its first sign-in.
                throw new InvalidOperationException(
                    $"Albumi:Auth:Providers:{section.Key} needs ClientId and ClientSecretFile (a readable file holding the client secret); ClientSecretFile is '{secretFile}'.");
            }

            builder.AddOAuth<OidcProviderOptions, OidcHandler>(SchemePrefix + key, displayName, options =>
            {
                options.ProviderKey = key;
                options.DisplayName = displayName;
                options.Authority = section["Authority"] ?? preset.Authority ?? "";
                options.ClientId = clientId;
                options.ClientSecret = File.ReadAllText(secretFile).Trim();
                options.RequireHttpsMetadata = !bool.TryParse(section["RequireHttpsMetadata"], out var https) || https;
                options.CallbackPath = $"/auth/callback/{key}";
                options.UsePkce = true;
                options.SaveTokens = false;
                options.Scope.Clear();
                foreach (var scope in (section["Scopes"] ?? "openid email profile").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    options.Scope.Add(scope);
                }

                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.EventsType = typeof(OidcSignInEvents);
                options.SignInScheme = SessionCookieAuthentication.SchemeName;
            });
        }

        return builder;
    }
}
