using Albumi.Grains.Mfa;

namespace Albumi.Web.Me;

/// <summary>
/// At start, after the database is ready: recovery codes written before the keyed hash are rewritten under it
/// (<see cref="RecoveryCodeHasher.UpgradeLegacyAsync"/>), so they keep working and no plain SHA-256 stays in the database.
/// </summary>
internal sealed partial class RecoveryCodeUpgrade(RecoveryCodeHasher hasher, ILogger<RecoveryCodeUpgrade> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await hasher.UpgradeLegacyAsync(cancellationToken) is > 0 and var upgraded)
        {
            LogUpgraded(logger, upgraded);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(4101, LogLevel.Information, "Rewrote {Count} recovery codes from plain SHA-256 to the keyed hash.")]
    private static partial void LogUpgraded(ILogger logger, int count);
}
