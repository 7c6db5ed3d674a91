namespace Albumi.Tests.Infrastructure;

/// <summary>Waits for a condition that background work makes true, failing with a message after a bound.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string because)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not true within {within}: {because}");
            }

            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string because)
        => TrueAsync(() => Task.FromResult(condition()), within, because);
}
