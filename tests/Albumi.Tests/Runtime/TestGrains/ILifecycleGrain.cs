using Albumi.Grains;

namespace Albumi.Tests.Runtime.TestGrains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<GrainId> WhoAmIAsync();

    Task<long> GetActivationIdAsync();

    Task FailAsync(string message);

    Task FailSynchronously(string message);

    Task<int> CountCallsAsync();

    Task LeaveAfterThisCallAsync();
}

public interface IGuidKeyedGrain : IGrainWithGuidKey
{
    Task<Guid> GetKeyAsync();
}
