using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Server.Batching;
using Recommender.Server.Diagnostics;
using Recommender.Server.Endpoints;
using Recommender.Server.Models;

namespace Recommender.Server;

/// <summary>Registers the recommender server's services: the first of the two lines that add it to an app.</summary>
public static class RecommenderServiceCollectionExtensions
{
    /// <summary>The OpenAPI document of the recommender endpoints, served by <c>MapRecommender</c> at <c>{prefix}/openapi/recommender.json</c>.</summary>
    public const string OpenApiDocumentName = "recommender";

    /// <summary>
    /// Adds the recommender server: options bound from the configuration section <c>Recommender</c> and then
    /// <paramref name="configure"/>, the model (loaded when the app starts; a bundle that does not load stops the start),
    /// the bundle watcher, dynamic batching, problem details, the OpenAPI document and the meter <c>Recommender.Server</c>.
    /// </summary>
    /// <example><code>builder.Services.AddRecommender(o => o.BundlePath = "model.recbundle");</code></example>
    public static IServiceCollection AddRecommender(this IServiceCollection services, Action<RecommenderServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RecommenderServerOptions>().BindConfiguration(RecommenderServerOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ModelStore>();
        services.TryAddSingleton<ServerMetrics>();
        services.TryAddSingleton<ModelReloader>();
        services.TryAddSingleton<RequestBatcher>();
        services.TryAddSingleton<RequestRunner>();
        services.TryAddSingleton<BundleWatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<BundleWatcher>());
        services.AddHostedService(provider => provider.GetRequiredService<RequestBatcher>());
        services.AddProblemDetails();
        services.AddOpenApi(OpenApiDocumentName, openApi => openApi.ShouldInclude = description => description.GroupName == OpenApiDocumentName);
        return services;
    }
}
