using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Cli.Failures;
using Recommender.Server;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender serve</c>: the recommender endpoints over HTTP, stand-alone, until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var bundle = new BundleOptions("The model bundle (*.recbundle) to serve; a new bundle written to this path is loaded and swapped in.");
        var urls = new Option<string>("--urls") { Description = "Where to listen, separated by ';' (port 0 picks a free port).", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var batching = new Option<string>("--batching") { Description = "on: concurrent single-user requests share graph runs (dynamic batching); off: one run per request.", DefaultValueFactory = _ => "on" };
        batching.AcceptOnlyFromAmong("on", "off");
        var window = new Option<double>("--batch-window") { Description = "Milliseconds a batch waits for more requests after its first.", DefaultValueFactory = _ => RecommenderServerOptions.Defaults.BatchWindow.TotalMilliseconds };
        var maxBatch = new Option<int>("--max-batch") { Description = "The most requests in one graph run.", DefaultValueFactory = _ => RecommenderServerOptions.Defaults.MaxBatchSize };
        var watch = new Option<bool>("--watch") { Description = "Load a new bundle written to the --model path (--watch false to serve only the first).", DefaultValueFactory = _ => true };
        var command = new Command("serve", "Serve a model bundle over HTTP: recommend, score, batch forms, model info, health, OpenAPI at /openapi/recommender.json. "
            + "The admin endpoints (reload, add items) are on when the environment sets Recommender__AdminApiKey; every Recommender:* setting can come from the environment or appsettings.json.")
        {
            bundle.Model, urls, batching, window, maxBatch, watch, bundle.Device, bundle.TopKSearch, bundle.IndexDirectory, bundle.IndexPrecision,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = Path.GetFullPath(bundle.ExistingModel(parse));
            var windowMs = parse.GetValue(window);
            var batchSize = parse.GetValue(maxBatch);
            if (windowMs < 0 || batchSize < 1)
            {
                throw CliFailure.Usage($"--batch-window and --max-batch: expected 0 or more milliseconds and at least 1 request; got {windowMs} and {batchSize}.");
            }

            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
            builder.WebHost.UseUrls(parse.GetValue(urls)!);
            // Per-request framework logs at Information would cost more than answering a request.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            // Configuration (appsettings.json, Recommender__* variables) is bound first; a flag overrides it only when given,
            // so a setting in configuration is not replaced by a flag's default.
            builder.Services.AddRecommender(options =>
            {
                options.BundlePath = path;
                if (Given(parse, watch))
                {
                    options.WatchBundle = parse.GetValue(watch);
                }

                if (Given(parse, batching))
                {
                    options.Batching.Enabled = parse.GetValue(batching) == "on";
                }

                if (Given(parse, window))
                {
                    options.Batching.Window = TimeSpan.FromMilliseconds(windowMs);
                }

                if (Given(parse, maxBatch))
                {
                    options.Batching.MaxBatchSize = batchSize;
                }

                var flags = bundle.SessionOptions(parse);
                var session = options.Session;
                var approximate = session.Approximate;
                options.Session = session with
                {
                    ExecutionProvider = Given(parse, bundle.Device) ? flags.ExecutionProvider : session.ExecutionProvider,
                    TopKSearch = Given(parse, bundle.TopKSearch) ? flags.TopKSearch : session.TopKSearch,
                    Approximate = approximate with
                    {
                        IndexDirectory = Given(parse, bundle.IndexDirectory) ? flags.Approximate.IndexDirectory : approximate.IndexDirectory,
                        Precision = Given(parse, bundle.IndexPrecision) ? flags.Approximate.Precision : approximate.Precision,
                    },
                };
            });
            await using var app = builder.Build();
            app.MapRecommender();
            await app.StartAsync(ct);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            console.MarkupLine($"serving {Markup.Escape(Path.GetFileName(path))} on {Markup.Escape(string.Join(", ", addresses))} (dynamic batching {(app.Services.GetRequiredService<IOptions<RecommenderServerOptions>>().Value.Batching.Enabled ? "on" : "off")}); Ctrl+C stops");
            try
            {
                await app.WaitForShutdownAsync(ct);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
