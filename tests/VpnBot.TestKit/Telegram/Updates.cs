using System.Text.Json.Nodes;

namespace VpnBot.TestKit.Telegram;

/// <summary>Builders for the updates Telegram sends, with the real field names.</summary>
public static class Updates
{
    private static long _messageId = 1;

    public static JsonObject From(long userId, string firstName = "Ann", string? languageCode = "ru", string? username = null, string? lastName = null)
    {
        var user = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = firstName };
        if (lastName is not null) user["last_name"] = lastName;
        if (username is not null) user["username"] = username;
        if (languageCode is not null) user["language_code"] = languageCode;
        return user;
    }

    public static JsonObject PrivateChat(long userId, string firstName = "Ann") =>
        new() { ["id"] = userId, ["type"] = "private", ["first_name"] = firstName };

    public static JsonObject Text(long userId, string text, string? languageCode = "ru", string firstName = "Ann", string? username = null)
    {
        var message = BaseMessage(userId, firstName, languageCode, username);
        message["text"] = text;
        if (text.StartsWith('/'))
        {
            var length = text.IndexOf(' ') is var space and > 0 ? space : text.Length;
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
        }
        return new JsonObject { ["message"] = message };
    }

    public static JsonObject Sticker(long userId, string? languageCode = "ru")
    {
        var message = BaseMessage(userId, "Ann", languageCode, null);
        message["sticker"] = new JsonObject
        {
            ["file_id"] = "sticker-1", ["file_unique_id"] = "s1", ["type"] = "regular", ["width"] = 512, ["height"] = 512,
            ["is_animated"] = false, ["is_video"] = false,
        };
        return new JsonObject { ["message"] = message };
    }

    public static JsonObject Photo(long userId, string? caption = null, string? languageCode = "ru")
    {
        var message = BaseMessage(userId, "Ann", languageCode, null);
        message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "photo-in-1", ["file_unique_id"] = "p1", ["width"] = 90, ["height"] = 90 });
        if (caption is not null) message["caption"] = caption;
        return new JsonObject { ["message"] = message };
    }

    public static JsonObject Callback(long userId, string data, long messageId = 1, string? languageCode = "ru", string messageText = "menu")
    {
        return new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString("N")[..16],
                ["from"] = From(userId, languageCode: languageCode),
                ["message"] = new JsonObject
                {
                    ["message_id"] = messageId, ["date"] = Now(), ["chat"] = PrivateChat(userId), ["text"] = messageText,
                },
                ["chat_instance"] = "-" + userId,
                ["data"] = data,
            },
        };
    }

    public static JsonObject PreCheckout(long userId, string payload, int totalAmount, string currency = "XTR") => new()
    {
        ["pre_checkout_query"] = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N")[..16], ["from"] = From(userId), ["currency"] = currency,
            ["total_amount"] = totalAmount, ["invoice_payload"] = payload,
        },
    };

    public static JsonObject SuccessfulPayment(long userId, string payload, int totalAmount, string chargeId, string currency = "XTR")
    {
        var message = BaseMessage(userId, "Ann", "ru", null);
        message["successful_payment"] = new JsonObject
        {
            ["currency"] = currency, ["total_amount"] = totalAmount, ["invoice_payload"] = payload,
            ["telegram_payment_charge_id"] = chargeId, ["provider_payment_charge_id"] = "",
        };
        return new JsonObject { ["message"] = message };
    }

    /// <summary>A message in a forum topic of a supergroup (the support staff side).</summary>
    public static JsonObject TopicMessage(long groupId, int threadId, long fromUserId, string text, bool fromBot = false, string? languageCode = "ru")
    {
        var message = GroupMessage(groupId, threadId, fromUserId, fromBot, languageCode);
        message["text"] = text;
        if (text.StartsWith('/'))
        {
            var length = text.IndexOf(' ') is var space and > 0 ? space : text.Length;
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
        }
        return new JsonObject { ["message"] = message };
    }

    /// <summary>A text in the General topic of a forum supergroup: Telegram sends no message_thread_id there.</summary>
    public static JsonObject GeneralTopicMessage(long groupId, long fromUserId, string text)
    {
        var update = TopicMessage(groupId, 0, fromUserId, text);
        var message = (JsonObject)update["message"]!;
        message.Remove("message_thread_id");
        message.Remove("is_topic_message");
        return update;
    }

    /// <summary>A photo (with a caption) in a forum topic.</summary>
    public static JsonObject TopicPhoto(long groupId, int threadId, long fromUserId, string? caption = null)
    {
        var message = GroupMessage(groupId, threadId, fromUserId, false, "ru");
        message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "photo-staff-1", ["file_unique_id"] = "ps1", ["width"] = 90, ["height"] = 90 });
        if (caption is not null) message["caption"] = caption;
        return new JsonObject { ["message"] = message };
    }

    /// <summary>A text by an anonymous group admin: Telegram sends it from GroupAnonymousBot with the group as sender_chat.</summary>
    public static JsonObject AnonymousAdminTopicMessage(long groupId, int threadId, string text)
    {
        var update = TopicMessage(groupId, threadId, 1087968824, text, fromBot: true);
        var message = (JsonObject)update["message"]!;
        message["from"] = new JsonObject { ["id"] = 1087968824, ["is_bot"] = true, ["first_name"] = "Group", ["username"] = "GroupAnonymousBot" };
        message["sender_chat"] = new JsonObject { ["id"] = groupId, ["type"] = "supergroup", ["title"] = "Support" };
        return update;
    }

    /// <summary>The service message Telegram posts when a topic is closed (no sender text, no content).</summary>
    public static JsonObject TopicClosedService(long groupId, int threadId, long fromUserId)
    {
        var message = GroupMessage(groupId, threadId, fromUserId, false, "ru");
        message["forum_topic_closed"] = new JsonObject();
        return new JsonObject { ["message"] = message };
    }

    private static JsonObject GroupMessage(long groupId, int threadId, long fromUserId, bool fromBot, string? languageCode)
    {
        var from = From(fromUserId, fromBot ? "SomeBot" : "Staff", languageCode);
        from["is_bot"] = fromBot;
        return new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _messageId), ["from"] = from, ["date"] = Now(),
            ["chat"] = new JsonObject { ["id"] = groupId, ["type"] = "supergroup", ["title"] = "Support", ["is_forum"] = true },
            ["message_thread_id"] = threadId, ["is_topic_message"] = true,
        };
    }

    private static JsonObject BaseMessage(long userId, string firstName, string? languageCode, string? username) => new()
    {
        ["message_id"] = Interlocked.Increment(ref _messageId),
        ["from"] = From(userId, firstName, languageCode, username),
        ["date"] = Now(),
        ["chat"] = PrivateChat(userId, firstName),
    };

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
