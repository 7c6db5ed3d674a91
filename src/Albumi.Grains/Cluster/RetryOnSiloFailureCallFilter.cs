using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Albumi.Grains.Cluster;

/// <summary>
/// Carries Albumi's grain calls over the seconds between a silo's death and the cluster declaring it dead: a call that
/// was rejected (it never ran: the connection to the dead silo was refused) is sent again, and so is a
/// <see cref="RepeatableAttribute"/> call whose silo vanished under it. Each try re-resolves where the grain lives, so
/// once the dead silo is out of the membership the grain is activated on a live one and the call succeeds. Past
/// <see cref="Patience"/> the failure is the caller's. Orleans' own calls (reminder ticks, management) are not touched.
/// </summary>
public sealed partial class RetryOnSiloFailureCallFilter(ILogger<RetryOnSiloFailureCallFilter> logger) : IOutgoingGrainCallFilter
{
    /// <summary>Longer than the default failure detection (probe timeout × missed probes, plus the vote).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.GetInterfaceType().Assembly == typeof(RepeatableAttribute).Assembly ? InvokeRepeatingAsync(context) : context.Invoke();
    }

    private async Task InvokeRepeatingAsync(IOutgoingGrainCallContext context)
    {
        var since = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            Exception? failure;
            try
            {
                await context.Invoke();
                failure = context.Response?.Exception;
            }
            catch (OrleansMessageRejectionException thrown) when (MayRepeat(context, thrown) && Stopwatch.GetElapsedTime(since) < Patience)
            {
                failure = thrown;
            }

            if (failure is not OrleansMessageRejectionException rejected || !MayRepeat(context, rejected) || Stopwatch.GetElapsedTime(since) >= Patience)
            {
                return;
            }

            LogRepeating(logger, context.InterfaceName, context.MethodName, attempt, rejected.GetType().Name);
            context.Response = null;
            await Task.Delay(Pause);
        }
    }

    private static bool MayRepeat(IOutgoingGrainCallContext context, OrleansMessageRejectionException failure)
        => failure is not SiloUnavailableException || context.InterfaceMethod.IsDefined(typeof(RepeatableAttribute), inherit: false);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Repeating {Interface}.{Method} (attempt {Attempt}) after {Failure}: its silo is gone and not yet declared dead")]
    private static partial void LogRepeating(ILogger logger, string @interface, string method, int attempt, string failure);
}
