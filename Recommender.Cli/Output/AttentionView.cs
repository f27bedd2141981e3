using Recommender.Explain;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>Prints, per block, the history items the last position (whose state is the user vector) attends to most.</summary>
internal static class AttentionView
{
    private const int Shown = 3;

    public static void Write(IAnsiConsole console, AttentionMaps maps)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("block").RightAligned())
            .AddColumn($"most attention from the last position (mean over {maps.Heads} head(s))");
        for (var layer = 0; layer < maps.Layers; layer++)
        {
            var weights = maps.LastPositionWeights(layer);
            var top = Enumerable.Range(0, weights.Length)
                .Where(p => !maps.Positions[p].IsMask)
                .OrderByDescending(p => weights[p])
                .ThenByDescending(p => p)
                .Take(Shown)
                .Select(p => $"{Markup.Escape(maps.Positions[p].Label)} [grey]({F(weights[p], 2)})[/]");
            table.AddRow($"{layer + 1}", string.Join("  ·  ", top));
        }

        console.Write(table);
    }
}
