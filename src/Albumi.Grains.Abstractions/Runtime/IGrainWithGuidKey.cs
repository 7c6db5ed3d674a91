namespace Albumi.Grains;

/// <summary>A grain identified by a <see cref="Guid"/> (a workspace, an account, a session).</summary>
public interface IGrainWithGuidKey : IGrain;
