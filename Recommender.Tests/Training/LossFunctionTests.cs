using Recommender.Tests.TestSupport;
using Recommender.Training.Native;
using Recommender.Training.Training;
using static TorchSharp.torch;

namespace Recommender.Tests.Training;

[Collection(TorchTests.Name)]
public sealed class LossFunctionTests
{
    public LossFunctionTests() => TorchSharpRuntime.EnsureLoadable();

    [Fact]
    public void Chunked_cross_entropy_has_the_value_and_gradients_of_plain_cross_entropy()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        const int items = 700;
        var loss = new LossFunction(new TrainingOptions(), items, new int[items + 1], CPU);
        // 3 × 200 positions with targets: more than one chunk, and padding (target 0) in between.
        var targets = randint(0, items + 1, [3, 200], dtype: int64);
        var hiddenA = randn(3, 200, 16, requires_grad: true);
        var tableA = randn(items + 2, 16, requires_grad: true);
        var hiddenB = hiddenA.detach().clone().requires_grad_();
        var tableB = tableA.detach().clone().requires_grad_();

        var chunked = loss.Compute(hiddenA, targets, tableA);
        chunked.backward();
        var valid = targets.flatten().ne(0).nonzero().squeeze(1);
        var plain = nn.functional.cross_entropy(
            matmul(hiddenB.flatten(0, 1).index_select(0, valid), tableB.narrow(0, 1, items).t()),
            targets.flatten().index_select(0, valid) - 1);
        plain.backward();

        Assert.Equal(plain.item<float>(), chunked.item<float>(), 1e-5f);
        Assert.True(hiddenA.grad!.allclose(hiddenB.grad!, rtol: 1e-4, atol: 1e-7), "gradient of the hidden states differs");
        Assert.True(tableA.grad!.allclose(tableB.grad!, rtol: 1e-4, atol: 1e-7), "gradient of the item table differs");
    }
}
