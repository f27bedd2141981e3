using Recommender.Data;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core;

public sealed class ParquetFooterTests : IDisposable
{
    /// <summary>An items file with one flipped byte in its footer, on which the Parquet library itself never returns.</summary>
    private const string EndlessFooter =
        "UEFSMRUAFRYVGiwVAhUAFQYVBhwYATYYATYWACgBNhgBNgAAAAsoAgAAAAIBAQAAADYVABUQFRQsFQIVABUGFQYcGAgAAAAAAIBEQBgIAAAAAACAJUAWACgIAAAAAACAREAYCAAAAAAAgERAAAAACBwAAAAAAIBEQBUCGTxIBHJvb3QVBAAVDCUCGAV0aXRsZSUATBwAAAAVCiUAGAdpdGVtX2lkABYCGRwZLCYIHBUMGSUABhkYBXRpdGxlFQIWAhZYFlwmCDwYATYYejYWACgBNhgBNgAAACZkHBUKGSXEBhkYB2l0ZW1faWQVAhYCFooBFo4BJmQ8GAgAAAAAAIBEQBgIAAAAAACAREAWACgIAAAAAACAREAYCAAAAAAAgERAAAAAFuIBFgI26gEAKEpQYXJxdWV0Lk5ldCB2ZXJzaW9uIDYuMS4wIChidWlsZCBjMTc5ZDk3YmQyNTQ5YjVmNDRhOTI0MWU3MjlmODY5ZDQ5NDdlZTU5KQADAQAAUEFSMQ==";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_damaged_count_in_the_footer_is_an_error_naming_the_file_not_an_endless_read()
    {
        var path = _dir.File("items.parquet");
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(EndlessFooter));

        var read = Task.Run(() => ItemFileReader.Open(path).ReadCatalogAsync());
        var error = await Assert.ThrowsAsync<DataFormatException>(() => read.WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("its metadata (the footer) is not well-formed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_of_the_parquet_library_that_never_returns_becomes_an_error_after_its_limit()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Recommender.Data.Readers.ParquetFiles.WithinLimitAsync(
            async ct => await Task.Delay(Timeout.Infinite, CancellationToken.None), 0, "the file's metadata", CancellationToken.None, TimeSpan.FromMilliseconds(50)));

        Assert.Equal("the file's metadata was not read within 0 s; the Parquet library does not finish on damage like this", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x41, 0x52, 0x31, 0x00, 0x50, 0x41, 0x52, 0x31 }, "fewer than the 12 of an empty Parquet file")]
    [InlineData(new byte[] { 0x50, 0x41, 0x52, 0x31, 1, 2, 3, 4, 0x10, 0, 0, 0, 0x50, 0x41, 0x52, 0x31 }, "the footer claims 16 bytes of metadata, but the file holds 4")]
    [InlineData(new byte[] { 0x50, 0x41, 0x52, 0x31, 1, 2, 3, 4, 0x04, 0, 0, 0, 0x50, 0x41, 0x52, 0x32 }, "does not end with the Parquet marker PAR1")]
    public async Task A_cut_or_damaged_end_of_file_is_named(byte[] bytes, string message)
    {
        var path = _dir.File("interactions.parquet");
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<DataFormatException>(async () =>
        {
            await foreach (var _ in InteractionFileReader.Open(path, new DataReadOptions { Format = InteractionFormat.Parquet }).ReadAsync())
            {
            }
        });

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
