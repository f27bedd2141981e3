using Recommender.Training.Modeling;
using static TorchSharp.torch;

namespace Recommender.Benchmarks;

/// <summary>
/// The ML-1M-sized model (d=64, 2 blocks, 1 head, length 200) with random weights spread like trained ones, so
/// scores are far apart and top-10 lists comparable: speed does not depend on the values of the weights.
/// </summary>
internal static class SpreadModel
{
    public static SequenceRecommender Create(int items)
    {
        manual_seed(1);
        var model = new SequenceRecommender(new SequenceModelOptions { UseText = false }, items);
        model.eval();
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                parameter.add_(randn_like(parameter) * 0.2);
            }
        }

        return model;
    }
}
