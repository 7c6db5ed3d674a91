using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.CodeGeneration;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace Albumi.Grains.Cluster;

/// <summary>
/// Carries Albumi's grain calls over the seconds between a silo's death and the cluster declaring it dead: a call that
/// was rejected (it never ran: the connection to the dead silo was refused) is sent again, and so is a
/// <see cref="RepeatableAttribute"/> call whose silo vanished under it (broken off when the silo was declared dead), or
/// that timed out while the membership changed (a silo declared dead or joined meanwhile). Each try re-resolves where
/// the grain lives, so once the dead silo is out of the membership the grain is activated on a live one and the call
/// succeeds. A call that timed out while the membership stayed as it was goes to the same stuck or frozen activation
/// if sent again: it fails at once, so the request is answered (503) within one grain-call timeout, below a client's
/// patience. Past <see cref="Patience"/> the failure is the caller's. Calls to Orleans' own interfaces are not touched.
/// </summary>
/// <remarks>
/// This wraps Orleans' <see cref="IGrainReferenceRuntime"/> instead of being an outgoing grain call filter: with any
/// outgoing filter registered, Orleans sends every call of the process through its filter pipeline, which cost about
/// 1.3 µs per local call (bench <c>grains</c>). Here a call pays one check, and an await only when it is Albumi's.
/// </remarks>
public sealed partial class SiloFailureRetry(IGrainReferenceRuntime orleans, IServiceProvider services, ILogger<SiloFailureRetry> logger) : IGrainReferenceRuntime
{
    /// <summary>
    /// Longer than the default failure detection of a frozen silo (about 5.5 s) and the directory lease on its grains
    /// that follows (OrleansDefaults), shorter than a client's patience is worth holding a request for.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);
    private static readonly Assembly AlbumiContracts = typeof(RepeatableAttribute).Assembly;

    private IClusterMembershipService? _membership;

    public ValueTask<T?> InvokeMethodAsync<T>(GrainReference reference, IInvokable request, InvokeMethodOptions options)
    {
        var call = orleans.InvokeMethodAsync<T>(reference, request, options);
        return call.IsCompletedSuccessfully || !IsAlbumiCall(request) ? call : RepeatOnSiloFailureAsync(call, reference, request, options);
    }

    public ValueTask InvokeMethodAsync(GrainReference reference, IInvokable request, InvokeMethodOptions options)
    {
        var call = orleans.InvokeMethodAsync(reference, request, options);
        return call.IsCompletedSuccessfully || !IsAlbumiCall(request) ? call : RepeatOnSiloFailureAsync(call, reference, request, options);
    }

    public void InvokeMethod(GrainReference reference, IInvokable request, InvokeMethodOptions options) => orleans.InvokeMethod(reference, request, options);

    public object Cast(IAddressable grain, Type interfaceType) => orleans.Cast(grain, interfaceType);

    private static bool IsAlbumiCall(IInvokable request) => request.GetInterfaceType().Assembly == AlbumiContracts;

    private async ValueTask<T?> RepeatOnSiloFailureAsync<T>(ValueTask<T?> call, GrainReference reference, IInvokable request, InvokeMethodOptions options)
    {
        var since = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var membership = MembershipNow();
            try
            {
                return await call;
            }
            catch (Exception failure) when (MayRepeat(request, failure, since, membership))
            {
                await PauseAsync(request, attempt, failure);
            }

            call = orleans.InvokeMethodAsync<T>(reference, request, options);
        }
    }

    private async ValueTask RepeatOnSiloFailureAsync(ValueTask call, GrainReference reference, IInvokable request, InvokeMethodOptions options)
    {
        var since = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var membership = MembershipNow();
            try
            {
                await call;
                return;
            }
            catch (Exception failure) when (MayRepeat(request, failure, since, membership))
            {
                await PauseAsync(request, attempt, failure);
            }

            call = orleans.InvokeMethodAsync(reference, request, options);
        }
    }

    /// <summary>
    /// A rejected call never ran; one whose silo vanished or did not answer in time may have, so only a repeatable one
    /// goes again, and one that timed out only when the membership moved since it was sent. A call whose deadline
    /// passed while Orleans was still placing it (the directory partition that would say where its grain lives sits on
    /// a frozen silo) ends in an <see cref="OperationCanceledException"/>: Albumi's grain methods take no cancellation
    /// token, so that is Orleans giving up on it, treated as a timeout.
    /// </summary>
    private bool MayRepeat(IInvokable request, Exception failure, long since, MembershipVersion? membershipWhenSent)
        => Stopwatch.GetElapsedTime(since) < Patience
            && failure switch
            {
                SiloUnavailableException => IsRepeatable(request),
                TimeoutException or OperationCanceledException => IsRepeatable(request) && !Equals(MembershipNow(), membershipWhenSent),
                OrleansMessageRejectionException => true,
                _ => false,
            };

    private static bool IsRepeatable(IInvokable request) => request.GetMethod().IsDefined(typeof(RepeatableAttribute), inherit: false);

    /// <summary>The cluster's membership version; null on a process without a silo. Resolved on first use: Orleans builds its membership service after this runtime.</summary>
    private MembershipVersion? MembershipNow() => (_membership ??= services.GetService(typeof(IClusterMembershipService)) as IClusterMembershipService)?.CurrentSnapshot.Version;

    private Task PauseAsync(IInvokable request, int attempt, Exception failure)
    {
        LogRepeating(logger, request.GetInterfaceName(), request.GetMethodName(), attempt, failure.GetType().Name);
        return Task.Delay(Pause);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Repeating {Interface}.{Method} (attempt {Attempt}) after {Failure}: its silo is gone or not answering")]
    private static partial void LogRepeating(ILogger logger, string @interface, string method, int attempt, string failure);
}
