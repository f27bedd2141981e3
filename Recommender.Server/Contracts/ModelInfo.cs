using System.Text.Json.Serialization;
using Recommender.Bundles;
using Recommender.Scoring;

namespace Recommender.Server.Contracts;

/// <summary>The model answering requests.</summary>
/// <param name="Version">The first 12 hex digits of the bundle file's SHA-256 (also in every answer's <c>X-Model-Version</c> header).</param>
/// <param name="Source">The bundle's file name.</param>
/// <param name="LoadedAt">When this model was loaded.</param>
/// <param name="ItemCount">Items it can recommend, added ones included.</param>
/// <param name="AddedItems">Items added since it was loaded.</param>
/// <param name="Swaps">Models swapped in since the server started.</param>
/// <param name="RefusedBundles">New bundles refused since the server started.</param>
/// <param name="DynamicBatching">Whether concurrent single-user requests are batched.</param>
/// <param name="Manifest">The bundle's manifest: format, model shape, training, library versions.</param>
/// <param name="TopKSearch">How recommendations are found: <c>Exact</c> (every item scored) or <c>Approximate</c> (the item index).</param>
public sealed record ModelInfo(string Version, string Source, DateTimeOffset LoadedAt, int ItemCount, int AddedItems, long Swaps, long RefusedBundles, bool DynamicBatching, BundleManifest Manifest,
    [property: JsonConverter(typeof(JsonStringEnumConverter<TopKSearch>))] TopKSearch TopKSearch);
