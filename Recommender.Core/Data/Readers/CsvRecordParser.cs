using System.Text;

namespace Recommender.Data.Readers;

/// <summary>
/// Splits RFC 4180 CSV into records, fed one physical line at a time, so a quoted field may span lines.
/// Quotes inside a quoted field are doubled; a stray quote inside an unquoted field is kept as text.
/// </summary>
internal sealed class CsvRecordParser(char separator = ',')
{
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private bool _inQuotes;
    private bool _afterClosingQuote;

    /// <summary>Whether a quoted field is still open at the end of the last line fed.</summary>
    public bool IsInsideQuotes => _inQuotes;

    /// <summary>Feeds one line (without its line break). Returns true when it completes a record.</summary>
    /// <exception cref="FormatException">Text follows a closing quote before the next separator.</exception>
    public bool Feed(string line)
    {
        if (_inQuotes)
        {
            _field.Append('\n');
        }

        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (_inQuotes)
            {
                if (c != '"')
                {
                    _field.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    _field.Append('"');
                    i++;
                }
                else
                {
                    _inQuotes = false;
                    _afterClosingQuote = true;
                }
            }
            else if (c == separator)
            {
                EndField();
            }
            else if (_afterClosingQuote)
            {
                throw new FormatException($"a '{separator}' or the end of the line after a closing quote, found '{c}' at column {i + 1}");
            }
            else if (c == '"' && _field.Length == 0)
            {
                _inQuotes = true;
            }
            else
            {
                _field.Append(c);
            }
        }

        if (_inQuotes)
        {
            return false;
        }

        EndField();
        return true;
    }

    /// <summary>The fields of the record just completed; resets for the next one.</summary>
    public string[] TakeRecord()
    {
        var record = _fields.ToArray();
        _fields.Clear();
        return record;
    }

    /// <summary>Forgets a partial record, e.g. after a malformed line was skipped.</summary>
    public void Reset()
    {
        _field.Clear();
        _fields.Clear();
        _inQuotes = false;
        _afterClosingQuote = false;
    }

    /// <summary>Writes one field as CSV, quoting it when it holds the separator, a quote or a line break.</summary>
    public static string Quote(string field, char separator = ',') =>
        field.AsSpan().IndexOfAny([separator, '"', '\n', '\r']) >= 0 || (field.Length > 0 && (field[0] == ' ' || field[^1] == ' '))
            ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : field;

    private void EndField()
    {
        _fields.Add(_field.ToString());
        _field.Clear();
        _afterClosingQuote = false;
    }
}
