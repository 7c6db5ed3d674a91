namespace Albumi.Grains.Limits;

/// <summary>
/// Whether a permit was granted; when not, how long until one frees up, and whether this is the first refusal since the
/// last grant (so a refusal is audited once per spell, not once per request of a flood).
/// </summary>
[GenerateSerializer, Immutable, Alias("albumi.rate-limit-decision.v1")]
public sealed record RateLimitDecision([property: Id(0)] bool Granted, [property: Id(1)] TimeSpan RetryAfter, [property: Id(2)] bool FirstRefusal)
{
    public static readonly RateLimitDecision Grant = new(true, TimeSpan.Zero, false);
}
