using System.Diagnostics.Metrics;
using Albumi.Grains;
using Albumi.Silo.Runtime;
using Albumi.Tests.Infrastructure;
using Albumi.Tests.Runtime.TestGrains;

namespace Albumi.Tests.Runtime;

public sealed class GrainRuntimeTests() : ClusterTest(1)
{
    private readonly TestClock _clock = new();
    protected override TimeProvider? Clock => _clock;

    private GrainRuntime Runtime => A.Runtime;

    protected override void Configure(Dictionary<string, string?> settings) => settings["Albumi:Node:CollectionAge"] = "00:10:00";

    [Fact]
    public async Task CallsToOneGrainNeverOverlap()
    {
        var key = NewKey();
        var grain = Runtime.GetGrain<ITurnProbeGrain>(key);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.EnterAsync(TimeSpan.FromMilliseconds(5))));

        Assert.Equal(1, Probe.For(key).MaxInFlight);
        Assert.Equal(Enumerable.Range(1, 20), results.Order());
    }

    [Fact]
    public async Task CallsToDifferentGrainsRunInParallel()
    {
        var meeting = NewKey();
        TurnProbeGrain.Meetings[meeting] = new Meeting(2);

        // Each call waits inside its turn until the other has arrived: serialised calls would time out.
        await Task.WhenAll(
            Runtime.GetGrain<ITurnProbeGrain>(NewKey()).MeetAsync(meeting),
            Runtime.GetGrain<ITurnProbeGrain>(NewKey()).MeetAsync(meeting));
    }

    [Fact]
    public async Task GrainKnowsItsOwnIdentity()
    {
        var key = NewKey();
        var guid = Guid.NewGuid();

        Assert.Equal(new GrainId("ILifecycleGrain", key), await Runtime.GetGrain<ILifecycleGrain>(key).WhoAmIAsync());
        Assert.Equal(guid, await Runtime.GetGrain<IGuidKeyedGrain>(guid).GetKeyAsync());
    }

    [Fact]
    public async Task OneActivationServesEveryCallOnANode()
    {
        var key = NewKey();

        var first = await Runtime.GetGrain<ILifecycleGrain>(key).GetActivationIdAsync();
        Assert.Equal(1, await Runtime.GetGrain<ILifecycleGrain>(key).CountCallsAsync());
        var second = await Runtime.GetGrain<ILifecycleGrain>(key).GetActivationIdAsync();
        Assert.Equal(2, await Runtime.GetGrain<ILifecycleGrain>(key).CountCallsAsync());

        Assert.Equal(first, second);
        Assert.Equal(1, Probe.For(key).Activations);
    }

    [Fact]
    public async Task GrainExceptionReachesTheCallerUnchangedAndTheActivationStaysUsable()
    {
        var key = NewKey();
        var grain = Runtime.GetGrain<ILifecycleGrain>(key);
        await grain.CountCallsAsync();

        var thrown = await Assert.ThrowsAsync<GrainTestException>(() => grain.FailAsync("boom"));
        var thrownSynchronously = await Assert.ThrowsAsync<GrainTestException>(() => grain.FailSynchronously("bang"));

        Assert.Equal("boom", thrown.Message);
        Assert.Equal("bang", thrownSynchronously.Message);
        Assert.Equal(2, await grain.CountCallsAsync());
        Assert.Equal(1, Probe.For(key).Activations);
    }

    [Fact]
    public async Task FailedActivationIsRetriedOnTheNextCall()
    {
        var key = NewKey();
        Probe.For(key).ActivationFailuresToCause = 1;
        var grain = Runtime.GetGrain<ILifecycleGrain>(key);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.CountCallsAsync());

        Assert.Equal("activation failed on purpose", failure.Message);
        Assert.False(Runtime.IsActive(GrainId.For<ILifecycleGrain>(key)));
        Assert.Equal(1, await grain.CountCallsAsync());
        Assert.Equal(2, Probe.For(key).Activations);
    }

    [Fact]
    public async Task IdleActivationIsCollectedAfterTheCollectionAge()
    {
        var idle = NewKey();
        var recent = NewKey();
        await Runtime.GetGrain<ILifecycleGrain>(idle).CountCallsAsync();
        _clock.Advance(TimeSpan.FromMinutes(6));
        await Runtime.GetGrain<ILifecycleGrain>(recent).CountCallsAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));

        await Runtime.CollectIdleAsync();

        Assert.False(Runtime.IsActive(GrainId.For<ILifecycleGrain>(idle)));
        Assert.True(Runtime.IsActive(GrainId.For<ILifecycleGrain>(recent)));
        Assert.Equal([DeactivationReason.Idle], Probe.For(idle).DeactivationReasons.Select(r => r.Reason));
        Assert.Equal(1, await Runtime.GetGrain<ILifecycleGrain>(idle).CountCallsAsync());
        Assert.Equal(2, Probe.For(idle).Activations);
    }

    [Fact]
    public async Task GrainCanAskToBeDeactivatedAfterItsCall()
    {
        var key = NewKey();
        var grain = Runtime.GetGrain<ILifecycleGrain>(key);
        await grain.CountCallsAsync();

        await grain.LeaveAfterThisCallAsync();

        Assert.False(Runtime.IsActive(GrainId.For<ILifecycleGrain>(key)));
        Assert.Equal([DeactivationReason.Requested], Probe.For(key).DeactivationReasons.Select(r => r.Reason));
        Assert.Equal(1, await grain.CountCallsAsync());
    }

    [Fact]
    public async Task MetricsCountActivationsCallsAndCallDurationPerGrainType()
    {
        var key = NewKey();
        var measurements = new List<(string Instrument, double Value, string? GrainType)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SiloMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? type = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "albumi.grain.type")
                {
                    type = tag.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, type));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        var grain = Runtime.GetGrain<ILifecycleGrain>(key);
        await grain.CountCallsAsync();
        await grain.CountCallsAsync();
        listener.Dispose();

        List<(string Instrument, double Value, string? GrainType)> mine;
        lock (measurements)
        {
            mine = measurements.Where(m => m.GrainType == "ILifecycleGrain").ToList();
        }

        Assert.True(mine.Count(m => m.Instrument == "albumi.grain.calls") >= 2);
        Assert.True(mine.Count(m => m.Instrument == "albumi.grain.call.duration" && m.Value >= 0) >= 2);
        Assert.Contains(mine, m => m.Instrument == "albumi.grain.activations" && m.Value == 1);
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");
}
