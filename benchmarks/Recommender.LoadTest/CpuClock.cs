using System.Diagnostics;
using System.Globalization;

namespace Recommender.LoadTest;

/// <summary>
/// Where the machine's CPU time went during the measured window: the server process, this client, and everything
/// else (other users of a shared machine), so a figure can be read against what was actually available.
/// </summary>
internal sealed class CpuClock
{
    /// <summary>The /proc/stat columns of busy time: user, nice, system, irq, softirq, steal.</summary>
    private static readonly int[] BusyColumns = [1, 2, 3, 6, 7, 8];

    private readonly Process? _server;
    private readonly TimeSpan _serverStart;
    private readonly TimeSpan _clientStart;
    private readonly double _busyStart;

    public CpuClock(int? serverPid)
    {
        _server = serverPid is { } pid ? Process.GetProcessById(pid) : null;
        _serverStart = _server?.TotalProcessorTime ?? TimeSpan.Zero;
        _clientStart = Process.GetCurrentProcess().TotalProcessorTime;
        _busyStart = MachineBusySeconds();
    }

    /// <summary>CPU seconds of the server, the client and the whole machine since this clock started.</summary>
    public (double Server, double Client, double Machine) Read()
    {
        _server?.Refresh();
        var server = _server is null ? double.NaN : (_server.TotalProcessorTime - _serverStart).TotalSeconds;
        var client = (Process.GetCurrentProcess().TotalProcessorTime - _clientStart).TotalSeconds;
        return (server, client, MachineBusySeconds() - _busyStart);
    }

    /// <summary>Busy CPU seconds of all cores since boot, from /proc/stat (user, nice, system, irq, softirq, steal); NaN elsewhere.</summary>
    private static double MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return double.NaN;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = BusyColumns.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return ticks / 100.0;
    }
}
