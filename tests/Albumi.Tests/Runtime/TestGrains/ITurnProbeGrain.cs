using Albumi.Grains;

namespace Albumi.Tests.Runtime.TestGrains;

public interface ITurnProbeGrain : IGrainWithStringKey
{
    /// <summary>Stays inside the turn for <paramref name="delay"/>, recording how many calls were inside at once.</summary>
    Task<int> EnterAsync(TimeSpan delay);

    /// <summary>Waits inside the turn until <paramref name="barrier"/> has been reached by every participant.</summary>
    Task MeetAsync(string barrier);
}
