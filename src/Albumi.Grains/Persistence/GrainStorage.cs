namespace Albumi.Grains.Persistence;

/// <summary>
/// Orleans' grain storage (the ADO.NET provider on Albumi's PostgreSQL), for state that belongs to one grain and is
/// never queried across grains: an <c>IPersistentState</c> with its own version check. State that queries read, or
/// that must commit together with rows (a purge's progress commits with each batch it deletes), stays in Albumi's tables.
/// </summary>
public static class GrainStorage
{
    public const string Name = "albumi";
}
