using System.Text.Json.Nodes;

namespace VpnBot.TestKit.Telegram;

/// <summary>What Telegram answers to each method, shaped like the real objects (Message, ForumTopic, User ...).</summary>
internal static class Responses
{
    public static JsonNode? For(string method, string token, JsonObject p, IReadOnlyDictionary<string, UploadedFile> files, Func<long> nextMessageId)
    {
        switch (method.ToLowerInvariant())
        {
            case "getme":
                return BotUser(token);
            case "sendmessage":
                return Message(token, p, nextMessageId(), m => m["text"] = Str(p, "text"));
            case "sendphoto":
                return Message(token, p, nextMessageId(), m =>
                {
                    m["photo"] = new JsonArray(new JsonObject { ["file_id"] = "photo-" + Guid.NewGuid().ToString("N"), ["file_unique_id"] = "u1", ["width"] = 512, ["height"] = 512 });
                    if (Str(p, "caption") is { } c) m["caption"] = c;
                });
            case "senddocument":
                return Message(token, p, nextMessageId(), m =>
                {
                    var file = Str(p, "document") is { } d && d.StartsWith("attach://", StringComparison.Ordinal) && files.TryGetValue(d[9..], out var f) ? f : null;
                    // A document sent again by its file_id ("doc-...") keeps that id, as Telegram does.
                    var fileId = file is null && Str(p, "document") is { } id && id.StartsWith("doc-", StringComparison.Ordinal) ? id : "doc-" + Guid.NewGuid().ToString("N");
                    var document = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId[4..Math.Min(fileId.Length, 20)], ["file_name"] = file?.FileName ?? "file" };
                    if (file is not null)
                    {
                        document["mime_type"] = file.ContentType ?? "application/octet-stream";
                        document["file_size"] = file.Content.LongLength;
                    }
                    m["document"] = document;
                    if (Str(p, "caption") is { } c) m["caption"] = c;
                });
            case "sendinvoice":
                return Message(token, p, nextMessageId(), m => m["invoice"] = new JsonObject
                {
                    ["title"] = Str(p, "title"), ["description"] = Str(p, "description"), ["start_parameter"] = "",
                    ["currency"] = Str(p, "currency"), ["total_amount"] = TotalAmount(p),
                });
            case "editmessagetext":
            case "editmessagereplymarkup":
            case "editmessagecaption":
                if (p["inline_message_id"] is not null) return true;
                return Message(token, p, long.Parse(Str(p, "message_id") ?? "0", System.Globalization.CultureInfo.InvariantCulture), m =>
                {
                    if (Str(p, "text") is { } t) m["text"] = t;
                    m["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                });
            case "createforumtopic":
                return new JsonObject { ["message_thread_id"] = (int)(nextMessageId() % int.MaxValue), ["name"] = Str(p, "name"), ["icon_color"] = 7322096 };
            case "createinvoicelink":
                return "https://t.me/$" + Guid.NewGuid().ToString("N")[..12];
            case "getwebhookinfo":
                return new JsonObject { ["url"] = "", ["has_custom_certificate"] = false, ["pending_update_count"] = 0 };
            case "getchat":
                return new JsonObject { ["id"] = long.Parse(Str(p, "chat_id") ?? "0", System.Globalization.CultureInfo.InvariantCulture), ["type"] = "private" };
            default:
                // answerCallbackQuery, answerPreCheckoutQuery, setWebhook, deleteWebhook, deleteMessage,
                // refundStarPayment, closeForumTopic, reopenForumTopic, editForumTopic, setMyCommands ...
                return true;
        }
    }

    private static JsonObject Message(string token, JsonObject p, long messageId, Action<JsonObject> fill)
    {
        var chatId = long.Parse(Str(p, "chat_id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = BotUser(token),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId < 0 ? "supergroup" : "private" },
        };
        if (Str(p, "message_thread_id") is { } thread)
        {
            message["message_thread_id"] = int.Parse(thread, System.Globalization.CultureInfo.InvariantCulture);
            message["is_topic_message"] = true;
        }
        fill(message);
        return message;
    }

    private static JsonObject BotUser(string token)
    {
        var id = long.Parse(token.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        return new JsonObject { ["id"] = id, ["is_bot"] = true, ["first_name"] = "VpnBot", ["username"] = $"vpnbot{id}_bot" };
    }

    private static long TotalAmount(JsonObject p)
    {
        var prices = p["prices"] switch
        {
            JsonArray a => a,
            JsonValue v when v.TryGetValue<string>(out var s) => JsonNode.Parse(s) as JsonArray,
            _ => null,
        };
        return prices?.OfType<JsonObject>().Sum(x => (long?)x["amount"] ?? 0) ?? 0;
    }

    internal static string? Str(JsonObject p, string name) => p[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var node => node.ToJsonString(),
    };
}
