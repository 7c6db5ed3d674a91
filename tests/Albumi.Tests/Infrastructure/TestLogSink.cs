using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Albumi.Tests.Infrastructure;

/// <summary>
/// Keeps every log line a node writes, so tests can assert on what was (and was not) logged. Errors are also written to
/// the console, so a failing run's output says what went wrong on the server without every node's chatter.
/// </summary>
public sealed class TestLogSink : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class SinkLogger(TestLogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception) + (exception is null ? "" : Environment.NewLine + exception);
            sink.Entries.Enqueue((category, logLevel, eventId, message));
            if (logLevel >= LogLevel.Error)
            {
                Console.Error.WriteLine($"[node {logLevel}] {category}: {message}");
            }
        }
    }
}
