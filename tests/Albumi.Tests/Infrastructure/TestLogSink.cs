using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Albumi.Tests.Infrastructure;

/// <summary>Keeps every log line a node writes, so tests can assert on what was (and was not) logged.</summary>
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
            => sink.Entries.Enqueue((category, logLevel, eventId, formatter(state, exception) + (exception is null ? "" : Environment.NewLine + exception)));
    }
}
