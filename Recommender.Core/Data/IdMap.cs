using System.Globalization;
using System.Text.Json;

namespace Recommender.Data;

/// <summary>
/// A dense, stable mapping between source ids and indices 1..<see cref="Count"/>.
/// Index 0 is reserved for padding, so a model can use it for empty positions in a sequence.
/// </summary>
public sealed class IdMap
{
    /// <summary>The index that no id maps to: empty positions in a padded sequence.</summary>
    public const int Padding = 0;

    private readonly List<string> _ids = [string.Empty];
    private readonly Dictionary<string, int> _indices = new(StringComparer.Ordinal);
    private bool _allInt64 = true;

    /// <summary>Creates an empty map.</summary>
    public IdMap()
    {
    }

    /// <summary>Creates a map whose index i+1 is <paramref name="ids"/>[i].</summary>
    /// <exception cref="ArgumentException">An id is empty or repeated.</exception>
    public IdMap(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            AddDistinct(id, nameof(ids));
        }
    }

    /// <summary>The number of ids, not counting the padding index.</summary>
    public int Count => _ids.Count - 1;

    /// <summary>Whether the ids are integers or strings in their source.</summary>
    public IdKind Kind => _allInt64 && Count > 0 ? IdKind.Numeric : IdKind.Text;

    /// <summary>The ids in index order: element i is the id of index i+1.</summary>
    public IReadOnlyList<string> Ids => _ids.GetRange(1, Count);

    /// <summary>The index of <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">The id is not in the map.</exception>
    public int this[string id] => TryGetIndex(id, out var index)
        ? index
        : throw new KeyNotFoundException($"The id '{id}' is not in the id map ({Count} ids).");

    /// <summary>Looks up the index of <paramref name="id"/>.</summary>
    public bool TryGetIndex(string id, out int index) => _indices.TryGetValue(id, out index);

    /// <summary>The id of <paramref name="index"/> (1..<see cref="Count"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is padding or out of range.</exception>
    public string GetId(int index)
    {
        if (index <= Padding || index > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected an index from 1 to {Count}; 0 is padding.");
        }

        return _ids[index];
    }

    /// <summary>Writes the map as JSON: its kind and its ids in index order.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("kind", Kind.ToString());
        writer.WriteStartArray("ids");
        for (var i = 1; i < _ids.Count; i++)
        {
            writer.WriteStringValue(_ids[i]);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a map written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The JSON is not an id map.</exception>
    public static IdMap Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var document = JsonDocument.Parse(stream);
        return Load(document.RootElement);
    }

    /// <summary>Reads a map from the JSON object <see cref="Save"/> writes, already parsed (e.g. inside a larger document).</summary>
    /// <exception cref="InvalidDataException">The JSON is not an id map.</exception>
    internal static IdMap Load(JsonElement map)
    {
        if (map.ValueKind != JsonValueKind.Object || !map.TryGetProperty("ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("An id map must be a JSON object with an array property 'ids'.");
        }

        var loaded = new IdMap(ids.GetArrayLength());
        foreach (var element in ids.EnumerateArray())
        {
            try
            {
                loaded.AddDistinct(element.GetString() ?? throw new InvalidDataException("An id map's 'ids' must all be strings."), nameof(ids));
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException(e.Message, e);
            }
        }

        return loaded;
    }

    // Sized up front: for a catalog of millions, growing by doubling would leave much of the memory unused.
    private IdMap(int capacity)
    {
        _ids = new List<string>(capacity + 1) { string.Empty };
        _indices = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
    }

    private void AddDistinct(string id, string paramName)
    {
        if (_indices.ContainsKey(id))
        {
            throw new ArgumentException($"The id '{id}' appears twice; ids in an id map must be unique.", paramName);
        }

        GetOrAdd(id);
    }

    internal int GetOrAdd(string id)
    {
        if (_indices.TryGetValue(id, out var index))
        {
            return index;
        }

        if (id.Length == 0)
        {
            throw new ArgumentException("An id must not be empty.", nameof(id));
        }

        index = _ids.Count;
        _ids.Add(id);
        _indices.Add(id, index);
        _allInt64 &= IsCanonicalInt64(id);
        return index;
    }

    internal static bool IsCanonicalInt64(string id) =>
        long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
        && value.ToString(CultureInfo.InvariantCulture) == id;
}
