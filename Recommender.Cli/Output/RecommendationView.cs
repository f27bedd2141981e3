using Recommender.Scoring;
using Spectre.Console;
using static Recommender.Cli.Output.Numbers;

namespace Recommender.Cli.Output;

/// <summary>Prints recommendations as a ranked table with titles.</summary>
internal static class RecommendationView
{
    public static void Write(IAnsiConsole console, IReadOnlyList<Recommendation> recommendations, string scoreLabel = "score")
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("rank").RightAligned()).AddColumn("item").AddColumn("title").AddColumn(new TableColumn(scoreLabel).RightAligned());
        for (var i = 0; i < recommendations.Count; i++)
        {
            var r = recommendations[i];
            table.AddRow($"{i + 1}", Markup.Escape(r.ItemId), Markup.Escape(r.Title), F(r.Score, 4));
        }

        console.Write(table);
    }
}
