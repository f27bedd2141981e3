using Microsoft.AspNetCore.Http;
using Recommender.Scoring;
using Recommender.Server.Batching;
using Recommender.Server.Contracts;
using Recommender.Server.Models;

namespace Recommender.Server.Endpoints;

/// <summary>Recommend and score, for one user (dynamically batched) or many (one batched call).</summary>
internal static class ScoringHandlers
{
    public static Task<IResult> RecommendAsync(HttpContext context, RequestRunner runner, RequestBatcher batcher) =>
        runner.RunAsync(context, "recommend", async (model, cancellationToken) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<RecommendRequest>(context, runner.Options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var validation = new Validation(runner.Options);
            var k = Check(validation, request!, "");
            if (!validation.IsValid)
            {
                return Problems.Invalid(validation.Errors);
            }

            var history = request!.History!;
            var excludeSeen = request.ExcludeSeen ?? true;
            var filter = Filter(request);
            var items = filter is null
                ? await batcher.RecommendAsync(model, history, k, excludeSeen, cancellationToken).ConfigureAwait(false)
                : model.Session.Recommend(history, k, excludeSeen, filter);
            var unknown = Unknown(model, history);
            return TypedResults.Ok(new RecommendResponse(model.Version, Items(items), unknown, unknown == history.Length));
        });

    public static Task<IResult> RecommendBatchAsync(HttpContext context, RequestRunner runner) =>
        runner.RunAsync(context, "recommend/batch", async (model, cancellationToken) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<RecommendBatchRequest>(context, runner.Options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var validation = new Validation(runner.Options);
            if (request!.Users is null)
            {
                validation.Add("users", "required: an array of recommend requests.");
                return Problems.Invalid(validation.Errors);
            }

            var users = request.Users;
            validation.Count("users", users.Length, runner.Options.MaxBatchRequestUsers, "user");
            var ks = new int[users.Length];
            for (var i = 0; i < users.Length; i++)
            {
                if (users[i] is null)
                {
                    validation.Add($"users[{i}]", "expected a recommend request object.");
                    continue;
                }

                ks[i] = Check(validation, users[i], $"users[{i}].");
            }

            if (!validation.IsValid)
            {
                return Problems.Invalid(validation.Errors);
            }

            var results = new RecommendResult[users.Length];
            var session = model.Session;
            foreach (var group in Enumerable.Range(0, users.Length).Where(i => Filter(users[i]) is null).GroupBy(i => (K: ks[i], ExcludeSeen: users[i].ExcludeSeen ?? true)))
            {
                var rows = group.ToArray();
                var answers = session.RecommendBatch([.. rows.Select(i => (IEnumerable<string>)users[i].History!)], group.Key.K, group.Key.ExcludeSeen);
                for (var j = 0; j < rows.Length; j++)
                {
                    results[rows[j]] = Result(model, users[rows[j]].History!, answers[j]);
                }
            }

            for (var i = 0; i < users.Length; i++)
            {
                if (Filter(users[i]) is { } filter)
                {
                    results[i] = Result(model, users[i].History!, session.Recommend(users[i].History!, ks[i], users[i].ExcludeSeen ?? true, filter));
                }
            }

            return TypedResults.Ok(new RecommendBatchResponse(model.Version, results));
        });

    public static Task<IResult> ScoreAsync(HttpContext context, RequestRunner runner, RequestBatcher batcher) =>
        runner.RunAsync(context, "score", async (model, cancellationToken) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<ScoreRequest>(context, runner.Options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var validation = new Validation(runner.Options);
            Check(validation, request!, "");
            if (!validation.IsValid)
            {
                return Problems.Invalid(validation.Errors);
            }

            var scores = await batcher.ScoreAsync(model, request!.History!, request.Candidates!, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new ScoreResponse(model.Version, Scores(scores), Unknown(model, request.History!)));
        });

    public static Task<IResult> ScoreBatchAsync(HttpContext context, RequestRunner runner) =>
        runner.RunAsync(context, "score/batch", async (model, cancellationToken) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<ScoreBatchRequest>(context, runner.Options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var validation = new Validation(runner.Options);
            if (request!.Users is null)
            {
                validation.Add("users", "required: an array of score requests.");
                return Problems.Invalid(validation.Errors);
            }

            var users = request.Users;
            validation.Count("users", users.Length, runner.Options.MaxBatchRequestUsers, "user");
            for (var i = 0; i < users.Length; i++)
            {
                if (users[i] is null)
                {
                    validation.Add($"users[{i}]", "expected a score request object.");
                }
                else
                {
                    Check(validation, users[i], $"users[{i}].");
                }
            }

            if (!validation.IsValid)
            {
                return Problems.Invalid(validation.Errors);
            }

            var scores = model.Session.ScoreBatch([.. users.Select(u => (IEnumerable<string>)u.History!)], [.. users.Select(u => (IReadOnlyList<string>)u.Candidates!)]);
            var results = users.Select((u, i) => new ScoreResult(Scores(scores[i]), Unknown(model, u.History!))).ToArray();
            return TypedResults.Ok(new ScoreBatchResponse(model.Version, results));
        });

    private static int Check(Validation validation, RecommendRequest request, string prefix)
    {
        validation.History(prefix + "history", request.History);
        validation.Ids(prefix + "allow", request.Allow, validation.MaxCandidates, required: false);
        validation.Ids(prefix + "deny", request.Deny, validation.MaxCandidates, required: false);
        return validation.K(prefix + "k", request.K);
    }

    private static void Check(Validation validation, ScoreRequest request, string prefix)
    {
        validation.History(prefix + "history", request.History);
        validation.Ids(prefix + "candidates", request.Candidates, validation.MaxCandidates, required: true, nonEmpty: true);
    }

    /// <summary>The allow/deny lists as a filter, or null when the request has neither (only those requests are batched).</summary>
    private static Func<string, bool>? Filter(RecommendRequest request)
    {
        if (request.Allow is null && request.Deny is null)
        {
            return null;
        }

        var allow = request.Allow is null ? null : new HashSet<string>(request.Allow, StringComparer.Ordinal);
        var deny = new HashSet<string>(request.Deny ?? [], StringComparer.Ordinal);
        return id => (allow is null || allow.Contains(id)) && !deny.Contains(id);
    }

    private static int Unknown(LoadedModel model, string[] history)
    {
        var unknown = 0;
        foreach (var id in history)
        {
            if (!model.Session.Contains(id))
            {
                unknown++;
            }
        }

        return unknown;
    }

    private static RecommendResult Result(LoadedModel model, string[] history, IReadOnlyList<Recommendation> items)
    {
        var unknown = Unknown(model, history);
        return new RecommendResult(Items(items), unknown, unknown == history.Length);
    }

    private static RecommendedItem[] Items(IReadOnlyList<Recommendation> items) =>
        [.. items.Select(r => new RecommendedItem(r.ItemId, r.Score, r.Title))];

    private static float?[] Scores(float[] scores) =>
        [.. scores.Select(s => float.IsFinite(s) ? s : (float?)null)];
}
