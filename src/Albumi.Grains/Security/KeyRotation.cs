namespace Albumi.Grains.Security;

/// <summary>The latest key rotation's progress: the key ring grain's own state (<c>IPersistentState</c>).</summary>
[GenerateSerializer, Alias("albumi.key-rotation.v1")]
public sealed class KeyRotation
{
    /// <summary>The key version the rotation made current; 0 when no rotation ever ran.</summary>
    [Id(0)]
    public int Version { get; set; }

    [Id(1)]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Secrets rewritten under <see cref="Version"/> so far.</summary>
    [Id(2)]
    public long Reencrypted { get; set; }

    /// <summary>When nothing was left under an older key; null while the re-encryption runs.</summary>
    [Id(3)]
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>A rotation's progress as callers see it.</summary>
[GenerateSerializer, Immutable, Alias("albumi.key-rotation-progress.v1")]
public sealed record KeyRotationProgress(
    [property: Id(0)] int Version, [property: Id(1)] DateTimeOffset StartedAt, [property: Id(2)] long Reencrypted, [property: Id(3)] DateTimeOffset? FinishedAt);
