namespace Albumi.Grains.Time;

/// <summary>
/// Albumi's "now": session and key expiry, grace periods, TOTP steps, audit timestamps. It is a type of its own, not the
/// container's <see cref="TimeProvider"/>, because Orleans takes that one for membership liveness and its watchdog:
/// a test that moves Albumi's clock by a day must not make the silo believe its peers went silent for a day.
/// </summary>
public class AlbumiClock : TimeProvider
{
    /// <summary>The wall clock; tests subclass to move "now" by hand.</summary>
    public static new AlbumiClock System { get; } = new();
}
