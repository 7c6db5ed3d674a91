namespace Albumi.Grains.Accounts;

/// <summary>When an account's requested erasure is due (null: none is scheduled). The erasure grain's own state.</summary>
[GenerateSerializer, Alias("albumi.erasure-schedule.v1")]
public sealed class ErasureSchedule
{
    [Id(0)]
    public DateTimeOffset? EraseAfter { get; set; }
}
