namespace Albumi.Grains;

/// <summary>A grain identified by a string (for example a normalised email address).</summary>
public interface IGrainWithStringKey : IGrain;
