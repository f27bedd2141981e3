using System.Runtime;

namespace Recommender.Training.Training;

/// <summary>
/// Keeps the garbage collector from running while a block of libtorch calls is in flight. TorchSharp hands libtorch
/// the native handle of a temporary it made (an implicit <c>Scalar</c> for an operator, above all) and the managed
/// object can become unreachable during the call; a collection started meanwhile (by another thread, such as the
/// progress display) lets its finaliser free the native object libtorch is reading, which fails the operation or
/// crashes the process. With no collection inside a training step or a scoring batch, such temporaries are finalised
/// only between them, after their last use.
/// </summary>
internal readonly struct NoCollectionRegion : IDisposable
{
    // Far above what one step allocates on the managed heap (tensor wrappers and batch arrays; tensor data is native).
    private const long Budget = 64L << 20;

    private readonly bool _started;

    private NoCollectionRegion(bool started) => _started = started;

    /// <summary>Starts a region, or does nothing when one is already open or the runtime refuses one.</summary>
    public static NoCollectionRegion Enter()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return default;
        }

        try
        {
            return new NoCollectionRegion(GC.TryStartNoGCRegion(Budget));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // Too large for this runtime's heap, or another thread opened a region first: run without one.
            return default;
        }
    }

    /// <summary>Ends the region, unless the runtime already ended it (the budget was exceeded and it collected).</summary>
    public void Dispose()
    {
        if (!_started || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            return;
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // A collection was forced inside the region: nothing is left to end.
        }
    }
}
