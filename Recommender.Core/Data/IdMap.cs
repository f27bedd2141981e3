using System.Buffers.Text;
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

    /// <summary>Looks up the index of the id spelled by <paramref name="id"/>, without making a string of it.</summary>
    internal bool TryGetIndex(ReadOnlySpan<char> id, out int index)
    {
        if (_numbers is null)
        {
            return _textIndices!.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out index);
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
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var reader = new Utf8JsonReader(memory.GetBuffer().AsSpan(0, (int)memory.Length));
        reader.Read();
        return Read(ref reader);
    }

    /// <summary>
    /// Reads the JSON object <see cref="Save"/> writes, from a reader on its first token (e.g. inside a larger
    /// document); the reader is left on its last. Integer ids are parsed from their UTF-8 text and never become
    /// strings, so reading a bundle's million ids allocates little more than the map itself.
    /// </summary>
    /// <exception cref="InvalidDataException">The JSON is not an id map.</exception>
    internal static IdMap Read(ref Utf8JsonReader reader)
    {
        const string NotAMap = "An id map must be a JSON object with an array property 'ids'.";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException(NotAMap);
        }

        IdMap? map = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIds = reader.ValueTextEquals("ids"u8);
            reader.Read();
            if (!isIds)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new InvalidDataException(NotAMap);
            }

            map = new IdMap(CountArrayValues(reader));
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new InvalidDataException("An id map's 'ids' must all be strings.");
                }

                try
                {
                    map.AddDistinct(ref reader);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException(e.Message, e);
                }
            }
        }

        return map ?? throw new InvalidDataException(NotAMap);
    }

    // Counted on a copy of the reader, so the map is sized once (see the constructor).
    private static int CountArrayValues(Utf8JsonReader reader)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            reader.Skip();
        }

        return count;
    }

    // Sized up front: for a catalog of millions, growing by doubling would leave much of the memory unused.
    private IdMap(int capacity) => _numbers = new NumericIdIndex(capacity);

    // An integer id is looked up or added straight from its UTF-8 text; anything else as a string.
    private void AddDistinct(ref Utf8JsonReader reader)
    {
        var count = Count;
        var index = _numbers is not null && !reader.HasValueSequence && !reader.ValueIsEscaped && TryParseCanonicalInt64(reader.ValueSpan, out var number)
            ? GetOrAdd(number)
            : GetOrAdd(reader.GetString()!);
        if (index <= count)
        {
            throw new InvalidDataException(Repeated(reader.GetString()!));
        }
    }

    private void AddDistinct(string id, string paramName)
    {
        var count = Count;
        if (GetOrAdd(id) <= count)
        {
            throw new ArgumentException(Repeated(id), paramName);
        }
    }

    private static string Repeated(string id) => $"The id '{id}' appears twice; ids in an id map must be unique.";

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
                return GetOrAdd(number);
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

    private int GetOrAdd(long number) => _numbers!.TryGetIndex(number, out var known) ? known : _numbers.Add(number);

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
    private static bool TryParseCanonicalInt64(ReadOnlySpan<char> id, out long value)
    {
        Span<char> printed = stackalloc char[20];
        return long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            && value.TryFormat(printed, out var written, provider: CultureInfo.InvariantCulture)
            && printed[..written].SequenceEqual(id);
    }

    private static bool TryParseCanonicalInt64(ReadOnlySpan<byte> utf8, out long value)
    {
        Span<byte> printed = stackalloc byte[20];
        return Utf8Parser.TryParse(utf8, out value, out var consumed) && consumed == utf8.Length
            && Utf8Formatter.TryFormat(value, printed, out var written)
            && printed[..written].SequenceEqual(utf8);
    }
}
