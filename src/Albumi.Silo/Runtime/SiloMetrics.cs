using System.Diagnostics.Metrics;

namespace Albumi.Silo.Runtime;

/// <summary>The runtime's instruments, on the meter <c>Albumi.Silo</c>, tagged by grain type.</summary>
public sealed class SiloMetrics
{
    public const string MeterName = "Albumi.Silo";
    private const string GrainTypeTag = "albumi.grain.type";

    private readonly UpDownCounter<long> _activations;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _callDuration;
    private readonly Histogram<double> _reminderLag;

    public SiloMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _activations = meter.CreateUpDownCounter<long>("albumi.grain.activations", description: "Live grain activations on this node.");
        _calls = meter.CreateCounter<long>("albumi.grain.calls", description: "Grain calls, by grain type and outcome.");
        _callDuration = meter.CreateHistogram<double>("albumi.grain.call.duration", unit: "ms", description: "Time from a grain call to its result, queueing included.");
        _reminderLag = meter.CreateHistogram<double>("albumi.reminder.lag", unit: "ms", description: "Time from a reminder's due time to its firing.");
    }

    internal void ActivationAdded(string grainType) => _activations.Add(1, new KeyValuePair<string, object?>(GrainTypeTag, grainType));

    internal void ActivationRemoved(string grainType) => _activations.Add(-1, new KeyValuePair<string, object?>(GrainTypeTag, grainType));

    /// <summary>The same calls, kept on the node for the operator dashboard (OpenTelemetry exports the histogram above).</summary>
    public GrainCallStats Calls { get; } = new();

    internal void RecordCall(string grainType, TimeSpan duration, bool failed)
    {
        Calls.Record(grainType, duration, failed);
        if (_calls.Enabled)
        {
            _calls.Add(1, new KeyValuePair<string, object?>(GrainTypeTag, grainType), new KeyValuePair<string, object?>("albumi.call.failed", failed));
        }

        if (_callDuration.Enabled)
        {
            _callDuration.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>(GrainTypeTag, grainType));
        }
    }

    internal void RecordReminderLag(string grainType, TimeSpan lag)
        => _reminderLag.Record(Math.Max(0, lag.TotalMilliseconds), new KeyValuePair<string, object?>(GrainTypeTag, grainType));
}
