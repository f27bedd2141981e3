namespace Recommender.Data.Readers;

/// <summary>Applies the <see cref="BadRowPolicy"/> to a malformed row: throw, or skip and report.</summary>
internal sealed class BadRowHandler(string filePath, BadRowPolicy policy, ReadReport report)
{
    public void Handle(string location, RowError error)
    {
        var exception = new DataFormatException(filePath, location, error.Found, error.Expected);
        if (policy == BadRowPolicy.Fail)
        {
            throw exception;
        }

        report.Skip(exception);
    }
}
