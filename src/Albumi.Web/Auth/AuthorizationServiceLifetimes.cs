using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Albumi.Web.Auth;

/// <summary>
/// The framework registers its authorization services as transient, so every request to a protected endpoint builds the
/// policy evaluator, the authorization service and everything it depends on anew. None of them keeps state of its own,
/// and Albumi adds no authorization handler that depends on a request's services, so one of each serves the whole
/// application. Only the framework's own registrations are changed, and only their lifetime.
/// </summary>
public static class AuthorizationServiceLifetimes
{
    private static readonly Type[] Stateless =
    [
        typeof(IAuthorizationService),
        typeof(IAuthorizationPolicyProvider),
        typeof(IAuthorizationHandlerProvider),
        typeof(IAuthorizationEvaluator),
        typeof(IAuthorizationHandlerContextFactory),
        typeof(IPolicyEvaluator),
        typeof(IAuthorizationMiddlewareResultHandler),
    ];

    public static IServiceCollection UseOneOfEachAuthorizationService(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            var frameworks = descriptor.ImplementationType?.Assembly.GetName().Name?.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) == true;
            var stateless = Array.IndexOf(Stateless, descriptor.ServiceType) >= 0
                || (descriptor.ServiceType == typeof(IAuthorizationHandler) && descriptor.ImplementationType == typeof(PassThroughAuthorizationHandler));
            if (descriptor is { Lifetime: ServiceLifetime.Transient, IsKeyedService: false } && frameworks && stateless)
            {
                services[i] = ServiceDescriptor.Singleton(descriptor.ServiceType, descriptor.ImplementationType!);
            }
        }

        return services;
    }
}
