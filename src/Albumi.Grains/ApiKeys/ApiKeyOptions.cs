namespace Albumi.Grains.ApiKeys;

/// <summary>API key settings (section <c>Albumi:ApiKeys</c>).</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Albumi:ApiKeys";

    /// <summary><c>lastUsedAt</c> is written at most this often per key.</summary>
    public TimeSpan LastUsedWriteInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests one key may make in any minute, counted once for the whole cluster (a sliding window).</summary>
    public int RequestsPerMinute { get; set; } = 600;
}
