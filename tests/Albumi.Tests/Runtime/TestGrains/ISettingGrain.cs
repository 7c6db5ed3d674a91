using Albumi.Grains;

namespace Albumi.Tests.Runtime.TestGrains;

/// <summary>Caches one workspace setting in its activation, the way real grains cache what other nodes may change.</summary>
public interface ISettingGrain : IGrainWithGuidKey
{
    Task<string?> GetAsync();

    Task SetAsync(string value);

    /// <summary>Writes another workspace's setting grain's row and announces that grain as changed.</summary>
    Task SetOtherAsync(Guid otherWorkspace, string value);
}
