namespace Albumi.Grains.Limits;

/// <summary>At most <see cref="Permits"/> in any <see cref="Window"/> (a sliding window).</summary>
[GenerateSerializer, Immutable, Alias("albumi.rate-limit.v1")]
public sealed record RateLimit([property: Id(0)] int Permits, [property: Id(1)] TimeSpan Window);
