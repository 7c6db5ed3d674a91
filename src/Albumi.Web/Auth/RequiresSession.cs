namespace Albumi.Web.Auth;

/// <summary>
/// Endpoint metadata: only a person signed in with a session may do this (manage sessions, MFA, personal export,
/// erasure, sign-out). An API key is authenticated, but it is not a person at a browser: it answers 403
/// <c>session-required</c> (<see cref="ApiKeyGuards"/>), and a caller with neither answers 401.
/// </summary>
public sealed class RequiresSession
{
    public static readonly RequiresSession Instance = new();

    private RequiresSession()
    {
    }
}

public static class RequiresSessionExtensions
{
    public static TBuilder RequireSession<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(AuthPolicies.SignedIn).WithMetadata(RequiresSession.Instance);
}
