using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Albumi.Web.Auth.Oidc;

/// <summary>One OpenID Connect provider: the OAuth code flow options plus where its discovery document is.</summary>
public sealed class OidcProviderOptions : OAuthOptions
{
    /// <summary>The provider's key in configuration and in <c>/auth/signin/{provider}</c>.</summary>
    public string ProviderKey { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>The issuer URL; discovery is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string Authority { get; set; } = "";

    /// <summary>Refuse plain-HTTP discovery and endpoints (loopback test providers turn this off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerance for clock differences when checking the id_token's lifetime.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    internal ConfigurationManager<OpenIdConnectConfiguration>? ConfigurationManager { get; set; }

    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(Authority) || !Uri.TryCreate(Authority, UriKind.Absolute, out var authority))
        {
            throw new InvalidOperationException($"Albumi:Auth:Providers:{ProviderKey}:Authority is '{Authority}'; it must be an absolute URL.");
        }

        if (RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"Albumi:Auth:Providers:{ProviderKey}:Authority is '{Authority}'; it must use https unless RequireHttpsMetadata is false.");
        }

        // The endpoints come from discovery at the first sign-in; placeholders satisfy the base validation meanwhile.
        AuthorizationEndpoint = string.IsNullOrEmpty(AuthorizationEndpoint) ? Authority : AuthorizationEndpoint;
        TokenEndpoint = string.IsNullOrEmpty(TokenEndpoint) ? Authority : TokenEndpoint;
        base.Validate();
    }
}
