using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Albumi.Testing;

/// <summary>
/// A node run the way a user runs it: as its own process (the built Albumi.Web or Albumi.Silo, from the caller's
/// output folder), output captured, with ports of its own and no connection string inherited from the caller.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private const int FirstPort = 20_000;
    private const int PortCount = 12_000;
    private static int _portsHandedOut = Environment.ProcessId * 97 % PortCount;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="assembly"/> (e.g. "Albumi.Web") from the caller's output folder with the given environment and
    /// command-line arguments (e.g. an operator command of Albumi.Silo).
    /// </summary>
    public static NodeProcess Start(string assembly, IDictionary<string, string> environment, IReadOnlyList<string>? arguments = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        foreach (var argument in arguments ?? [])
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment.Remove("ConnectionStrings__Albumi");
        startInfo.Environment.Remove("ALBUMI_DB");

        // Every node is a silo: ports of its own, so several run side by side (and beside in-process nodes).
        startInfo.Environment["Orleans__Endpoints__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["Orleans__Endpoints__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>
    /// A loopback port nothing listens on, for a node to bind. Taken from below Linux's ephemeral range (32768-60999):
    /// a port the system picks is from that range, where an outgoing connection (silos open many) can take it before the
    /// node binds it. Each port is handed out once per process, from a start spread by process id.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < PortCount; attempt++)
        {
            var port = FirstPort + (Interlocked.Increment(ref _portsHandedOut) % PortCount);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: the next one.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {FirstPort} and {FirstPort + PortCount - 1}.");
    }

    /// <summary>Asks the process to stop the way Ctrl+C or a service manager does (SIGTERM) and waits for it.</summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        await SignalAsync("TERM");
        return await WaitForExitAsync(within);
    }

    /// <summary>Sends a signal as an operator's <c>kill</c> would: KILL (no chance to leave), STOP (frozen), CONT.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A frozen (SIGSTOP) process is killed as well: KILL needs no CONT.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
