using System.Collections.Concurrent;

namespace Albumi.Tests.Runtime.TestGrains;

/// <summary>What test grains observed, per grain key. Each test uses fresh keys, so tests never see each other's records.</summary>
public sealed class Probe
{
    private static readonly ConcurrentDictionary<string, Probe> Probes = new();
    private int _inFlight;
    private int _maxInFlight;

    public static Probe For(string key) => Probes.GetOrAdd(key, static _ => new Probe());

    public int Activations;
    public int Deactivations;
    public int ActivationFailuresToCause;
    public readonly ConcurrentQueue<DeactivationReasonRecord> DeactivationReasons = new();
    public readonly ConcurrentQueue<(Guid Node, string Reminder, DateTimeOffset FiredAt)> Firings = new();
    public TaskCompletionSource? BlockReminders;
    public int ReminderFailuresToCause;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }
    }

    public void Leave() => Interlocked.Decrement(ref _inFlight);
}

public sealed record DeactivationReasonRecord(Grains.DeactivationReason Reason);
