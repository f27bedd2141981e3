namespace Recommender.Training.Native;

/// <summary>What <see cref="TorchSharpRuntime.EnsureLoadable"/> found and did.</summary>
public enum TorchSharpLoadStatus
{
    /// <summary>Not Linux: the issue is specific to Linux's libstdc++, so nothing was checked.</summary>
    NotLinux,

    /// <summary>The process's libstdc++ is from GCC 13 or newer and provides GLIBCXX_3.4.32; no file was touched.</summary>
    SystemLibStdCxxSufficient,

    /// <summary>
    /// The libstdc++ is older, but libLibTorchSharp.so already does without GLIBCXX_3.4.32, usually because an earlier
    /// run patched it.
    /// </summary>
    AlreadyCompatible,

    /// <summary>The libstdc++ is older, and libLibTorchSharp.so was patched to do without GLIBCXX_3.4.32.</summary>
    Patched,

    /// <summary>
    /// The libstdc++ is older, but no libLibTorchSharp.so was found beside TorchSharp.dll, so TorchSharp will look for
    /// it elsewhere and may fail to load.
    /// </summary>
    LibraryNotFound,
}
