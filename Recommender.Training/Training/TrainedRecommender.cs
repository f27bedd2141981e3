using System.IO.Compression;
using System.Text.Json;
using Recommender.Data;
using Recommender.Evaluation;
using Recommender.IO;
using Recommender.Text;
using Recommender.Training.Modeling;
using Recommender.Training.Native;
using static TorchSharp.torch;

namespace Recommender.Training.Training;

/// <summary>
/// A trained model with everything needed to use it again: the item id map, the text tokenizer, the options it
/// was trained with and its training history. Saves to and loads from one file.
/// </summary>
public sealed class TrainedRecommender : IDisposable
{
    private const string ManifestEntry = "model.json";
    private const string ItemsEntry = "items.json";
    private const string TokenizerEntry = "tokenizer.json";
    private const string WeightsEntry = "weights.bin";
    private readonly Device _device;

    internal TrainedRecommender(SequenceRecommender model, IdMap items, ItemTextTokenizer? tokenizer, TrainingOptions options, IReadOnlyList<EpochReport> history, int bestEpoch, Device device)
    {
        Model = model;
        Items = items;
        Tokenizer = tokenizer;
        TrainingOptions = options;
        History = history;
        BestEpoch = bestEpoch;
        _device = device;
    }

    /// <summary>The TorchSharp model, in evaluation mode.</summary>
    public SequenceRecommender Model { get; }

    /// <summary>Item ids by model index (1..ItemCount; 0 is padding).</summary>
    public IdMap Items { get; }

    /// <summary>The tokenizer of the text encoder, or null for a model without text.</summary>
    public ItemTextTokenizer? Tokenizer { get; }

    /// <summary>The options training ran with.</summary>
    public TrainingOptions TrainingOptions { get; }

    /// <summary>One report per epoch trained.</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>The epoch whose weights the model has (best validation NDCG@10).</summary>
    public int BestEpoch { get; }

    /// <summary>A full-catalog scorer over this model, for <see cref="FullRankingEvaluator"/>.</summary>
    public IRecommenderScorer CreateScorer() => new TorchSequenceScorer(Model, _device);

    /// <summary>Writes the model to one file (a zip of its options, id map, tokenizer and weights), atomically.</summary>
    public void Save(string path)
    {
        var manifest = new ModelManifest(Model.Options, Model.ItemCount, Tokenizer is null ? 0 : Tokenizer.Options.MaxTokens, TrainingOptions, History, BestEpoch);
        var weights = Model.Snapshot();
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var entry = zip.CreateEntry(ManifestEntry).Open())
            {
                JsonSerializer.Serialize(entry, manifest, TrainingJson.Indented);
            }

            using (var entry = zip.CreateEntry(ItemsEntry).Open())
            {
                Items.Save(entry);
            }

            if (Tokenizer is not null)
            {
                using var entry = zip.CreateEntry(TokenizerEntry).Open();
                Tokenizer.Save(entry);
            }

            ZipParts.Write(zip, WeightsEntry, weights);
        });
    }

    /// <summary>Loads a model written by <see cref="Save"/>, onto the CPU.</summary>
    /// <exception cref="InvalidDataException">The file is not a saved model or is damaged.</exception>
    public static TrainedRecommender Load(string path)
    {
        TorchSharpRuntime.EnsureLoadable();
        try
        {
            using var zip = ZipFile.OpenRead(path);
            ModelManifest manifest;
            using (var entry = ZipParts.Open(zip, path, ManifestEntry))
            {
                manifest = TrainingJson.Read<ModelManifest>(entry)
                    ?? throw new InvalidDataException($"{path}: {ManifestEntry} is empty.");
            }

            IdMap items;
            using (var entry = ZipParts.Open(zip, path, ItemsEntry))
            {
                items = IdMap.Load(entry);
            }

            ItemTextTokenizer? tokenizer = null;
            if (manifest.Model.UseText)
            {
                using var entry = ZipParts.Open(zip, path, TokenizerEntry);
                tokenizer = ItemTextTokenizer.Load(entry);
            }

            // The item tokens are a buffer of the model, so the weights bring them back.
            var model = new SequenceRecommender(manifest.Model, manifest.ItemCount,
                manifest.Model.UseText ? new long[manifest.ItemCount + 1, manifest.TokenLength] : null, tokenizer?.VocabularySize ?? 0);
            model.Restore(ZipParts.Read(zip, path, WeightsEntry));

            model.eval();
            return new TrainedRecommender(model, items, tokenizer, manifest.Training, manifest.History, manifest.BestEpoch, CPU);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException and not FileNotFoundException)
        {
            throw new InvalidDataException($"'{path}' is not a readable trained model: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Model.Dispose();

    private sealed record ModelManifest(SequenceModelOptions Model, int ItemCount, int TokenLength, TrainingOptions Training, IReadOnlyList<EpochReport> History, int BestEpoch);
}
