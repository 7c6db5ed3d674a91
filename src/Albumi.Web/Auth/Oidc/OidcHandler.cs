using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Albumi.Web.Auth.Oidc;

/// <summary>
/// OpenID Connect sign-in on ASP.NET Core's OAuth handler, which already brings the code flow, state (protected, with a
/// correlation cookie) and PKCE. Added here: discovery, a nonce bound to the protected state, and validation of the
/// id_token: signature against the provider's JWKS, issuer, audience, lifetime and nonce.
/// </summary>
public sealed class OidcHandler(IOptionsMonitor<OidcProviderOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : OAuthHandler<OidcProviderOptions>(options, logger, encoder)
{
    public const string NonceKey = ".albumi.nonce";

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await UseDiscoveredEndpointsAsync();
        await base.HandleChallengeAsync(properties);
    }

    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        await UseDiscoveredEndpointsAsync();
        return await base.HandleRemoteAuthenticateAsync();
    }

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        var nonce = Base64UrlEncoder.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        properties.Items[NonceKey] = nonce;
        return QueryHelpers.AddQueryString(base.BuildChallengeUrl(properties, redirectUri), "nonce", nonce);
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var idToken = tokens.Response?.RootElement.TryGetProperty("id_token", out var value) == true ? value.GetString() : null;
        if (string.IsNullOrEmpty(idToken))
        {
            throw new OidcSignInException("no id_token", "The provider returned no id_token.");
        }

        var configuration = await Options.ConfigurationManager!.GetConfigurationAsync(Context.RequestAborted);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            IssuerValidator = configuration.Issuer.Contains("{tenantid}", StringComparison.Ordinal) ? TenantIssuerValidator(configuration.Issuer) : null,
            ValidAudience = Options.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = Options.ClockSkew,
        };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, parameters);
        if (!result.IsValid)
        {
            throw new OidcSignInException(Reason(result.Exception), "The provider's id_token was refused.", result.Exception);
        }

        var token = (JsonWebToken)result.SecurityToken;
        if (!properties.Items.TryGetValue(NonceKey, out var expectedNonce)
            || !token.TryGetPayloadValue<string>("nonce", out var nonce)
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(nonce ?? ""), System.Text.Encoding.UTF8.GetBytes(expectedNonce ?? "")))
        {
            throw new OidcSignInException("nonce mismatch", "The id_token's nonce does not match this sign-in.");
        }

        identity.AddClaim(new Claim(OidcClaims.Subject, token.Subject));
        AddIfPresent(identity, token, "email", OidcClaims.Email);
        AddIfPresent(identity, token, "name", OidcClaims.Name);
        identity.AddClaim(new Claim(OidcClaims.EmailVerified, token.TryGetPayloadValue<bool>("email_verified", out var verified) && verified ? "true" : "false"));
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name);
    }

    private async Task UseDiscoveredEndpointsAsync()
    {
        Options.ConfigurationManager ??= new ConfigurationManager<OpenIdConnectConfiguration>(
            Options.Authority.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(Options.Backchannel) { RequireHttps = Options.RequireHttpsMetadata });
        var configuration = await Options.ConfigurationManager.GetConfigurationAsync(Context.RequestAborted);
        Options.AuthorizationEndpoint = configuration.AuthorizationEndpoint;
        Options.TokenEndpoint = configuration.TokenEndpoint;
    }

    private static void AddIfPresent(ClaimsIdentity identity, JsonWebToken token, string claim, string type)
    {
        if (token.TryGetPayloadValue<string>(claim, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            identity.AddClaim(new Claim(type, value));
        }
    }

    private static IssuerValidator TenantIssuerValidator(string template) => (issuer, token, _) =>
        token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("tid", out var tenant)
            && issuer == template.Replace("{tenantid}", tenant, StringComparison.Ordinal)
            ? issuer
            : throw new SecurityTokenInvalidIssuerException("The id_token's issuer does not match its tenant.");

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "expired token",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "bad signature",
        SecurityTokenNotYetValidException => "token not yet valid",
        _ => "invalid id_token",
    };
}
