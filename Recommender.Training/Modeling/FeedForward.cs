using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recommender.Training.Modeling;

/// <summary>The position-wise feed-forward layer of a transformer block: expand, ReLU, dropout, project back.</summary>
internal sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear expand;
    private readonly Linear project;
    private readonly FastDropout dropout;

    public FeedForward(string name, int dim, int hidden, double dropoutRate)
        : base(name)
    {
        expand = LinearLayers.ResidualBranch(dim, hidden);
        project = LinearLayers.ResidualBranch(hidden, dim);
        dropout = new FastDropout("dropout", dropoutRate);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = nn.functional.relu(expand.forward(x));
        using var dropped = dropout.forward(hidden);
        return project.forward(dropped);
    }
}
