using static TorchSharp.torch;

namespace Recommender.Training.Training;

/// <summary>
/// The training losses, each over the positions that have a target: full softmax cross-entropy, sampled softmax
/// with logQ correction, BCE and gBCE against negatives shared by the batch.
/// </summary>
internal sealed class LossFunction
{
    /// <summary>Positions per chunk of the full cross-entropy: fastest of 64, 256 and 1024 at MovieLens-1M size (benchmarks/RESULTS.md).</summary>
    public const long DefaultCrossEntropyChunk = 256;

    private readonly TrainingOptions _options;
    private readonly int _itemCount;
    private readonly Tensor? _samplingWeights;
    private readonly Tensor? _logQ;
    private readonly long _crossEntropyChunk;

    public LossFunction(TrainingOptions options, int itemCount, int[] itemCounts, Device device, long crossEntropyChunk = DefaultCrossEntropyChunk)
    {
        _crossEntropyChunk = crossEntropyChunk;
        _options = options;
        _itemCount = itemCount;
        if (options.Loss != LossKind.CrossEntropy)
        {
            // Weights over items 1..N; the +1 keeps items unseen in training drawable.
            var weights = new float[itemCount];
            for (var i = 0; i < itemCount; i++)
            {
                weights[i] = options.NegativeSampling == NegativeSampling.Popularity ? itemCounts[i + 1] + 1 : 1;
            }

            _samplingWeights = tensor(weights).to(device);
            _logQ = cat([zeros(1), (_samplingWeights / _samplingWeights.sum()).log()]).to(device);
        }
    }

    public Tensor Compute(Tensor hidden, Tensor targets, Tensor outputTable)
    {
        using var scope = NewDisposeScope();
        var positions = targets.flatten().ne(0).nonzero().squeeze(1);
        var flatHidden = hidden.flatten(0, 1).index_select(0, positions);
        var flatTargets = targets.flatten().index_select(0, positions);
        var items = outputTable.narrow(0, 1, _itemCount);
        var loss = _options.Loss switch
        {
            LossKind.CrossEntropy => ChunkedCrossEntropy(flatHidden, flatTargets - 1, items),
            LossKind.SampledSoftmax => SampledSoftmax(flatHidden, flatTargets, outputTable),
            _ => Binary(flatHidden, flatTargets, outputTable),
        };
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Full softmax cross-entropy, computed a chunk of positions at a time so that the <c>[positions, items]</c> logits
    /// never exist whole: each chunk's gradient is formed at once (softmax minus one-hot) while its logits are in cache.
    /// Returns a tensor whose value is the mean loss and whose gradients with respect to <paramref name="hidden"/> and
    /// <paramref name="items"/> are exactly those of the mean loss.
    /// </summary>
    private Tensor ChunkedCrossEntropy(Tensor hidden, Tensor targets, Tensor items)
    {
        var count = hidden.shape[0];
        Tensor gradHidden, gradItems;
        double total = 0;
        using (no_grad())
        {
            gradHidden = empty_like(hidden);
            gradItems = zeros_like(items);
            var detachedItems = items.detach();
            for (long start = 0; start < count; start += _crossEntropyChunk)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(_crossEntropyChunk, count - start);
                var h = hidden.detach().narrow(0, start, length);
                var t = targets.narrow(0, start, length).unsqueeze(1);
                var logProbabilities = matmul(h, detachedItems.t()).log_softmax(1);
                total -= logProbabilities.gather(1, t).sum().item<float>();
                var gradLogits = logProbabilities.exp_().scatter_add_(1, t, full_like(t, -1, dtype: hidden.dtype)).div_(count);
                gradHidden.narrow(0, start, length).copy_(matmul(gradLogits, detachedItems));
                gradItems.addmm_(gradLogits.t(), h);
            }
        }

        var surrogate = (hidden * gradHidden).sum() + (items * gradItems).sum();
        return surrogate - surrogate.detach() + total / count;
    }

    private Tensor SampledSoftmax(Tensor hidden, Tensor targets, Tensor table)
    {
        var negatives = SampleNegatives(hidden.device);
        var positive = (hidden * table.index_select(0, targets)).sum(-1, keepdim: true) - _logQ!.index_select(0, targets).unsqueeze(1);
        var negative = matmul(hidden, table.index_select(0, negatives).t()) - _logQ.index_select(0, negatives).unsqueeze(0);
        negative = negative.masked_fill(targets.unsqueeze(1).eq(negatives.unsqueeze(0)), float.NegativeInfinity);
        return nn.functional.cross_entropy(cat([positive, negative], 1), zeros(targets.shape[0], dtype: int64, device: targets.device));
    }

    private Tensor Binary(Tensor hidden, Tensor targets, Tensor table)
    {
        var negatives = SampleNegatives(hidden.device);
        var positive = (hidden * table.index_select(0, targets)).sum(-1);
        var negative = matmul(hidden, table.index_select(0, negatives).t());
        var notHit = targets.unsqueeze(1).ne(negatives.unsqueeze(0)).to_type(negative.dtype);
        var beta = 1.0;
        if (_options.Loss == LossKind.GeneralizedBce)
        {
            // gSASRec: raising the positive probability to beta calibrates BCE for sampling K of N - 1 negatives.
            var alpha = (double)_options.Negatives / (_itemCount - 1);
            beta = alpha * (_options.GbceCalibration * (1 - 1 / alpha) + 1 / alpha);
        }

        var positiveTerm = -beta * nn.functional.logsigmoid(positive);
        var negativeTerm = -(nn.functional.logsigmoid(negative.neg()) * notHit).sum(-1);
        return (positiveTerm + negativeTerm).mean();
    }

    private Tensor SampleNegatives(Device device) =>
        _options.NegativeSampling == NegativeSampling.Uniform
            ? randint(1, _itemCount + 1, [_options.Negatives], dtype: int64, device: device)
            : _samplingWeights!.multinomial(_options.Negatives, replacement: true) + 1;
}
