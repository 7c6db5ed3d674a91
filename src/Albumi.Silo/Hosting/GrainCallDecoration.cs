using Albumi.Grains.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Albumi.Silo.Hosting;

/// <summary>Puts <see cref="SiloFailureRetry"/> around the runtime Orleans registered for grain references.</summary>
internal static class GrainCallDecoration
{
    public static void DecorateOrleansGrainCalls(this IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGrainReferenceRuntime))
            ?? throw new InvalidOperationException("Orleans registered no grain reference runtime: add the silo before decorating its calls.");
        if (registered.ImplementationType is not { } orleansRuntime || registered.Lifetime != ServiceLifetime.Singleton)
        {
            throw new InvalidOperationException($"Orleans' grain reference runtime is registered in a way this version of Albumi does not know: {registered}.");
        }

        services.Remove(registered);
        services.AddSingleton<IGrainReferenceRuntime>(sp => new SiloFailureRetry(
            (IGrainReferenceRuntime)ActivatorUtilities.CreateInstance(sp, orleansRuntime),
            sp,
            sp.GetRequiredService<ILogger<SiloFailureRetry>>()));
    }
}
