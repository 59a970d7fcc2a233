using System.Text.Json.Nodes;

namespace VpnBot.TestKit.Telegram;

/// <summary>One Bot API method call as the fake server received it.</summary>
public sealed record RecordedCall(string Token, string Method, JsonObject Parameters, IReadOnlyDictionary<string, UploadedFile> Files, DateTimeOffset At)
{
    public long? ChatId => Parameters["chat_id"] is JsonValue v && v.TryGetValue<long>(out var id) ? id
        : Parameters["chat_id"] is JsonValue s && s.TryGetValue<string>(out var text) && long.TryParse(text, out var parsed) ? parsed : null;

    public string? Text => (string?)Parameters["text"] ?? (string?)Parameters["caption"];

    public string? this[string name] => Parameters[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var node => node.ToJsonString(),
    };

    /// <summary>The uploaded file a parameter points at ("attach://0"), if any.</summary>
    public UploadedFile? File(string parameter) =>
        this[parameter] is { } value && value.StartsWith("attach://", StringComparison.Ordinal) && Files.TryGetValue(value[9..], out var f) ? f : null;

    /// <summary>Texts of all buttons of the reply_markup (inline or reply keyboard).</summary>
    public IReadOnlyList<string> ButtonTexts() => Buttons().Select(b => (string?)b["text"] ?? "").ToList();

    /// <summary>callback_data of all inline buttons.</summary>
    public IReadOnlyList<string> CallbackData() => Buttons().Select(b => (string?)b["callback_data"]).OfType<string>().ToList();

    public IEnumerable<JsonObject> Buttons()
    {
        var markup = Parameters["reply_markup"] switch
        {
            JsonObject o => o,
            JsonValue v when v.TryGetValue<string>(out var s) => JsonNode.Parse(s) as JsonObject,
            _ => null,
        };
        var rows = (markup?["inline_keyboard"] ?? markup?["keyboard"]) as JsonArray;
        if (rows is null) yield break;
        foreach (var row in rows.OfType<JsonArray>())
            foreach (var button in row)
                if (button is JsonObject b) yield return b;
                else if (button is JsonValue t && t.TryGetValue<string>(out var text)) yield return new JsonObject { ["text"] = text };
    }
}

public sealed record UploadedFile(string FileName, string? ContentType, byte[] Content);
