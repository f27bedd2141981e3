using Recommender.IO;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Core.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_temporary_file()
    {
        var path = _dir.Write("out.bin", "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(1);
            throw new InvalidOperationException("the writer failed");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["out.bin"], Directory.EnumerateFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Temporary_files_of_killed_writers_are_removed_and_those_of_live_writers_and_other_targets_are_kept()
    {
        var path = _dir.File("out.parquet");
        var stale = _dir.Write($".out.parquet.{Guid.NewGuid():N}.tmp", "killed");
        var live = _dir.File($".out.parquet.{Guid.NewGuid():N}.tmp");
        var otherTarget = _dir.Write($".out.parquet.x.parquet.{Guid.NewGuid():N}.tmp", "another output's");
        var notOurs = _dir.Write(".out.parquet.notes.tmp", "a user's file");

        using (new FileStream(live, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            AtomicFile.Write(path, stream => stream.WriteByte(42));
            Assert.True(File.Exists(live));
        }

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(otherTarget));
        Assert.True(File.Exists(notOurs));
        Assert.Equal([42], File.ReadAllBytes(path));
        Assert.Equal(1, AtomicFile.RemoveStaleTemporaries(path));
        Assert.False(File.Exists(live));
    }

    [Fact]
    public void A_target_is_being_written_while_a_live_writer_holds_its_temporary_file_and_not_after_a_killed_one()
    {
        var path = _dir.File("part-1-of-2.parquet");
        var stale = _dir.Write($".part-1-of-2.parquet.{Guid.NewGuid():N}.tmp", "killed");
        var otherTarget = _dir.File($".part-2-of-2.parquet.{Guid.NewGuid():N}.tmp");

        using (new FileStream(otherTarget, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.False(AtomicFile.IsBeingWritten(path));
            Assert.False(File.Exists(stale));
            Assert.True(AtomicFile.IsBeingWritten(_dir.File("part-2-of-2.parquet")));
        }

        Assert.False(AtomicFile.IsBeingWritten(_dir.File("part-2-of-2.parquet")));
    }
}
