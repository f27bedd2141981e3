namespace Recommender.Data;

/// <summary>
/// Finds the interactions and items files of a dataset folder, such as the bundled <c>data/sample</c>,
/// a MovieLens 1M or 100K folder, or a folder with <c>sequences.txt</c> and <c>movies.dat</c>. Each name is also
/// found gzip-compressed, with <c>.gz</c> appended (e.g. <c>ratings.dat.gz</c>), right after the uncompressed name.
/// </summary>
public static class DatasetLayout
{
    /// <summary>Interaction file names looked for in a folder, in order of preference.</summary>
    public static readonly IReadOnlyList<string> InteractionFileNames =
        ["interactions.parquet", "interactions.csv", "interactions.txt", "ratings.dat", "u.data", "sequences.txt", "ratings.csv"];

    /// <summary>Item file names looked for in a folder, in order of preference.</summary>
    public static readonly IReadOnlyList<string> ItemFileNames =
        ["items.parquet", "items.csv", "movies.dat", "u.item", "movies.csv"];

    /// <summary>
    /// Resolves an input that is either a file of interactions or a dataset folder.
    /// An explicit <paramref name="items"/> path wins over a folder's items file.
    /// </summary>
    /// <exception cref="FileNotFoundException">The input does not exist, or a folder has no interactions file.</exception>
    public static (string Interactions, string? Items) Resolve(string input, string? items = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (File.Exists(input))
        {
            return (input, items);
        }

        if (!Directory.Exists(input))
        {
            throw new FileNotFoundException($"The input '{input}' is neither a file nor a folder.", input);
        }

        var interactions = FindInteractions(input)
            ?? throw new FileNotFoundException(
                $"The folder '{input}' has no interactions file; expected one of: {string.Join(", ", InteractionFileNames)} (each may also be gzip-compressed, with .gz appended).", input);
        return (interactions, items ?? Candidates(input, ItemFileNames).FirstOrDefault(File.Exists));
    }

    /// <summary>The interactions file of the dataset folder <paramref name="folder"/>; null when it has none.</summary>
    internal static string? FindInteractions(string folder) => Candidates(folder, InteractionFileNames).FirstOrDefault(File.Exists);

    private static IEnumerable<string> Candidates(string folder, IEnumerable<string> names) =>
        names.SelectMany(n => new[] { Path.Combine(folder, n), Path.Combine(folder, n + ".gz") });
}
