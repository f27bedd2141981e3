using Microsoft.Extensions.Logging;

namespace Recommender.Server.Diagnostics;

/// <summary>Every message the server logs, in one place.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "Model {Version} loaded from {Source} ({Items} items, {Reason}).")]
    public static partial void ModelLoaded(ILogger logger, string version, string source, int items, string reason);

    [LoggerMessage(2, LogLevel.Error, "New bundle {Source} refused ({Reason}); model {Version} keeps serving.")]
    public static partial void ModelRefused(ILogger logger, Exception error, string source, string reason, string version);

    [LoggerMessage(3, LogLevel.Information, "Watching {Path} for new bundles.")]
    public static partial void Watching(ILogger logger, string path);

    [LoggerMessage(4, LogLevel.Information, "{Count} items added to model {Version}; it now has {Items}.")]
    public static partial void ItemsAdded(ILogger logger, int count, string version, int items);

    [LoggerMessage(5, LogLevel.Warning, "Admin request to {Path} refused: {Reason}.")]
    public static partial void AdminRefused(ILogger logger, string path, string reason);

    [LoggerMessage(7, LogLevel.Information, "Model {Version}: {Note}")]
    public static partial void SessionNote(ILogger logger, string version, string note);

    [LoggerMessage(6, LogLevel.Error, "A batch of {Count} requests failed.")]
    public static partial void BatchFailed(ILogger logger, Exception error, int count);
}
