using System.Text;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

/// <summary>Shared steps and checks of the client-screen tests.</summary>
internal static class ClientScreens
{
    /// <summary>A new user who has sent /start (so their row exists) in the given Telegram language.</summary>
    public static async Task<long> RegisteredUserAsync(this TestHost host, string languageCode = "ru")
    {
        var userId = TestHost.NewUserId();
        host.Send(Updates.Text(userId, "/start", languageCode));
        await host.Telegram.WaitForCallAsync("sendMessage", userId);
        return userId;
    }

    /// <summary>The first call of <paramref name="method"/> to the chat whose text contains <paramref name="fragment"/>.</summary>
    public static Task<RecordedCall> ReplyContainingAsync(this TestHost host, long chatId, string fragment, string method = "sendMessage") =>
        host.Telegram.WaitForCallAsync(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase) && c.ChatId == chatId
            && c.Text is { } t && t.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Telegram refuses callback data over 64 UTF-8 bytes: every button we render must fit.</summary>
    public static RecordedCall AssertCallbacksFit(this RecordedCall call)
    {
        foreach (var data in call.CallbackData())
            Assert.True(Encoding.UTF8.GetByteCount(data) <= 64, $"callback_data '{data}' is {Encoding.UTF8.GetByteCount(data)} bytes");
        return call;
    }

    public static Server Server(string name, string location, string country, string? city = null, int current = 0, int max = 100,
        bool enabled = true, params VpnProtocol[] protocols) => new()
    {
        Name = name, Location = location, CountryCode = country, City = city, IpAddress = "203.0.113.10",
        SupportedProtocols = protocols.Length == 0 ? [VpnProtocol.Vless] : [.. protocols],
        PrimaryProtocol = protocols.Length == 0 ? VpnProtocol.Vless : protocols[0],
        CurrentUsers = current, MaxUsers = max, IsEnabled = enabled,
        CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };
}
