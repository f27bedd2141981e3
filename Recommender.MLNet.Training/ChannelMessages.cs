using System.Reflection;
using Microsoft.ML.Runtime;

namespace Recommender.MLNet.Training;

/// <summary>
/// Writing to an ML.NET channel, which is what <c>mlContext.Log</c> receives. ML.NET keeps the constructor of its
/// message type to itself (its components are its friend assemblies), so the one constructor is found by reflection
/// once; should a later ML.NET drop it, messages go to <see cref="System.Diagnostics.Trace"/> instead of being lost.
/// </summary>
internal static class ChannelMessages
{
    private static readonly ConstructorInfo? Constructor = typeof(ChannelMessage).GetConstructor(
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(ChannelMessageKind), typeof(MessageSensitivity), typeof(string)]);

    public static void Info(this IChannel channel, string message) => Send(channel, ChannelMessageKind.Info, message);

    public static void Warning(this IChannel channel, string message) => Send(channel, ChannelMessageKind.Warning, message);

    private static void Send(IChannel channel, ChannelMessageKind kind, string message)
    {
        if (Constructor is null)
        {
            System.Diagnostics.Trace.WriteLine($"{kind}: {message}", "Recommender training");
            return;
        }

        channel.Send((ChannelMessage)Constructor.Invoke([kind, MessageSensitivity.None, message]));
    }
}
