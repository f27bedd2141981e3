using System.Runtime.CompilerServices;

namespace Recommender.Training.Native;

/// <summary>Prepares TorchSharp's native library as soon as Recommender.Training is used.</summary>
internal static class ModuleInitializer
{
    // CA2255 discourages module initializers in libraries, but TorchSharp's static constructor loads the native library
    // before user code could step in, so only a module initializer reliably runs first.
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Initialize() => TorchSharpRuntime.EnsureLoadableWithoutThrowing();
#pragma warning restore CA2255
}
