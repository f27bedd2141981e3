namespace Recommender.Data.Readers;

/// <summary>
/// The lists of one row group's list column, kept as the column's own values and turned into text one row at a
/// time, so a row group of millions of ids never exists as millions of strings at once.
/// </summary>
internal sealed class TextLists
{
    private const int NullElement = -1;

    // Row r's elements are _elements[_rowStarts[r] .. _rowStarts[r + 1]): value indices, or NullElement.
    private readonly int[] _rowStarts;
    private readonly bool[] _nullRows;
    private readonly int[] _elements;
    private readonly Func<int, string> _text;

    private TextLists(int[] rowStarts, bool[] nullRows, int[] elements, Func<int, string> text)
    {
        _rowStarts = rowStarts;
        _nullRows = nullRows;
        _elements = elements;
        _text = text;
    }

    public int Count => _nullRows.Length;

    /// <summary>
    /// Rebuilds the rows from Parquet's levels. A repetition level of 0 starts a row. Definition levels count the
    /// optional and repeated levels that are present: below the list's own level the list is null (when the list is
    /// optional), at it the list is empty, below the maximum the element is null, at the maximum it has a value.
    /// </summary>
    public static TextLists FromLevels(int[] definitions, int[] repetitions, int maxDefinition, bool nullableElements, Func<int, string> text)
    {
        var emptyList = maxDefinition - 1 - (nullableElements ? 1 : 0);
        var rowStarts = new List<int>();
        var nullRows = new List<bool>();
        var elements = new List<int>(definitions.Length);
        var next = 0;
        for (var i = 0; i < definitions.Length; i++)
        {
            if (repetitions[i] == 0)
            {
                rowStarts.Add(elements.Count);
                nullRows.Add(definitions[i] < emptyList);
            }

            if (definitions[i] > emptyList)
            {
                elements.Add(definitions[i] == maxDefinition ? next++ : NullElement);
            }
        }

        rowStarts.Add(elements.Count);
        return new TextLists([.. rowStarts], [.. nullRows], [.. elements], text);
    }

    /// <summary>Row <paramref name="row"/>'s list as text: null for a null list, with null for a null element.</summary>
    public string?[]? Row(int row)
    {
        if (_nullRows[row])
        {
            return null;
        }

        var list = new string?[_rowStarts[row + 1] - _rowStarts[row]];
        for (var i = 0; i < list.Length; i++)
        {
            var element = _elements[_rowStarts[row] + i];
            list[i] = element == NullElement ? null : _text(element);
        }

        return list;
    }
}
