using Recommender.Benchmarks;

return await BenchmarkApp.RunAsync(args);
