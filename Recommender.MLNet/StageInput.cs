using Microsoft.ML;
using Microsoft.ML.Data;

namespace Recommender.MLNet;

/// <summary>What the stage reads from its input schema: the item id type and whether a row holds one candidate or a list.</summary>
internal readonly record struct StageInput(bool TextIds, bool CandidateList)
{
    /// <exception cref="ArgumentException">A column is missing or has the wrong type; the message names it and the type expected.</exception>
    public static StageInput Read(SchemaShape schema, RecommenderScoringEstimator.Options options) =>
        Read([.. schema.Select(c => new InputColumn(c.Name, c.Kind != SchemaShape.Column.VectorKind.Scalar, c.ItemType, c.IsKey))], options);

    /// <inheritdoc cref="Read(SchemaShape, RecommenderScoringEstimator.Options)"/>
    public static StageInput Read(DataViewSchema schema, RecommenderScoringEstimator.Options options) =>
        Read([.. schema.Where(c => !c.IsHidden).Select(c => InputColumn.Of(c.Name, c.Type))], options);

    private static StageInput Read(InputColumn[] schema, RecommenderScoringEstimator.Options options)
    {
        foreach (var reserved in StageColumns.All)
        {
            if (schema.Any(c => c.Name == reserved))
            {
                throw new ArgumentException($"The input has a column named '{reserved}', a name the recommender stage uses for its own intermediate columns; rename that column.", nameof(schema));
            }
        }

        var history = Find(schema, options.HistoryColumnName, "the user's history: a vector of Int64 or String item ids, oldest first");
        if (!history.IsVector || !IsItemId(history))
        {
            throw new ArgumentException($"Column '{history.Name}' is {Describe(history)}; the history must be a vector of Int64 or String item ids, oldest first.", nameof(schema));
        }

        var idType = history.ItemType;
        var candidate = Find(schema, options.CandidateColumnName, $"the candidate item: one {idType} item id, or a vector of them");
        if (!IsItemId(candidate) || !candidate.ItemType.Equals(idType))
        {
            throw new ArgumentException($"Column '{candidate.Name}' is {Describe(candidate)}; the candidate must be one {idType} item id or a vector of them, the id type of the history column '{history.Name}'.", nameof(schema));
        }

        return new StageInput(idType is TextDataViewType, candidate.IsVector);
    }

    private static InputColumn Find(InputColumn[] schema, string name, string what) =>
        schema.LastOrDefault(c => c.Name == name) is { Name: not null } column
            ? column
            : throw new ArgumentException($"The input has no column '{name}'; the recommender reads {what} from it.", nameof(schema));

    private static bool IsItemId(InputColumn column) =>
        !column.IsKey && (column.ItemType is TextDataViewType || column.ItemType.Equals(NumberDataViewType.Int64));

    private static string Describe(InputColumn column)
    {
        var type = column.IsKey ? $"key of {column.ItemType}" : column.ItemType.ToString();
        return column.IsVector ? $"a vector of {type}" : $"a scalar {type}";
    }

    /// <summary>What the checks need of a column, from a schema or a schema shape alike.</summary>
    private readonly record struct InputColumn(string Name, bool IsVector, DataViewType ItemType, bool IsKey)
    {
        public static InputColumn Of(string name, DataViewType type)
        {
            var item = type is VectorDataViewType vector ? vector.ItemType : type;
            return new InputColumn(name, type is VectorDataViewType, item is KeyDataViewType key ? NumberDataViewType.UInt32 : item, item is KeyDataViewType);
        }
    }
}
