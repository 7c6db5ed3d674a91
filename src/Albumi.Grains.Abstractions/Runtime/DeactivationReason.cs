namespace Albumi.Grains;

/// <summary>Why an activation is being dropped.</summary>
public enum DeactivationReason
{
    /// <summary>Not called for longer than the collection age.</summary>
    Idle,

    /// <summary>The grain asked for it with <c>DeactivateOnIdle()</c>.</summary>
    Requested,

    /// <summary>The grain's state changed (on this or another node); the next call loads it afresh.</summary>
    StateChanged,

    /// <summary>The node lost its cluster notification connection and no longer trusts cached state.</summary>
    CacheUntrusted,

    /// <summary>The node is shutting down.</summary>
    Shutdown,
}
