using System.Runtime.CompilerServices;

namespace Recommender.Data.Readers;

/// <summary>MovieLens item files: 1M <c>movies.dat</c> (<c>id::title::genres</c>) and 100K <c>u.item</c> (pipes, 19 genre flags).</summary>
internal sealed class MovieLensItemSource(string path, TextEncoding encoding, ItemFormat format) : IItemSource
{
    // The genre order of MovieLens 100K's u.genre, which u.item's 19 flags follow.
    private static readonly string[] Genres100K =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    public async IAsyncEnumerable<CatalogItem> ReadAsync(
        ReadReport report, BadRowHandler badRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (number, line) in TextLines.ReadAsync(path, encoding, report, cancellationToken).ConfigureAwait(false))
        {
            var item = format == ItemFormat.MovieLens1M ? Parse1M(line, out var error) : Parse100K(line, out error);
            if (item is null)
            {
                badRows.Handle(RowParsing.Line(number), error);
                continue;
            }

            report.CountRead();
            yield return item;
        }
    }

    private static CatalogItem? Parse1M(string line, out RowError error)
    {
        var fields = line.Split("::");
        if (fields.Length != 3)
        {
            error = new RowError(line, "3 fields 'id::title::genres'");
            return null;
        }

        if (!RowParsing.TryId(fields[0], "item id", out var id, out error))
        {
            return null;
        }

        return new CatalogItem(id, new Dictionary<string, string>
        {
            [ItemFields.Title] = fields[1].Trim(),
            [ItemFields.Genres] = fields[2].Trim(),
        });
    }

    private static CatalogItem? Parse100K(string line, out RowError error)
    {
        var fields = line.Split('|');
        if (fields.Length != 5 + Genres100K.Length)
        {
            error = new RowError(line, $"{5 + Genres100K.Length} '|'-separated fields 'id|title|release date|video release date|url|19 genre flags'");
            return null;
        }

        if (!RowParsing.TryId(fields[0], "item id", out var id, out error))
        {
            return null;
        }

        var genres = new List<string>();
        for (var g = 0; g < Genres100K.Length; g++)
        {
            switch (fields[5 + g].Trim())
            {
                case "1":
                    genres.Add(Genres100K[g]);
                    break;
                case "0":
                    break;
                default:
                    error = new RowError(fields[5 + g], $"0 or 1 for the genre flag '{Genres100K[g]}'");
                    return null;
            }
        }

        return new CatalogItem(id, new Dictionary<string, string>
        {
            [ItemFields.Title] = fields[1].Trim(),
            [ItemFields.Genres] = string.Join('|', genres),
            ["release_date"] = fields[2].Trim(),
        });
    }
}
