using Recommender.Samples.Reranking;

await using var app = RerankingApp.Create(args);
await app.RunAsync();
