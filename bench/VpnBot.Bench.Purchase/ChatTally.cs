namespace VpnBot.Bench.Purchase;

/// <summary>How many calls of each kind one chat received.</summary>
public sealed class ChatTally
{
    private int _sendMessage;
    private int _editMessageText;
    private int _sendPhoto;
    private int _other;

    public int SendMessage => Volatile.Read(ref _sendMessage);
    public int EditMessageText => Volatile.Read(ref _editMessageText);
    public int SendPhoto => Volatile.Read(ref _sendPhoto);
    public int Other => Volatile.Read(ref _other);

    public void Count(string method)
    {
        if (string.Equals(method, "sendMessage", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _sendMessage);
        else if (string.Equals(method, "editMessageText", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _editMessageText);
        else if (string.Equals(method, "sendPhoto", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _sendPhoto);
        else Interlocked.Increment(ref _other);
    }

    public override string ToString() => $"sendMessage {SendMessage}, editMessageText {EditMessageText}, sendPhoto {SendPhoto}, other {Other}";
}
