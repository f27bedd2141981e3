namespace Recommender.Benchmarks;

/// <summary>Dispatches <c>dotnet run -c Release --project benchmarks/Recommender.Benchmarks -- NAME [options]</c>.</summary>
internal static class BenchmarkApp
{
    public static Task<int> RunAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "step-profile":
                return Run(StepProfile.RunAsync(Required(args, "--input"), Arg(args, "--batch", 128), Arg(args, "--dim", 64), Arg(args, "--len", 200), Arg(args, "--repeats", 5), Arg(args, "--dropout-percent", 20) / 100.0));
            case "train-speed":
                return Run(TrainSpeed.RunAsync(Required(args, "--input"), Arg(args, "--epochs", 3), args.Contains("--text")));
            case "evaluate":
                return Run(ModelEvaluation.RunAsync(Required(args, "--input"), [.. Values(args, "--model")]));
            case "baselines":
                return Run(Baselines.RunAsync(Required(args, "--input"), args.Contains("--sequences-text"), [.. Values(args, "--ease-lambda").Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))], args.Contains("--fit-through-validation")));
            case "scoring-speed":
                return Run(ScoringSpeed.RunAsync(Required(args, "--input"), Arg(args, "--batch", 32), Arg(args, "--repeats", 5), Arg(args, "--latency-users", 2000), args.Contains("--fused")));
            case "mlnet-scoring":
                return Run(MLNetScoring.RunAsync(Required(args, "--input"), Arg(args, "--users", 1000), Arg(args, "--candidates", 100), Arg(args, "--repeats", 5)));
            case "batch-scoring":
                return BatchScoringSpeed.RunAsync(Required(args, "--input"), [.. Values(args, "--users").DefaultIfEmpty("100000").Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))]);
            case "batch-scoring-run":
                return BatchScoringSpeed.RunOneAsync(Required(args, "--model"), Required(args, "--input"), Required(args, "--output"), Arg(args, "--concurrent-batches", 1));
            case "cold-start":
                return Run(ColdStart.RunAsync(Required(args, "--input"), Arg(args, "--epochs", 12), [.. Values(args, "--id-dropout-percent").DefaultIfEmpty("10").Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) / 100)]));
            case "catalog-topk":
                return Task.FromResult(CatalogTopK.Run(Arg(args, "--items", 1_000_000), Arg(args, "--queries", 50)));
            case "catalog-topk-query":
                return Task.FromResult(CatalogTopK.Query(Required(args, "--model"), Arg(args, "--queries", 50)));
            case "approximate-topk":
                return ApproximateTopKSpeed.RunAsync([.. Values(args, "--items").DefaultIfEmpty("1000000").Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))], Arg(args, "--users", 20_000), Arg(args, "--exact-users", 1000),
                    IndexArguments(args), Value(args, "--lengths", "20-200,3-20"));
            case "approximate-topk-run":
                return ApproximateTopKSpeed.RunOneAsync(Required(args, "--model"), Values(args, "--ceiling-model").FirstOrDefault(), Arg(args, "--users", 20_000), Arg(args, "--exact-users", 1000), IndexOptions(args),
                    [.. Value(args, "--depths", "64,128,256").Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))], ApproximateTopKSpeed.Lengths(Value(args, "--lengths", "20-200,3-20")));
            case "blend-probe":
                return Run(BlendProbe.RunAsync(Required(args, "--input"), args.Contains("--sequences-text"), Required(args, "--model"), Arg(args, "--followers", 0)));
            case "dropout-micro":
                DropoutMicro.Run();
                return Task.FromResult(0);
            default:
                Console.Error.WriteLine("usage: step-profile --input PATH [--batch N] [--len N] [--dim N] [--repeats N] [--dropout-percent N] | train-speed --input PATH [--epochs N] [--text] | evaluate --input PATH --model M.recbundle|M.recmodel [--model M2] | baselines --input PATH [--sequences-text] [--ease-lambda L ...] [--fit-through-validation] | scoring-speed --input PATH [--batch N] [--repeats N] [--latency-users N] [--fused] | batch-scoring --input PATH [--users N ...] | mlnet-scoring --input PATH [--users N] [--candidates N] [--repeats N] | catalog-topk [--items N] [--queries N] | approximate-topk [--items N ...] [--users N] [--exact-users N] [--connectivity M] [--expansion-add N] [--precision full|half|quantized] [--oversampling N] [--depths 64,128,256] [--lengths 20-200,3-20] | cold-start --input PATH [--epochs N] [--id-dropout-percent N ...] | dropout-micro");
                return Task.FromResult(2);
        }
    }

    private static readonly string[] IndexFlags = ["--connectivity", "--expansion-add", "--precision", "--oversampling", "--depths"];

    /// <summary>The index settings given, passed on to the process that measures one catalog.</summary>
    private static string[] IndexArguments(string[] args) =>
        [.. IndexFlags.SelectMany(flag => Values(args, flag).Take(1).SelectMany(value => new[] { flag, value }))];

    private static Scoring.ApproximateTopKOptions IndexOptions(string[] args) => new()
    {
        Connectivity = Arg(args, "--connectivity", Scoring.ApproximateTopKOptions.Defaults.Connectivity),
        ExpansionAdd = Arg(args, "--expansion-add", Scoring.ApproximateTopKOptions.Defaults.ExpansionAdd),
        Oversampling = Arg(args, "--oversampling", Scoring.ApproximateTopKOptions.Defaults.Oversampling),
        Precision = Enum.Parse<Scoring.IndexPrecision>(Value(args, "--precision", Scoring.ApproximateTopKOptions.Defaults.Precision.ToString()), ignoreCase: true),
    };

    private static async Task<int> Run(Task task)
    {
        await task;
        return 0;
    }

    private static string Required(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} is required: a dataset file or folder, e.g. a MovieLens 1M folder.");
    }

    private static IEnumerable<string> Values(string[] args, string name)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                yield return args[i + 1];
            }
        }
    }

    private static string Value(string[] args, string name, string fallback) => Values(args, name).FirstOrDefault() ?? fallback;

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
