namespace Recommender.Server.Endpoints;

/// <summary>Collects what is wrong with a request, field by field (JSON paths such as <c>users[2].k</c>).</summary>
internal sealed class Validation
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);
    private readonly RecommenderServerOptions _options;

    public Validation(RecommenderServerOptions options)
    {
        _options = options;
    }

    public bool IsValid => _errors.Count == 0;

    public int MaxCandidates => _options.MaxCandidates;

    public IDictionary<string, string[]> Errors => _errors;

    public void Add(string field, string expected) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, expected] : [expected];

    /// <summary>A list of item ids: present (when required), at most <paramref name="max"/>, no null or empty id.</summary>
    public void Ids(string field, string[]? ids, int max, bool required, bool nonEmpty = false)
    {
        if (ids is null)
        {
            if (required)
            {
                Add(field, "required: an array of item id strings.");
            }

            return;
        }

        if (nonEmpty && ids.Length == 0)
        {
            Add(field, "expected at least one item id.");
        }

        if (ids.Length > max)
        {
            Add(field, $"expected at most {max:N0} item ids; got {ids.Length:N0}.");
        }

        var blank = Array.FindIndex(ids, string.IsNullOrEmpty);
        if (blank >= 0)
        {
            Add($"{field}[{blank}]", "expected a non-empty item id string.");
        }
    }

    public void History(string field, string[]? history) => Ids(field, history, _options.MaxHistoryLength, required: true);

    public int K(string field, int? k)
    {
        var value = k ?? 10;
        if (value < 1 || value > _options.MaxK)
        {
            Add(field, $"expected an integer from 1 to {_options.MaxK:N0}; got {value}.");
        }

        return value;
    }

    public void Count(string field, int count, int max, string what)
    {
        if (count == 0)
        {
            Add(field, $"expected at least one {what}.");
        }
        else if (count > max)
        {
            Add(field, $"expected at most {max:N0} {what}s; got {count:N0}.");
        }
    }
}
