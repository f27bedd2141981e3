using Recommender.Tests.TestSupport;
using Recommender.Training.Native;
using TorchSharp;

namespace Recommender.Tests.Training;

[Collection(TorchTests.Name)]
public sealed class TorchSharpRuntimeTests
{
    [Fact]
    public void After_EnsureLoadable_a_linear_layer_trains_on_cpu_with_the_analytic_gradients()
    {
        var status = TorchSharpRuntime.EnsureLoadable();
        Assert.NotEqual(TorchSharpLoadStatus.LibraryNotFound, status);
        Assert.Equal(OperatingSystem.IsLinux(), status != TorchSharpLoadStatus.NotLinux);

        const int batch = 16, inputs = 8, outputs = 4;
        torch.manual_seed(20240601);
        using var scope = torch.NewDisposeScope();
        using var linear = torch.nn.Linear(inputs, outputs);
        var x = torch.randn(batch, inputs);
        var y = torch.randn(batch, outputs);

        var loss = torch.nn.functional.mse_loss(linear.forward(x), y);
        loss.backward();

        var w = linear.weight!.data<float>().ToArray();
        var b = linear.bias!.data<float>().ToArray();
        var xs = x.data<float>().ToArray();
        var ys = y.data<float>().ToArray();
        var weightGrad = linear.weight.grad;
        var biasGrad = linear.bias.grad;
        Assert.NotNull(weightGrad);
        Assert.NotNull(biasGrad);
        var dw = weightGrad.data<float>().ToArray();
        var db = biasGrad.data<float>().ToArray();
        Assert.All(dw.Concat(db), g => Assert.True(float.IsFinite(g)));

        // loss = mean over batch × outputs of (x·wᵀ + b − y)², so dloss/dprediction = 2 (prediction − y) / (batch × outputs).
        var expectedDw = new double[outputs * inputs];
        var expectedDb = new double[outputs];
        var expectedLoss = 0.0;
        for (var n = 0; n < batch; n++)
        {
            for (var o = 0; o < outputs; o++)
            {
                var prediction = (double)b[o];
                for (var i = 0; i < inputs; i++)
                {
                    prediction += (double)w[(o * inputs) + i] * xs[(n * inputs) + i];
                }

                var error = prediction - ys[(n * outputs) + o];
                expectedLoss += error * error / (batch * outputs);
                var g = 2 * error / (batch * outputs);
                expectedDb[o] += g;
                for (var i = 0; i < inputs; i++)
                {
                    expectedDw[(o * inputs) + i] += g * xs[(n * inputs) + i];
                }
            }
        }

        Assert.Equal(expectedLoss, loss.item<float>(), 1e-5);
        Assert.All(expectedDw.Zip(dw), pair => Assert.Equal(pair.First, pair.Second, 1e-5));
        Assert.All(expectedDb.Zip(db), pair => Assert.Equal(pair.First, pair.Second, 1e-5));
        Assert.Contains(dw, g => g != 0);
    }

    [Fact]
    public void EnsureLoadable_runs_once_and_gives_every_thread_the_same_answer()
    {
        var statuses = Enumerable.Range(0, 16)
            .AsParallel()
            .Select(_ => TorchSharpRuntime.EnsureLoadable())
            .Distinct()
            .ToList();

        var status = Assert.Single(statuses);
        if (status is TorchSharpLoadStatus.Patched or TorchSharpLoadStatus.AlreadyCompatible)
        {
            var path = TorchSharpRuntime.NativeLibraryPath;
            Assert.NotNull(path);
            var library = ElfFile.Read(File.ReadAllBytes(path), path)!;
            Assert.DoesNotContain(
                "GLIBCXX_3.4.32",
                library.VersionNeeds.Where(n => n.Library == "libstdc++.so.6").SelectMany(n => n.Versions).Select(v => v.Name));
        }
        else
        {
            Assert.Null(TorchSharpRuntime.NativeLibraryPath);
        }
    }
}
