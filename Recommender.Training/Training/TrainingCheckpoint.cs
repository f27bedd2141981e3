using System.IO.Compression;
using System.Text.Json;
using Recommender.IO;
using Recommender.Training.Modeling;
using TorchSharp.Modules;

namespace Recommender.Training.Training;

/// <summary>
/// The checkpoint of a run, one zip written atomically after each epoch: the current weights, the optimiser's
/// moments, the best weights so far, and the <see cref="CheckpointState"/>.
/// </summary>
internal static class TrainingCheckpoint
{
    private const string StateEntry = "state.json";
    private const string WeightsEntry = "weights.bin";
    private const string OptimizerEntry = "optimizer.bin";
    private const string BestEntry = "best.bin";
    private const string AverageEntry = "average.bin";

    public static void Save(string path, CheckpointState state, EpochStart current, byte[] bestWeights)
    {
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var entry = zip.CreateEntry(StateEntry).Open())
            {
                JsonSerializer.Serialize(entry, state, TrainingJson.Indented);
            }

            ZipParts.Write(zip, WeightsEntry, current.Weights);
            ZipParts.Write(zip, OptimizerEntry, current.Optimizer);
            ZipParts.Write(zip, BestEntry, bestWeights);
            if (current.Average is not null)
            {
                ZipParts.Write(zip, AverageEntry, current.Average);
            }
        });
    }

    /// <summary>The training options a checkpoint was written with (a run planned to a time budget resumes with its planned epochs).</summary>
    /// <exception cref="InvalidDataException">The checkpoint is damaged.</exception>
    public static TrainingOptions ReadOptions(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            using var entry = ZipParts.Open(zip, path, StateEntry);
            return (TrainingJson.Read<CheckpointState>(entry) ?? throw new InvalidDataException($"{path}: {StateEntry} is empty.")).Training;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException and not FileNotFoundException)
        {
            throw new InvalidDataException($"The checkpoint '{path}' cannot be resumed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Restores model and optimiser from <paramref name="path"/> and returns the state, the best weights, and the
    /// averaged weights of a run that averages them (else null).
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is damaged, or was written with other options.</exception>
    public static (CheckpointState State, byte[] BestWeights, byte[]? AveragedWeights) Load(string path, SequenceRecommender model, AdamW optimizer, TrainingOptions options)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            CheckpointState state;
            using (var entry = ZipParts.Open(zip, path, StateEntry))
            {
                state = TrainingJson.Read<CheckpointState>(entry)
                    ?? throw new InvalidDataException($"{path}: {StateEntry} is empty.");
            }

            RequireSameSetup(path, state, model.Options, options);
            model.Restore(ZipParts.Read(zip, path, WeightsEntry));
            using (var reader = new BinaryReader(new MemoryStream(ZipParts.Read(zip, path, OptimizerEntry))))
            {
                optimizer.load_state_dict(reader);
            }

            var averaged = options.WeightAverageDecay > 0 ? ZipParts.Read(zip, path, AverageEntry) : null;
            return (state, ZipParts.Read(zip, path, BestEntry), averaged);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException and not FileNotFoundException)
        {
            throw new InvalidDataException($"The checkpoint '{path}' cannot be resumed: {e.Message}", e);
        }
    }

    private static void RequireSameSetup(string path, CheckpointState state, SequenceModelOptions model, TrainingOptions training)
    {
        // Limits on how long to go on may change between runs; what shapes the model and its updates may not. Under a
        // cosine schedule the number of epochs sets every step's learning rate, so it may not change either.
        static TrainingOptions Comparable(TrainingOptions o) =>
            o with { Epochs = o.LearningRateSchedule == LearningRateSchedule.Cosine ? o.Epochs : 0, Patience = 0, TimeLimit = null, TimeBudget = null, Threads = 0, Device = ComputeDevice.Auto };

        if (state.Model != model)
        {
            throw new InvalidDataException($"{path} was written for the model {Describe(state.Model)}, not {Describe(model)}.");
        }

        if (Comparable(state.Training) != Comparable(training))
        {
            throw new InvalidDataException($"{path} was written with the training options {Describe(Comparable(state.Training))}, not {Describe(Comparable(training))}.");
        }
    }

    private static string Describe<T>(T value) => JsonSerializer.Serialize(value, TrainingJson.Options);
}
