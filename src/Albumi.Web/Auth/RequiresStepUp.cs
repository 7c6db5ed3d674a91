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

        var services = context.HttpContext.RequestServices;
        if (await StepUp.RefusalAsync(
                user, AdminKeyMay, services.GetRequiredService<TotpService>(), services.GetRequiredService<AlbumiClock>(),
                services.GetRequiredService<IOptions<MfaOptions>>().Value) is { } refusal)
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return Refused(refusal);
        }

        return await next(context);
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refused(string detail)
        => Problem.Create(StatusCodes.Status403Forbidden, ProblemTypes.StepUpRequired, "Confirm it is you first.", detail);
}

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

    private static TBuilder WithStepUp<TBuilder>(this TBuilder builder, RequiresStepUp stepUp)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(stepUp).AddEndpointFilter(stepUp);
}
