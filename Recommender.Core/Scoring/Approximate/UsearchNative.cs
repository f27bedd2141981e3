using System.Runtime.InteropServices;

namespace Recommender.Scoring.Approximate;

/// <summary>
/// The parts of USearch's C interface the item index uses. The package's managed class cannot change the search
/// depth of a loaded index or add from several threads, so the index calls the library the package ships directly.
/// </summary>
internal static partial class UsearchNative
{
    private const string Library = "usearch_c";

    /// <summary>USearch's <c>usearch_init_options_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct InitOptions
    {
        public int MetricKind;
        public IntPtr Metric;
        public int Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        /// <summary>C's one-byte <c>bool</c>: several vectors per key; always 0 here.</summary>
        public byte Multi;
    }

    /// <summary><c>usearch_metric_ip_k</c>: distance is one minus the inner product.</summary>
    internal const int InnerProduct = 2;

    /// <summary><c>usearch_metric_cos_k</c>: distance is one minus the cosine.</summary>
    internal const int Cosine = 1;

    /// <summary><c>usearch_scalar_f32_k</c>.</summary>
    internal const int Float32 = 1;

    /// <summary><c>usearch_scalar_f16_k</c>.</summary>
    internal const int Float16 = 3;

    /// <summary><c>usearch_scalar_i8_k</c>.</summary>
    internal const int Int8 = 4;

    [LibraryImport(Library, EntryPoint = "usearch_init")]
    internal static unsafe partial IntPtr Init(InitOptions* options, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_free")]
    internal static partial void Free(IntPtr index, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_save", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void Save(IntPtr index, string path, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_load", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void Load(IntPtr index, string path, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_size")]
    internal static partial nuint Size(IntPtr index, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_dimensions")]
    internal static partial nuint Dimensions(IntPtr index, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_memory_usage")]
    internal static partial nuint MemoryUsage(IntPtr index, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_reserve")]
    internal static partial void Reserve(IntPtr index, nuint capacity, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_search")]
    internal static partial void ChangeExpansionSearch(IntPtr index, nuint expansion, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_add")]
    internal static partial void ChangeThreadsAdd(IntPtr index, nuint threads, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_search")]
    internal static partial void ChangeThreadsSearch(IntPtr index, nuint threads, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_add")]
    internal static unsafe partial void Add(IntPtr index, ulong key, float* vector, int kind, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_search")]
    internal static unsafe partial nuint Search(IntPtr index, float* query, int kind, nuint count, ulong* keys, float* distances, ref IntPtr error);

    /// <summary>Throws what the library reported, if anything.</summary>
    internal static void Check(IntPtr error, string doing)
    {
        if (error != IntPtr.Zero)
        {
            throw new ItemIndexException($"The item index failed while {doing}: {Marshal.PtrToStringUTF8(error)}.");
        }
    }
}
