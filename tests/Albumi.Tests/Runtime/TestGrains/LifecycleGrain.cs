using Albumi.Grains;

namespace Albumi.Tests.Runtime.TestGrains;

public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    private int _calls;

    private Probe Probe => Probe.For(GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Probe.Activations);
        if (Interlocked.Decrement(ref Probe.ActivationFailuresToCause) >= 0)
        {
            throw new InvalidOperationException("activation failed on purpose");
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Probe.Deactivations);
        Probe.DeactivationReasons.Enqueue(new DeactivationReasonRecord(reason));
        return Task.CompletedTask;
    }

    public Task<GrainId> WhoAmIAsync() => Task.FromResult(GrainId);

    public Task<long> GetActivationIdAsync() => Task.FromResult(Context.ActivationId);

    public async Task FailAsync(string message)
    {
        await Task.Yield();
        throw new GrainTestException(message);
    }

    public Task FailSynchronously(string message) => throw new GrainTestException(message);

    public Task<int> CountCallsAsync() => Task.FromResult(++_calls);

    public Task LeaveAfterThisCallAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class GuidKeyedGrain : Grain, IGuidKeyedGrain
{
    public Task<Guid> GetKeyAsync() => Task.FromResult(GetPrimaryKey());
}

public sealed class GrainTestException(string message) : Exception(message);
