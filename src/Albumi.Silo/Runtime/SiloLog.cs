using Albumi.Grains;
using Microsoft.Extensions.Logging;

namespace Albumi.Silo.Runtime;

/// <summary>The runtime's log messages, with fixed event ids (1xxx runtime, 2xxx cluster, 3xxx reminders, 4xxx database).</summary>
internal static partial class SiloLog
{
    [LoggerMessage(1001, LogLevel.Warning, "Activation of {GrainId} failed with {ExceptionType}: {Message}; the next call tries again.")]
    public static partial void ActivationFailed(ILogger logger, GrainId grainId, string exceptionType, string message);

    [LoggerMessage(1002, LogLevel.Warning, "Deactivation ({Reason}) of {GrainId} failed with {ExceptionType}: {Message}.")]
    public static partial void DeactivationFailed(ILogger logger, GrainId grainId, DeactivationReason reason, string exceptionType, string message);

    [LoggerMessage(1003, LogLevel.Debug, "Collected {Count} idle activations.")]
    public static partial void IdleCollected(ILogger logger, int count);

    [LoggerMessage(2001, LogLevel.Information, "Listening for grain changes on channel {Channel}; activations are trusted again.")]
    public static partial void ListenEstablished(ILogger logger, string channel);

    [LoggerMessage(2002, LogLevel.Warning, "Lost the LISTEN connection ({Reason}); every cached activation is stale until it is back. Retrying in {Delay}.")]
    public static partial void ListenLost(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(2003, LogLevel.Warning, "Ignored a malformed grain change notice of {Length} characters.")]
    public static partial void MalformedNotice(ILogger logger, int length);

    [LoggerMessage(2004, LogLevel.Warning, "Heartbeat of node {NodeName} failed: {Reason}.")]
    public static partial void HeartbeatFailed(ILogger logger, string nodeName, string reason);

    [LoggerMessage(3001, LogLevel.Warning, "Reminder '{ReminderName}' of {GrainId} failed with {ExceptionType}: {Message}; due again in {RetryDelay}.")]
    public static partial void ReminderFailed(ILogger logger, string reminderName, GrainId grainId, string exceptionType, string message, TimeSpan retryDelay);

    [LoggerMessage(3002, LogLevel.Warning, "Polling reminders failed: {Reason}.")]
    public static partial void ReminderPollFailed(ILogger logger, string reason);
}
