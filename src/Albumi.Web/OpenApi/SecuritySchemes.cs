using Albumi.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Albumi.Web.OpenApi;

/// <summary>
/// The two ways to authenticate (the session cookie a browser holds after signing in, and <c>Authorization: Bearer
/// alb_…</c> with an API key) and, per operation, which it accepts: none for anonymous ones, the cookie alone where a
/// session is required (<see cref="RequiresSession"/>), either elsewhere.
/// </summary>
internal sealed class SecuritySchemes : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Session = "sessionCookie";

    public const string ApiKey = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Session] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SessionCookie.HostName,
            Description = $"The session a browser holds after signing in (POST /auth/password/signin or a provider). Named {SessionCookie.HostName} (Secure), or {SessionCookie.PlainName} over plain HTTP on a node whose Albumi:Http:AllowInsecureCookies is on; HttpOnly, SameSite=Lax. Unsafe methods also need an Origin header of this site.",
        };
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "alb_…",
            Description = "An API key (POST /v1/me/api-keys), sent as Authorization: Bearer alb_…; never in the query string. Its scopes (read, write, admin) and workspaces limit what it may do.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!Authenticated(metadata))
        {
            return Task.CompletedTask;
        }

        operation.Security = [Requirement(Session, context.Document)];
        if (!metadata.OfType<RequiresSession>().Any())
        {
            operation.Security.Add(Requirement(ApiKey, context.Document));
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether the endpoint needs a signed-in caller (an authorization policy and no anonymous override).</summary>
    public static bool Authenticated(IList<object> metadata)
        => metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document)
        => new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
