using Telegram.Bot;
using VpnBot.Host.Telegram;

namespace VpnBot.Host.Bots.Client.Referrals;

/// <summary>
/// Deep links into the client bot (t.me/&lt;bot&gt;?start=&lt;payload&gt;). The bot's username is asked of Telegram once
/// (getMe) and kept: it is fixed for a token, and configuring it separately could only drift from the token.
/// </summary>
public sealed class ClientBotLink(BotClients bots)
{
    private string? _username;

    public async Task<string> StartUrlAsync(string payload, CancellationToken ct) =>
        $"https://t.me/{await UsernameAsync(ct)}?start={payload}";

    /// <summary>Telegram's share dialog for <paramref name="url"/> with a line of text.</summary>
    public static string ShareUrl(string url, string text) =>
        $"https://t.me/share/url?url={Uri.EscapeDataString(url)}&text={Uri.EscapeDataString(text)}";

    private async Task<string> UsernameAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _username) is { } known) return known;
        var me = await bots.Get(BotKind.Client).GetMe(ct);
        var username = me.Username ?? throw new InvalidOperationException("The client bot has no username.");
        Volatile.Write(ref _username, username);
        return username;
    }
}
