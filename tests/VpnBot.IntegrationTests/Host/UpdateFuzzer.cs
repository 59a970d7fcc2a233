using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using VpnBot.Host.Telegram;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Host;

/// <summary>The seeded rows a forger would aim at, and every Telegram id that sent something during the run.</summary>
public sealed record FuzzTargets(long[] UserIds, long[] PaymentIds, long[] SubscriptionIds, long[] ConfigIds, long[] PlanIds, long[] ServerIds)
{
    public HashSet<long> SenderIds { get; } = [];
}

/// <summary>One fuzz update: a JSON object, or raw text (for what a JsonObject cannot hold, like a lone surrogate escape).</summary>
public sealed record FuzzUpdate(JsonObject? Json, Func<long, string>? Raw = null, bool Undecodable = false);

/// <summary>
/// Builds random updates from one seeded Random: every update type the host asks for and others, missing and
/// mistyped fields, huge and broken texts, and callback data made from the bots' real prefixes with ids that
/// belong to somebody else. Senders come from a pool that never includes the seeded customers or the admin.
/// </summary>
public sealed class UpdateFuzzer(Random random, FuzzTargets targets)
{
    public const long AdminId = 900_000_777;
    public const long CustomerId = 900_000_778;
    public const long OtherId = 900_000_779;
    public const long StaffGroup = -1_009_000_777;
    private const long SenderBase = 7_100_000_000;
    private static long _fresh = 7_900_000_000;

    private static readonly string[] ClientData =
    [
        "home", "srv", "srv:p:{n}", "ins", "ins:{w}", "ins:{w}:{w}", "sup", "sup:write:{n}", "sup:reply:{n}", "supclose:{n}", "supclose:{n}:yes",
        "supcancel", "prof", "plang", "plang:{w}", "pproto", "pproto:{w}", "ppay", "buy", "buy:p:{plan}", "buy:s:{plan}:{server}",
        "buy:m:{plan}:{server}:{w}", "buy:c:{pay}", "trial", "sub", "sub:ar:{sub}:1", "sub:ar:{sub}:0", "cfg", "cfg:s:{cfg}", "cfg:r:{cfg}",
        "cfg:r:{cfg}:y", "cfg:p:{cfg}", "cfg:p:{cfg}:{w}", "cfg:l:{cfg}", "cfg:l:{cfg}:{server}",
    ];

    private static readonly string[] AdminData =
    [
        "dash", "usr", "usr:{tg}", "ban:ask:{tg}", "ban:yes:{tg}", "unban:ask:{tg}", "unban:yes:{tg}", "ext:ask:{sub}:{n}:0", "ext:yes:{sub}:30:{n}",
        "srv", "srv:on:{server}", "srv:off:{server}", "pln", "pln:on:{plan}", "pln:off:{plan}", "aud", "aud:o:{n}", "aud:n:{n}", "bc", "bc:go", "bc:x",
    ];

    private static readonly string[] Commands =
        ["/start", "/help", "/menu", "/user {tg}", "/user @seed", "/servers", "/plans", "/audit", "/broadcast", "/analytics", "/assign", "/close", "/reopen", "/buy", "/start ref_{tg}"];

    private static readonly string[] Words = ["ru", "en", "vless", "wg", "ovpn", "auto", "yookassa", "cryptopay", "stars", "ios", "android", "windows", "x", "", "-1", "0"];

    /// <summary>A Telegram id no fuzz update used, on the given dispatcher lane (private chats hash by their id).</summary>
    public static long FreshId(int lane, int lanes)
    {
        var id = Interlocked.Increment(ref _fresh);
        while (id % lanes != lane) id = Interlocked.Increment(ref _fresh);
        return id;
    }

    public (BotKind Bot, FuzzUpdate Update) Next()
    {
        var bot = random.Next(10) switch { < 6 => BotKind.Client, < 8 => BotKind.Support, _ => BotKind.Admin };
        var sender = SenderBase + random.Next(400);
        targets.SenderIds.Add(sender);
        var update = random.Next(100) switch
        {
            < 30 => Message(sender, "message", bot),
            < 38 => Message(sender, "edited_message", bot),
            < 62 => new FuzzUpdate(Callback(sender, bot)),
            < 67 => new FuzzUpdate(PreCheckout(sender)),
            < 74 => new FuzzUpdate(SuccessfulPayment(sender)),
            < 78 => new FuzzUpdate(ChatMember(sender)),
            < 82 => new FuzzUpdate(ChannelPost()),
            < 86 => new FuzzUpdate(Inline(sender)),
            < 93 => Raw(sender),
            _ => new FuzzUpdate(Mangle(Message(sender, "message", bot).Json!)),
        };
        return (bot, update);
    }

    private FuzzUpdate Message(long sender, string kind, BotKind bot)
    {
        var chat = random.Next(10) switch
        {
            < 6 => Updates.PrivateChat(sender),
            < 8 => new JsonObject { ["id"] = bot == BotKind.Support ? StaffGroup : -random.NextInt64(1, 1_000_000_000), ["type"] = "supergroup", ["title"] = "g", ["is_forum"] = true },
            _ => new JsonObject { ["id"] = -random.NextInt64(1, 1_000_000), ["type"] = "group", ["title"] = "g" },
        };
        var from = Updates.From(sender, languageCode: Pick(["ru", "en", "de", null]));
        if (random.Next(10) == 0) from["is_bot"] = true;
        var message = new JsonObject { ["message_id"] = random.Next(1, 100_000), ["date"] = 1_700_000_000, ["chat"] = chat };
        if (random.Next(20) != 0) message["from"] = from;
        if ((string)chat["type"]! == "supergroup" && random.Next(2) == 0) { message["message_thread_id"] = random.Next(1, 50); message["is_topic_message"] = true; }
        if (kind == "edited_message") message["edit_date"] = 1_700_000_100;
        switch (random.Next(8))
        {
            case 0: message["sticker"] = new JsonObject { ["file_id"] = "s", ["file_unique_id"] = "s", ["type"] = "regular", ["width"] = 1, ["height"] = 1, ["is_animated"] = false, ["is_video"] = false }; break;
            case 1: message["photo"] = new JsonArray(new JsonObject { ["file_id"] = "p", ["file_unique_id"] = "p", ["width"] = 1, ["height"] = 1 }); message["caption"] = Text(); break;
            case 2: message["contact"] = new JsonObject { ["phone_number"] = "+100", ["first_name"] = "x", ["user_id"] = Pick(targets.UserIds) }; break;
            case 3: break; // no content at all
            default:
                var text = random.Next(3) == 0 ? Fill(Pick(Commands)) : Text();
                message["text"] = text;
                if (text.StartsWith('/')) message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = text.Split(' ')[0].Length });
                break;
        }
        return new FuzzUpdate(new JsonObject { [kind] = message });
    }

    private JsonObject Callback(long sender, BotKind bot)
    {
        var data = random.Next(12) switch
        {
            0 => Text(),
            1 => new string('x', random.Next(60, 300)),
            _ => Fill(Pick(bot == BotKind.Admin ? AdminData : ClientData)),
        };
        var update = Updates.Callback(sender, data, messageId: random.Next(1, 1000), languageCode: Pick(["ru", "en", null]));
        var callback = update["callback_query"]!.AsObject();
        switch (random.Next(6))
        {
            case 0: callback.Remove("message"); callback["inline_message_id"] = "AAAA" + random.Next(); break;
            case 1: callback.Remove("data"); callback["game_short_name"] = "g"; break;
            case 2: callback["message"]!["chat"] = new JsonObject { ["id"] = -random.NextInt64(1, 1_000_000), ["type"] = "supergroup", ["title"] = "g" }; break;
            case 3: callback["message"]!["chat"] = Updates.PrivateChat(Pick([AdminId, CustomerId, OtherId])); break; // a message of somebody else's chat
        }
        return update;
    }

    private JsonObject PreCheckout(long sender) =>
        Updates.PreCheckout(sender, Payload(), random.Next(-5, 1000), Pick(["XTR", "XTR", "RUB", "USD", ""]));

    /// <summary>
    /// A successful_payment nobody could have paid: Telegram sends one only to the payer, after a pre-checkout we
    /// approved for the payer's own order (others' orders are refused there), and updates cannot be forged on the way
    /// (polling, or the webhook's secret). So the payload names no real order of somebody else; pre-checkout (which
    /// anyone can trigger) still gets every payload.
    /// </summary>
    private JsonObject SuccessfulPayment(long sender)
    {
        var payload = Payload();
        if (targets.PaymentIds.Any(id => payload == "vpnbot:" + id.ToString(CultureInfo.InvariantCulture))) payload = "vpnbot:" + random.Next(1_000_000, int.MaxValue);
        var update = Updates.SuccessfulPayment(sender, payload, Pick([150, 1, 0, -150, 150_000, random.Next()]), "forged-" + random.Next(), Pick(["XTR", "XTR", "RUB"]));
        if (random.Next(4) == 0) update["message"]!["chat"] = new JsonObject { ["id"] = -random.NextInt64(1, 1_000_000), ["type"] = "group", ["title"] = "g" };
        return update;
    }

    private string Payload() => random.Next(6) switch
    {
        0 => Text(),
        1 => "vpnbot:" + random.Next(),
        2 => "",
        _ => "vpnbot:" + Pick(targets.PaymentIds).ToString(CultureInfo.InvariantCulture),
    };

    private JsonObject ChatMember(long sender)
    {
        var member = new JsonObject
        {
            ["chat"] = random.Next(2) == 0 ? Updates.PrivateChat(sender) : new JsonObject { ["id"] = StaffGroup, ["type"] = "supergroup", ["title"] = "s" },
            ["from"] = Updates.From(sender), ["date"] = 1_700_000_000,
            ["old_chat_member"] = new JsonObject { ["status"] = "member", ["user"] = Updates.From(Pick([sender, AdminId, CustomerId])) },
            ["new_chat_member"] = new JsonObject { ["status"] = Pick(["kicked", "member", "left", "administrator"]), ["user"] = Updates.From(Pick([sender, AdminId, CustomerId])), ["until_date"] = 0 },
        };
        if ((string)member["new_chat_member"]!["status"]! == "administrator")
            member["new_chat_member"]!["can_be_edited"] = false;
        return new JsonObject { [Pick(["my_chat_member", "chat_member"])] = member };
    }

    private JsonObject ChannelPost() => new()
    {
        [Pick(["channel_post", "edited_channel_post"])] = new JsonObject
        {
            ["message_id"] = random.Next(1, 1000), ["date"] = 1_700_000_000, ["text"] = Text(),
            ["chat"] = new JsonObject { ["id"] = -random.NextInt64(1, 1_000_000), ["type"] = "channel", ["title"] = "c" },
            ["sender_chat"] = new JsonObject { ["id"] = -random.NextInt64(1, 1_000_000), ["type"] = "channel", ["title"] = "c" },
        },
    };

    private JsonObject Inline(long sender) => random.Next(3) switch
    {
        0 => new JsonObject { ["inline_query"] = new JsonObject { ["id"] = "q" + random.Next(), ["from"] = Updates.From(sender), ["query"] = Text(), ["offset"] = "" } },
        1 => new JsonObject { ["chosen_inline_result"] = new JsonObject { ["result_id"] = "r", ["from"] = Updates.From(sender), ["query"] = Text() } },
        _ => new JsonObject { ["poll"] = new JsonObject { ["id"] = "p", ["question"] = "q", ["options"] = new JsonArray(), ["total_voter_count"] = 0, ["is_closed"] = false, ["is_anonymous"] = true, ["type"] = "regular", ["allows_multiple_answers"] = false } },
    };

    /// <summary>Texts a JsonObject cannot carry or that are not an update at all; a lone surrogate escape is refused by the decoder.</summary>
    private FuzzUpdate Raw(long sender)
    {
        var chat = sender.ToString(CultureInfo.InvariantCulture);
        string Msg(string text) =>
            $$"""{"message_id":5,"date":1700000000,"chat":{"id":{{chat}},"type":"private","first_name":"A"},"from":{"id":{{chat}},"is_bot":false,"first_name":"A"},"text":"{{text}}"}""";
        return random.Next(6) switch
        {
            0 => new FuzzUpdate(null, id => $$"""{"update_id":{{id}},"message":{{Msg("bad \\ud800 text")}}}""", Undecodable: true),
            1 => new FuzzUpdate(null, id => $$"""{"update_id":{{id}},"edited_message":{{Msg("\\udc00\\udc00")}}}""", Undecodable: true),
            2 => new FuzzUpdate(null, id => $$"""{"update_id":{{id}},"message":{{Msg("nul \\u0000 inside \\u0001\\u001f")}}}"""),
            3 => new FuzzUpdate(null, id => $$"""{"update_id":{{id}},"message":{{Msg("/start \\u0000")}}}"""),
            4 => new FuzzUpdate(null, id => $$$"""{"update_id":{{{id}}},"some_future_update":{"x":[1,2,{"y":null}]}}"""),
            _ => new FuzzUpdate(null, id => $$"""{"update_id":{{id}}}"""),
        };
    }

    /// <summary>Drops a random field of the message, or gives it a value of the wrong shape.</summary>
    private JsonObject Mangle(JsonObject update)
    {
        var message = update["message"]!.AsObject();
        var keys = message.Select(p => p.Key).ToList();
        var key = Pick(keys.ToArray());
        if (random.Next(2) == 0) message.Remove(key);
        else if (key == "text") message[key] = new string('я', 10_000);
        else if (key == "from")
        {
            var sender = SenderBase + random.Next(400);
            targets.SenderIds.Add(sender); // a new sender: the update is theirs now
            message[key] = new JsonObject { ["id"] = sender, ["is_bot"] = false, ["first_name"] = "" };
        }
        return update;
    }

    private string Text() => random.Next(8) switch
    {
        0 => "",
        1 => new string('w', 10_000),
        2 => string.Concat(Enumerable.Range(0, 2_000).Select(_ => "😀")),
        3 => "<b>bold</b> <a href=\"tg://user?id=1\">x</a> & \u202e \u200b",
        4 => "x\u0000y\u0007z",
        5 => Fill("{tg} {pay} {sub}"),
        _ => RandomWord(),
    };

    private string RandomWord()
    {
        var sb = new StringBuilder();
        for (var i = random.Next(1, 40); i > 0; i--) sb.Append((char)random.Next(32, 0x2000));
        return sb.ToString();
    }

    private string Fill(string template) => template
        .Replace("{tg}", Id(AdminId, CustomerId, OtherId), StringComparison.Ordinal)
        .Replace("{pay}", Id(targets.PaymentIds), StringComparison.Ordinal)
        .Replace("{sub}", Id(targets.SubscriptionIds), StringComparison.Ordinal)
        .Replace("{cfg}", Id(targets.ConfigIds), StringComparison.Ordinal)
        .Replace("{plan}", Id(targets.PlanIds), StringComparison.Ordinal)
        .Replace("{server}", Id(targets.ServerIds), StringComparison.Ordinal)
        .Replace("{n}", Id(), StringComparison.Ordinal)
        .Replace("{w}", Pick(Words), StringComparison.Ordinal);

    /// <summary>Mostly a real id of somebody else's row, sometimes a random, negative or absurd one.</summary>
    private string Id(params long[] real) => (random.Next(5) switch
    {
        0 => random.NextInt64(),
        1 => -random.Next(1000),
        2 => random.Next(1, 50),
        _ => real.Length > 0 ? Pick(real) : random.Next(1, 10),
    }).ToString(CultureInfo.InvariantCulture);

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}
