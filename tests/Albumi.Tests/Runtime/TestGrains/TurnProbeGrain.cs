using System.Collections.Concurrent;
using Albumi.Grains;

namespace Albumi.Tests.Runtime.TestGrains;

public sealed class TurnProbeGrain : Grain, ITurnProbeGrain
{
    public static readonly ConcurrentDictionary<string, Meeting> Meetings = new();
    private int _calls;

    public async Task<int> EnterAsync(TimeSpan delay)
    {
        var probe = Probe.For(GetPrimaryKeyString());
        probe.Enter();
        try
        {
            var before = _calls;
            await Task.Delay(delay);
            _calls = before + 1; // a lost update here would show overlapping turns
            return _calls;
        }
        finally
        {
            probe.Leave();
        }
    }

    public Task MeetAsync(string barrier) => Meetings[barrier].ArriveAsync();
}

/// <summary>Completes for every participant once all have arrived; a participant that never arrives times the others out.</summary>
public sealed class Meeting(int participants)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _arrived) == participants)
        {
            _all.TrySetResult();
        }

        return _all.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
