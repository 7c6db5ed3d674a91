namespace Albumi.Grains.Security;

/// <summary>
/// The field-encryption key ring, one per deployment (key <see cref="Key"/>): the one place that says which data keys are
/// live. A reminder re-encrypts old ciphertexts after a rotation, in batches, resumably.
/// </summary>
[Alias("albumi.key-ring-grain")]
public interface IKeyRingGrain : IGrainWithStringKey
{
    public const string Key = "ring";

    /// <summary>The live key versions and the current one (never the keys).</summary>
    Task<KeyRingVersions> GetVersionsAsync();

    /// <summary>Adds a key, makes it the one new ciphertexts use, and starts re-encrypting the old ones. Returns its version.</summary>
    [ResponseTimeout(GrainCallDeadlines.Operator)]
    Task<int> RotateAsync();

    /// <summary>The latest rotation's progress, or null when no rotation ever ran.</summary>
    Task<KeyRotationProgress?> GetRotationAsync();

    /// <summary>How many stored secrets each live key version protects.</summary>
    [ResponseTimeout(GrainCallDeadlines.Operator)]
    Task<IReadOnlyDictionary<int, long>> UsageAsync();

    /// <summary>Retires a key nothing uses any more; refuses (with the reason) while anything does or when it is current.</summary>
    [ResponseTimeout(GrainCallDeadlines.Operator)]
    Task<string?> RetireAsync(int version);
}
