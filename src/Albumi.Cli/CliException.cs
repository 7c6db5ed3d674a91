namespace Albumi.Cli;

/// <summary>A failure to report in one line on stderr, with exit code 1 (2 for usage).</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
