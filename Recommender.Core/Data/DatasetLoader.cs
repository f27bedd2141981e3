namespace Recommender.Data;

/// <summary>Loads a dataset: interactions (a file or a dataset folder) and optionally items, with a full report.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// Reads <paramref name="input"/> (an interactions file, or a folder laid out as <see cref="DatasetLayout"/> describes)
    /// and the items file, if one is given or found in the folder.
    /// </summary>
    /// <exception cref="FileNotFoundException">An input does not exist.</exception>
    /// <exception cref="DataFormatException">A row is malformed and <see cref="DataReadOptions.BadRows"/> is <see cref="BadRowPolicy.Fail"/>.</exception>
    public static async Task<Dataset> LoadAsync(string input, string? items = null, DataReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DataReadOptions();
        var (interactionsPath, itemsPath) = DatasetLayout.Resolve(input, items);

        ItemCatalog? catalog = null;
        ItemFileReader? itemReader = null;
        if (itemsPath is not null)
        {
            itemReader = ItemFileReader.Open(itemsPath, options);
            catalog = await itemReader.ReadCatalogAsync(cancellationToken).ConfigureAwait(false);
        }

        var reader = InteractionFileReader.Open(interactionsPath, options);
        var builder = new InteractionLogBuilder(options.KnownItems ?? []) { Duplicates = options.Duplicates };
        await foreach (var record in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            builder.Add(record);
        }

        if (builder.Count == 0)
        {
            throw new DataFormatException(interactionsPath, $"no interactions were read ({reader.Report.RowsSkipped:N0} rows skipped, {reader.Report.LinesIgnored:N0} blank lines).");
        }

        InteractionLog log;
        DuplicateCounts duplicates;
        try
        {
            (log, duplicates) = builder.Build();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(interactionsPath, e.Message, e);
        }

        var report = new DataReport
        {
            Interactions = reader.Report,
            Items = itemReader?.Report,
            DuplicateCatalogIds = itemReader?.DuplicateIds ?? 0,
            Duplicates = duplicates,
        };
        return new Dataset(log, catalog, catalog is null ? report : WithCatalogCoverage(report, log, catalog));
    }

    private static DataReport WithCatalogCoverage(DataReport report, InteractionLog log, ItemCatalog catalog)
    {
        var counts = log.CountItemInteractions();
        int missing = 0;
        long missingInteractions = 0;
        for (var item = 1; item <= log.ItemCount; item++)
        {
            if (!catalog.Contains(log.Items.GetId(item)))
            {
                missing++;
                missingInteractions += counts[item];
            }
        }

        return report with
        {
            ItemsMissingFromCatalog = missing,
            InteractionsWithItemsMissingFromCatalog = missingInteractions,
            CatalogItemsWithoutInteractions = catalog.Items.Count(i => !log.Items.TryGetIndex(i.Id, out _)),
        };
    }
}
