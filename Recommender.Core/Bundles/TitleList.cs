using System.Collections;
using System.Text.Json;

namespace Recommender.Bundles;

/// <summary>
/// The item titles of a bundle, read from their JSON array on demand: the bytes stay as they are in the bundle and
/// only where each title starts is kept, so a catalog of millions does not hold millions of strings nobody shows.
/// </summary>
internal sealed class TitleList : IReadOnlyList<string>
{
    private readonly byte[] _json;
    private readonly int[] _starts;

    private TitleList(byte[] json, int[] starts)
    {
        _json = json;
        _starts = starts;
    }

    public int Count => _starts.Length;

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var reader = new Utf8JsonReader(_json.AsSpan(_starts[index]));
            reader.Read();
            return reader.GetString()!;
        }
    }

    /// <summary>Indexes a JSON array of <paramref name="rows"/> strings: padding, then one title per item.</summary>
    /// <exception cref="InvalidDataException">
    /// The JSON is not an array of strings, or holds another number of them; <paramref name="source"/> names it.
    /// </exception>
    public static TitleList Read(byte[] json, int rows, string source)
    {
        var starts = new int[rows];
        var count = 0;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    if (count < rows)
                    {
                        starts[count] = (int)reader.TokenStartIndex;
                    }

                    count++;
                }
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not a JSON array of strings: {e.Message}", e);
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new InvalidDataException($"{source} is not a JSON array of strings.");
        }

        return count == rows
            ? new TitleList(json, starts)
            : throw new InvalidDataException($"{source} has {count - 1:N0} titles for {rows - 1:N0} items.");
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
