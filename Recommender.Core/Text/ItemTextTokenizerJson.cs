using System.Text.Json;

namespace Recommender.Text;

/// <summary>
/// The saved form of an <see cref="ItemTextTokenizer"/>: a JSON object with a format version, the options and
/// the vocabulary in id order. It is all a scoring app needs to encode text exactly as training did.
/// </summary>
internal static class ItemTextTokenizerJson
{
    private const int FormatVersion = 1;

    internal static void Write(Stream stream, ItemTextTokenizerOptions options, IReadOnlyList<string> vocabulary)
    {
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteNumber("version", FormatVersion);
        writer.WriteStartObject("options");
        writer.WriteStartArray("fields");
        foreach (var field in options.Fields)
        {
            writer.WriteStringValue(field);
        }

        writer.WriteEndArray();
        writer.WriteNumber("maxTokens", options.MaxTokens);
        writer.WriteNumber("minWordFrequency", options.MinWordFrequency);
        writer.WriteNumber("maxVocabulary", options.MaxVocabulary);
        writer.WriteBoolean("lowercase", options.Lowercase);
        writer.WriteEndObject();
        writer.WriteStartArray("vocabulary");
        foreach (var token in vocabulary)
        {
            writer.WriteStringValue(token);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <exception cref="InvalidDataException">The stream does not hold a valid saved tokenizer.</exception>
    internal static (ItemTextTokenizerOptions Options, string[] Vocabulary) Read(Stream stream)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"An item text tokenizer must be saved as JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("An item text tokenizer must be a JSON object with 'version', 'options' and 'vocabulary'.");
            }

            var version = Int32(root, "version");
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"This item text tokenizer has format version {version}; only version {FormatVersion} can be read.");
            }

            var json = Property(root, "options", JsonValueKind.Object);
            var options = new ItemTextTokenizerOptions
            {
                Fields = Strings(json, "fields"),
                MaxTokens = Int32(json, "maxTokens"),
                MinWordFrequency = Int32(json, "minWordFrequency"),
                MaxVocabulary = Int32(json, "maxVocabulary"),
                Lowercase = Property(json, "lowercase", JsonValueKind.True, JsonValueKind.False).GetBoolean(),
            };
            if (options.FindProblem() is { } optionsProblem)
            {
                throw new InvalidDataException($"The item text tokenizer's options are invalid: {optionsProblem}");
            }

            var vocabulary = Strings(root, "vocabulary");
            if (ItemTextVocabulary.FindProblem(vocabulary) is { } vocabularyProblem)
            {
                throw new InvalidDataException($"The item text tokenizer's vocabulary is invalid: {vocabularyProblem}");
            }

            return (options, vocabulary);
        }
    }

    private static JsonElement Property(JsonElement parent, string name, params ReadOnlySpan<JsonValueKind> kinds)
    {
        if (!parent.TryGetProperty(name, out var value) || !kinds.Contains(value.ValueKind))
        {
            var expected = kinds[0] switch
            {
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                JsonValueKind.Number => "a number",
                _ => "a boolean",
            };
            throw new InvalidDataException($"A saved item text tokenizer needs a property '{name}' that is {expected}.");
        }

        return value;
    }

    private static int Int32(JsonElement parent, string name) =>
        Property(parent, name, JsonValueKind.Number).TryGetInt32(out var value)
            ? value
            : throw new InvalidDataException($"The property '{name}' of a saved item text tokenizer must be a 32-bit integer.");

    private static string[] Strings(JsonElement parent, string name)
    {
        var array = Property(parent, name, JsonValueKind.Array);
        var strings = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            try
            {
                strings[i++] = element.ValueKind == JsonValueKind.String
                    ? element.GetString()!
                    : throw new InvalidDataException($"The property '{name}' of a saved item text tokenizer must hold only strings.");
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json refuses escaped lone surrogates, which no tokenizer writes.
                throw new InvalidDataException($"The property '{name}' of a saved item text tokenizer holds an invalid string: {e.Message}", e);
            }
        }

        return strings;
    }
}
