using System.Globalization;
using System.Text.Json.Nodes;
using VpnBot.Core;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Admin;

/// <summary>
/// The real host with one operator listed in Admins:TelegramIds, speaking English to the admin bot, and
/// helpers that send an update and wait for the bot's answer to that update (not an earlier one).
/// </summary>
public sealed class AdminBotHarness : IAsyncDisposable
{
    public const long AdminId = 900_000_001;

    private AdminBotHarness(TestHost host) => Host = host;

    public TestHost Host { get; }
    public FakeBotApiServer Telegram => Host.Telegram;

    public static async Task<AdminBotHarness> StartAsync(Action<Dictionary<string, string?>>? configure = null) =>
        new(await TestHost.StartAsync(c =>
        {
            c["Admins:TelegramIds"] = AdminId.ToString(CultureInfo.InvariantCulture);
            configure?.Invoke(c);
        }));

    /// <summary>A text or command from <paramref name="from"/>; returns the first sendMessage to them afterwards.</summary>
    public Task<RecordedCall> SendTextAsync(string text, long from = AdminId) =>
        SendAndWaitAsync(Updates.Text(from, text, languageCode: "en"), c => c.Method == "sendMessage" && c.ChatId == from);

    /// <summary>A button press; returns the screen it leads to (the edited message).</summary>
    public Task<RecordedCall> PressAsync(string data, long from = AdminId) =>
        SendAndWaitAsync(Updates.Callback(from, data, messageId: 77, languageCode: "en"), c => c.Method is "editMessageText" or "sendMessage" && c.ChatId == from);

    /// <summary>
    /// A button press; returns the edit of the message the button was on. Unlike <see cref="PressAsync"/>, a message
    /// the bot sends meanwhile (an operator alert from a background job) cannot be taken for the answer.
    /// </summary>
    public Task<RecordedCall> PressForEditAsync(string data, long from = AdminId) =>
        SendAndWaitAsync(Updates.Callback(from, data, messageId: 77, languageCode: "en"),
            c => c.Method == "editMessageText" && c.ChatId == from && c["message_id"] == "77");

    /// <summary>A button press; returns the answerCallbackQuery (its toast or alert).</summary>
    public async Task<RecordedCall> PressForAnswerAsync(string data, long from = AdminId)
    {
        var update = Updates.Callback(from, data, messageId: 77, languageCode: "en");
        var id = (string)update["callback_query"]!["id"]!;
        return await SendAndWaitAsync(update, c => c.Method == "answerCallbackQuery" && c["callback_query_id"] == id);
    }

    public async Task<RecordedCall> SendAndWaitAsync(JsonObject update, Func<RecordedCall, bool> match, BotKind bot = BotKind.Admin)
    {
        var before = new HashSet<RecordedCall>(Telegram.Calls, ReferenceEqualityComparer.Instance);
        var token = Host.TokenOf(bot);
        Host.Send(update, bot);
        return await Telegram.WaitForCallAsync(c => c.Token == token && !before.Contains(c) && match(c));
    }

    public async Task<User> SeedUserAsync(long telegramId, string? username = null, string firstName = "Ivan", string? lastName = null,
        UserRole role = UserRole.Client, bool banned = false, bool active = true, DateTimeOffset? createdAt = null)
    {
        var at = createdAt ?? DateTimeOffset.UtcNow;
        var user = new User
        {
            TelegramId = telegramId, Username = username, FirstName = firstName, LastName = lastName, LanguageCode = "ru", Role = role,
            IsBanned = banned, IsActive = active, CreatedAt = at, UpdatedAt = at, LastActivityAt = at,
        };
        await using var db = Host.Db();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
