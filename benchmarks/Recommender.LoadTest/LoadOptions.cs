using System.Globalization;

namespace Recommender.LoadTest;

/// <summary>The command line of the load generator.</summary>
internal sealed record LoadOptions(
    Uri Url,
    string Data,
    int Connections,
    TimeSpan Duration,
    TimeSpan Warmup,
    int K,
    int HistoryLength,
    string? SwapPath,
    string[] SwapBundles,
    TimeSpan SwapEvery,
    string Label,
    int? ServerPid,
    string? DirectBundle)
{
    public const string Usage = """
        usage: Recommender.LoadTest --data DATASET [--url http://127.0.0.1:5080] [--connections 64] [--duration 60] [--warmup 5]
                                    [--k 10] [--history-length 200] [--label NAME] [--server-pid PID] [--direct BUNDLE]
                                    [--swap-path WATCHED.recbundle --swap-bundles A.recbundle,B.recbundle --swap-every 10]
        POSTs /recommend (top-k for a user's latest items from DATASET) on N connections for the duration and prints
        requests/s, latency percentiles (exact, from every recorded request), errors, and where the CPU time went
        (the server process given by --server-pid, this client, the rest of the machine). With --direct, measures
        the session alone in this process on the same histories instead (no HTTP), for --duration per form. With --swap-path, copies the
        swap bundles in turn over the watched bundle (write beside it, then rename) every --swap-every seconds.
        """;

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value pairs; got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Get(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var data = values.TryGetValue("data", out var d) ? d : throw new ArgumentException("--data is required: the dataset the histories come from.");
        return new LoadOptions(
            new Uri(Get("url", "http://127.0.0.1:5080")),
            data,
            Int("connections", 64),
            TimeSpan.FromSeconds(Int("duration", 60)),
            TimeSpan.FromSeconds(Int("warmup", 5)),
            Int("k", 10),
            Int("history-length", 200),
            values.GetValueOrDefault("swap-path"),
            Get("swap-bundles", "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            TimeSpan.FromSeconds(Int("swap-every", 10)),
            Get("label", ""),
            values.TryGetValue("server-pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            values.GetValueOrDefault("direct"));
    }
}
