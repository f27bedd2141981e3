namespace Recommender.Data.Readers;

/// <summary>Finds the id column of an item file.</summary>
internal static class ItemColumns
{
    private static readonly string[] IdAliases = [.. ColumnMapping.ItemAliases, "id"];

    public static int FindId(string path, IReadOnlyList<string> header, ColumnMapping columns)
    {
        var index = ColumnMapping.Find(header, columns.Item, IdAliases);
        return index >= 0
            ? index
            : throw new DataFormatException(path, "header", string.Join(", ", header),
                columns.Item is null
                    ? $"an item id column (one of {string.Join(", ", IdAliases)}; or name it with DataReadOptions.Columns, e.g. item=COLUMN)"
                    : $"the item id column '{columns.Item}'");
    }
}
