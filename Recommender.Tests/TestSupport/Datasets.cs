using Recommender.Data;

namespace Recommender.Tests.TestSupport;

/// <summary>Loads small datasets the tests write themselves.</summary>
internal static class Datasets
{
    public static async Task<List<InteractionRecord>> ReadAllAsync(InteractionFileReader reader)
    {
        var records = new List<InteractionRecord>();
        await foreach (var record in reader.ReadAsync())
        {
            records.Add(record);
        }

        return records;
    }

    public static InteractionLog Build(IEnumerable<InteractionRecord> records, DuplicateHandling duplicates = DuplicateHandling.Drop, IReadOnlyList<string>? knownItems = null)
    {
        var builder = new InteractionLogBuilder(knownItems ?? []) { Duplicates = duplicates };
        foreach (var record in records)
        {
            builder.Add(record);
        }

        return builder.Build().Log;
    }

    public static List<string> ItemIds(InteractionLog log, int user)
    {
        var ids = new List<string>();
        foreach (var item in log.GetItems(user))
        {
            ids.Add(log.Items.GetId(item));
        }

        return ids;
    }
}
