using Albumi.Grains.Mfa;
using Albumi.Grains.Time;
using Albumi.Web.Problems;
using Microsoft.Extensions.Options;

namespace Albumi.Web.Auth;

/// <summary>
/// Endpoint metadata and filter: this credential or protection change needs a recent step-up (<see cref="StepUp"/>); a
/// caller without one answers 403 <c>step-up-required</c>, whose detail names the way out; an API key, where only a
/// session may, answers 403 <c>session-required</c>. On a workspace route it runs
/// after the workspace's own filter, so a non-member still gets 404 and a role without the permission 403 first.
/// </summary>
public sealed record RequiresStepUp(bool AdminKeyMay) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.HttpContext.User;
        if (user.IsApiKey() && !AdminKeyMay)
        {
            return Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.SessionRequired, "A session is required.",
                "Credentials and protections are changed by a person signed in with a session who confirmed it is them, not with an API key.");
        }

        if (await StepUp.RefusalAsync(context.HttpContext, AdminKeyMay) is { } refusal)
        {
            return Refused(context.HttpContext, refusal);
        }

        return await next(context);
    }

    /// <summary>The 403 <c>step-up-required</c> answer, with <paramref name="detail"/> naming the way out.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refused(HttpContext httpContext, string detail)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.CacheControl = "no-store";
        return Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.StepUpRequired, "Confirm it is you first.", detail);
    }
}

/// <summary>
/// Endpoint metadata: this operation needs a recent step-up (or, with <paramref name="AdminKeyMay"/>, an admin-scoped
/// key) for some bodies only (a role raised, the workspace's 2FA turned off, an import that invites), so its handler
/// checks with <see cref="StepUp.RefusalAsync(HttpContext, bool)"/> and the API document declares 403 <c>step-up-required</c>.
/// </summary>
public sealed record MayRequireStepUp(bool AdminKeyMay);

public static class RequiresStepUpExtensions
{
    /// <summary>Only a session with a recent step-up may do this (an API key never).</summary>
    public static TBuilder RequireStepUp<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithStepUp(new RequiresStepUp(AdminKeyMay: false));

    /// <summary>A session with a recent step-up, or an API key with the admin scope, may do this.</summary>
    public static TBuilder RequireStepUpOrAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithStepUp(new RequiresStepUp(AdminKeyMay: true));

    /// <summary>The handler asks for a step-up (or an admin key) when the body makes the change one that needs it.</summary>
    public static TBuilder MayRequireStepUpOrAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new MayRequireStepUp(AdminKeyMay: true));

    private static TBuilder WithStepUp<TBuilder>(this TBuilder builder, RequiresStepUp stepUp)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(stepUp).AddEndpointFilter(stepUp);
}
