using System.Numerics.Tensors;

namespace Recommender.Scoring.Approximate;

/// <summary>
/// An HNSW graph over the rows of an item table (USearch), keyed by item index: it finds a user vector's
/// highest-scoring items by walking a graph instead of scoring every row. Searches may run from several threads at
/// once; adding items is one writer at a time.
/// </summary>
/// <remarks>
/// Scores are inner products, which are no distance: in a graph built on them, items with small vectors are
/// rarely reached, and searching deeper does not find them. So every item vector x is stored as
/// <c>[x, sqrt(N² − |x|²)] / N</c>, N the largest norm in the table, and a query q as <c>[q, 0]</c>: every stored
/// vector has length one, the inner product is then a true (cosine) similarity, and it orders items exactly as q·x does.
/// </remarks>
internal sealed class ItemIndex : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly Lock _adding = new();
    private readonly float _maxNorm;
    private IntPtr _handle;

    private ItemIndex(IntPtr handle, int dim, float maxNorm, int threads)
    {
        _handle = handle;
        Dim = dim;
        _maxNorm = maxNorm;
        Threads = threads;
        _slots = new SemaphoreSlim(threads, threads);
    }

    /// <summary>Numbers per item vector (the model's; the index stores one more).</summary>
    public int Dim { get; }

    /// <summary>Searches that may run at once: USearch keeps one search context per thread slot.</summary>
    public int Threads { get; }

    /// <summary>Items in the index.</summary>
    public long Count
    {
        get
        {
            var error = IntPtr.Zero;
            var size = UsearchNative.Size(Handle, ref error);
            UsearchNative.Check(error, "counting its items");
            return (long)size;
        }
    }

    /// <summary>Bytes the index holds in memory: the graph and its copy of the vectors.</summary>
    public long MemoryBytes
    {
        get
        {
            var error = IntPtr.Zero;
            var bytes = UsearchNative.MemoryUsage(Handle, ref error);
            UsearchNative.Check(error, "measuring its memory");
            return (long)bytes;
        }
    }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(ItemIndex));

    /// <summary>Builds the index over rows 1.. of <paramref name="table"/> (<c>[rows, dim]</c>, row 0 padding), on <paramref name="threads"/> threads.</summary>
    public static ItemIndex Build(float[] table, int dim, ApproximateTopKOptions settings, int threads)
    {
        var index = Create(table, dim, settings, threads);
        try
        {
            index.AddRows(table, 1, Items(table, dim), threads);
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>Reads an index <see cref="Save"/> wrote for <paramref name="table"/>.</summary>
    public static ItemIndex Load(string path, float[] table, int dim, ApproximateTopKOptions settings, int threads)
    {
        var index = Create(table, dim, settings, threads);
        try
        {
            var error = IntPtr.Zero;
            UsearchNative.Load(index.Handle, path, ref error);
            UsearchNative.Check(error, $"reading {path}");
            var dimensions = UsearchNative.Dimensions(index.Handle, ref error);
            UsearchNative.Check(error, $"reading {path}");
            if ((int)dimensions != dim + 1)
            {
                throw new ItemIndexException($"{path} indexes vectors of {dimensions} numbers, not the {dim + 1} this model's index stores.");
            }

            // Loading restores the saved settings and thread slots; this session's apply.
            index.Configure(settings, Items(table, dim));
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>Writes the index to <paramref name="path"/> (whole or not at all: a temporary file renamed over it).</summary>
    public void Save(string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            var error = IntPtr.Zero;
            UsearchNative.Save(Handle, temporary, ref error);
            UsearchNative.Check(error, $"writing {temporary}");
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Adds rows <paramref name="first"/>..<paramref name="first"/>+<paramref name="count"/>-1 of <paramref name="table"/>
    /// under their row numbers. An added item longer than the longest the index was built with is stored at that length
    /// (its direction kept), so it may rank a little lower than its score says until the index is built again.
    /// </summary>
    public void AddRows(float[] table, int first, int count, int threads = 1)
    {
        lock (_adding)
        {
            Reserve((int)Count + count);
            var chunk = Math.Max(1, count / (threads * 8));
            var ranges = Enumerable.Range(0, (count + chunk - 1) / chunk).Select(c => (Start: first + c * chunk, End: first + Math.Min(count, (c + 1) * chunk)));
            Parallel.ForEach(ranges, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, range =>
            {
                var stored = new float[Dim + 1];
                for (var row = range.Start; row < range.End; row++)
                {
                    Add(row, table.AsSpan(row * Dim, Dim), stored);
                }
            });
        }
    }

    /// <summary>
    /// The <paramref name="keys"/>.Length highest inner products with <paramref name="query"/>, best first; returns how
    /// many were found. The search considers at least the index's search depth of candidates, and more when more are asked for.
    /// </summary>
    public int Search(ReadOnlySpan<float> query, Span<long> keys)
    {
        if (query.Length != Dim)
        {
            throw new ArgumentException($"The query has {query.Length} numbers; the index holds items of {Dim}.", nameof(query));
        }

        Span<float> extended = stackalloc float[Dim + 1];
        query.CopyTo(extended);
        var found = new ulong[keys.Length];
        var distances = new float[keys.Length];
        _slots.Wait();
        try
        {
            unsafe
            {
                fixed (float* q = extended)
                fixed (ulong* k = found)
                fixed (float* d = distances)
                {
                    var error = IntPtr.Zero;
                    var count = (int)UsearchNative.Search(Handle, q, UsearchNative.Float32, (nuint)Math.Max(keys.Length, 1), k, d, ref error);
                    UsearchNative.Check(error, "searching");
                    for (var i = 0; i < count; i++)
                    {
                        keys[i] = (long)found[i];
                    }

                    return count;
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose()
    {
        if (_handle != IntPtr.Zero)
        {
            var error = IntPtr.Zero;
            UsearchNative.Free(_handle, ref error);
            _handle = IntPtr.Zero;
            _slots.Dispose();
        }
    }

    private static ItemIndex Create(float[] table, int dim, ApproximateTopKOptions settings, int threads)
    {
        var items = Items(table, dim);
        var maxNorm = 0f;
        for (var row = 1; row <= items; row++)
        {
            maxNorm = Math.Max(maxNorm, TensorPrimitives.Norm(table.AsSpan(row * dim, dim)));
        }

        var options = new UsearchNative.InitOptions
        {
            // USearch scales each vector to length 127 when it stores bytes, which keeps cosines and loses inner
            // products; the stored vectors all have length one, so both order items alike.
            MetricKind = settings.Precision == IndexPrecision.Quantized ? UsearchNative.Cosine : UsearchNative.InnerProduct,
            Quantization = settings.Precision switch
            {
                IndexPrecision.Half => UsearchNative.Float16,
                IndexPrecision.Quantized => UsearchNative.Int8,
                _ => UsearchNative.Float32,
            },
            Dimensions = (nuint)(dim + 1),
            Connectivity = (nuint)settings.Connectivity,
            ExpansionAdd = (nuint)settings.ExpansionAdd,
            ExpansionSearch = (nuint)settings.SearchDepth(items),
        };
        var error = IntPtr.Zero;
        IntPtr handle;
        try
        {
            unsafe
            {
                handle = UsearchNative.Init(&options, ref error);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new ItemIndexException($"USearch's native library cannot be loaded on this machine ({e.Message}).", e);
        }

        UsearchNative.Check(error, "starting");
        var index = new ItemIndex(handle, dim, maxNorm > 0 ? maxNorm : 1, Math.Max(threads, 1));
        index.Configure(settings, items);
        return index;
    }

    /// <summary>Items in a table of <c>[rows, dim]</c>: every row but row 0, the padding.</summary>
    private static int Items(float[] table, int dim) => table.Length / dim - 1;

    private void Configure(ApproximateTopKOptions settings, long items)
    {
        var error = IntPtr.Zero;
        UsearchNative.ChangeExpansionSearch(Handle, (nuint)settings.SearchDepth(items), ref error);
        UsearchNative.Check(error, "setting its search depth");
        ReserveThreads();
    }

    // Reserving room resets the thread slots to the core count, so they are set again after every reservation.
    private void ReserveThreads()
    {
        var error = IntPtr.Zero;
        UsearchNative.ChangeThreadsSearch(Handle, (nuint)Threads, ref error);
        UsearchNative.Check(error, "reserving search threads");
        UsearchNative.ChangeThreadsAdd(Handle, (nuint)Threads, ref error);
        UsearchNative.Check(error, "reserving threads to add with");
    }

    private void Reserve(int capacity)
    {
        var error = IntPtr.Zero;
        UsearchNative.Reserve(Handle, (nuint)capacity, ref error);
        UsearchNative.Check(error, $"reserving room for {capacity} items");
        ReserveThreads();
    }

    private void Add(int row, ReadOnlySpan<float> vector, float[] stored)
    {
        var norm = TensorPrimitives.Norm(vector);
        var scale = 1 / Math.Max(_maxNorm, norm);
        TensorPrimitives.Multiply(vector, scale, stored.AsSpan(0, Dim));
        stored[Dim] = MathF.Sqrt(Math.Max(0, 1 - norm * scale * (norm * scale)));
        _slots.Wait();
        try
        {
            unsafe
            {
                fixed (float* v = stored)
                {
                    var error = IntPtr.Zero;
                    UsearchNative.Add(Handle, (ulong)row, v, UsearchNative.Float32, ref error);
                    UsearchNative.Check(error, $"adding item row {row}");
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}
