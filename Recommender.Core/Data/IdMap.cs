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

    // Canonical integer ids are kept as numbers until the first id that is not one turns the map into strings.
    private NumericIdIndex? _numbers;
    private List<string>? _texts;
    private Dictionary<string, int>? _textIndices;

    /// <summary>Creates an empty map.</summary>
    public IdMap()
        : this(0)
    {
    }

    /// <summary>Creates a map whose index i+1 is <paramref name="ids"/>[i].</summary>
    /// <exception cref="ArgumentException">An id is empty or repeated.</exception>
    public IdMap(IEnumerable<string> ids)
        : this((ids as ICollection<string>)?.Count ?? 0)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            AddDistinct(id, nameof(ids));
        }
    }

    /// <summary>The number of ids, not counting the padding index.</summary>
    public int Count => _numbers?.Count ?? _texts!.Count - 1;

    /// <summary>Whether the ids are integers or strings in their source.</summary>
    public IdKind Kind => _numbers is not null && Count > 0 ? IdKind.Numeric : IdKind.Text;

    /// <summary>The ids in index order: element i is the id of index i+1.</summary>
    public IReadOnlyList<string> Ids => [.. Enumerable.Range(1, Count).Select(GetId)];

    /// <summary>The index of <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">The id is not in the map.</exception>
    public int this[string id] => TryGetIndex(id, out var index)
        ? index
        : throw new KeyNotFoundException($"The id '{id}' is not in the id map ({Count} ids).");

    /// <summary>Looks up the index of <paramref name="id"/>.</summary>
    public bool TryGetIndex(string id, out int index)
    {
        if (_numbers is null)
        {
            return _textIndices!.TryGetValue(id, out index);
        }

        index = 0;
        return TryParseCanonicalInt64(id, out var number) && _numbers.TryGetIndex(number, out index);
    }

    /// <summary>The id of <paramref name="index"/> (1..<see cref="Count"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is padding or out of range.</exception>
    public string GetId(int index)
    {
        if (index <= Padding || index > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected an index from 1 to {Count}; 0 is padding.");
        }

        return _numbers is null ? _texts![index] : _numbers[index].ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the map as JSON: its kind and its ids in index order.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("kind", Kind.ToString());
        writer.WriteStartArray("ids");
        for (var i = 1; i <= Count; i++)
        {
            writer.WriteStringValue(GetId(i));
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
    private IdMap(int capacity) => _numbers = new NumericIdIndex(capacity);

    private void AddDistinct(string id, string paramName)
    {
        var count = Count;
        if (GetOrAdd(id) <= count)
        {
            throw new ArgumentException($"The id '{id}' appears twice; ids in an id map must be unique.", paramName);
        }
    }

    // Each id is parsed (or hashed as text) once, whether it is found or added: loading a bundle of millions does this per id.
    internal int GetOrAdd(string id)
    {
        if (id.Length == 0)
        {
            throw new ArgumentException("An id must not be empty.", nameof(id));
        }

        if (_numbers is not null)
        {
            if (TryParseCanonicalInt64(id, out var number))
            {
                return _numbers.TryGetIndex(number, out var known) ? known : _numbers.Add(number);
            }

            SwitchToText();
        }

        if (_textIndices!.TryGetValue(id, out var index))
        {
            return index;
        }

        index = _texts!.Count;
        _texts.Add(id);
        _textIndices.Add(id, index);
        return index;
    }

    private void SwitchToText()
    {
        var numbers = _numbers!;
        _texts = new List<string>(numbers.Count + 2) { string.Empty };
        _textIndices = new Dictionary<string, int>(numbers.Count + 1, StringComparer.Ordinal);
        _numbers = null;
        for (var i = 1; i <= numbers.Count; i++)
        {
            var text = numbers[i].ToString(CultureInfo.InvariantCulture);
            _texts.Add(text);
            _textIndices.Add(text, i);
        }
    }

    // Canonical means the number prints back as the same text ("42", not "042" or "+42"), so the id round-trips.
    private static bool TryParseCanonicalInt64(string id, out long value)
    {
        Span<char> printed = stackalloc char[20];
        return long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            && value.TryFormat(printed, out var written, provider: CultureInfo.InvariantCulture)
            && printed[..written].SequenceEqual(id);
    }
}
