using System.Diagnostics.Metrics;
using Albumi.Grains.Audit;
using Orleans.Runtime;

namespace Albumi.Grains.Telemetry;

/// <summary>
/// Albumi's own meter (<see cref="MeterName"/>): security outcomes as they are audited, reminder ticks and their
/// lateness, purge progress. Instruments cost nothing until a listener (the Prometheus or OTLP exporter) enables them.
/// Tags carry kinds and outcomes only, never an account, workspace, key or address.
/// </summary>
public sealed class AlbumiMetrics
{
    public const string MeterName = "Albumi";

    private readonly Counter<long> _securityEvents;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _revocations;
    private readonly Counter<long> _reminderTicks;
    private readonly Histogram<double> _reminderLateness;
    private readonly Counter<long> _purgedRows;

    public AlbumiMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _securityEvents = meter.CreateCounter<long>("albumi.security.events", "{event}", "Security events written to the audit log, by type and outcome.");
        _signIns = meter.CreateCounter<long>("albumi.sign_ins", "{sign-in}", "Sign-in attempts by outcome (success, failure, blocked).");
        _revocations = meter.CreateCounter<long>("albumi.revocations", "{revocation}", "Sessions or keys revoked, or access narrowed, by trigger.");
        _reminderTicks = meter.CreateCounter<long>("albumi.reminders.due", "{tick}", "Reminder ticks delivered to Albumi's grains, by reminder.");
        _reminderLateness = meter.CreateHistogram<double>(
            "albumi.reminders.lateness", "s", "How long after its scheduled time a reminder tick ran.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600] });
        _purgedRows = meter.CreateCounter<long>("albumi.purge.rows", "{row}", "Rows hard-deleted by workspace purges, by table.");
    }

    /// <summary>Counts an event once the audit log holds it.</summary>
    public void Audited(SecurityEventType type, SecurityOutcome outcome)
    {
        var outcomeName = SecurityAuditLog.OutcomeName(outcome);
        _securityEvents.Add(1, new KeyValuePair<string, object?>("type", type.ToString()), new KeyValuePair<string, object?>("outcome", outcomeName));
        if (type == SecurityEventType.SignIn)
        {
            _signIns.Add(1, new KeyValuePair<string, object?>("outcome", outcomeName));
        }
        else if (outcome == SecurityOutcome.Success && RevocationTrigger(type) is { } trigger)
        {
            _revocations.Add(1, new KeyValuePair<string, object?>("trigger", trigger));
        }
    }

    /// <summary>Counts a reminder tick and how late it ran.</summary>
    public void ReminderTick(string reminder, TickStatus status, DateTimeOffset now)
    {
        var tag = new KeyValuePair<string, object?>("reminder", reminder);
        _reminderTicks.Add(1, tag);
        var late = (now.UtcDateTime - status.CurrentTickTime.ToUniversalTime()).TotalSeconds;
        _reminderLateness.Record(Math.Max(0, late), tag);
    }

    public void Purged(string table, long rows)
    {
        if (rows > 0)
        {
            _purgedRows.Add(rows, new KeyValuePair<string, object?>("table", table));
        }
    }

    private static string? RevocationTrigger(SecurityEventType type) => type switch
    {
        SecurityEventType.SignOut => "sign_out",
        SecurityEventType.SignOutAll => "sign_out_all",
        SecurityEventType.SessionRevoked => "session_revoked",
        SecurityEventType.AccountDisabled => "account_disabled",
        SecurityEventType.MemberRemoved => "member_removed",
        SecurityEventType.RoleChanged => "role_changed",
        SecurityEventType.ApiKeyRevoked => "api_key_revoked",
        _ => null,
    };
}
