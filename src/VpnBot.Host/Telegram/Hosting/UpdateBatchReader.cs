using System.Text.Json;
using System.Text.Json.Serialization;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace VpnBot.Host.Telegram.Hosting;

/// <summary>
/// getUpdates, decoded one update at a time. Telegram.Bot decodes a whole batch at once, so a single
/// update it cannot read (a lone UTF-16 surrogate escape, a field of an unexpected shape) would fail the
/// batch, and the poller would ask for the same offset forever: one poison update halting the bot for
/// every customer. Here the batch is read as raw JSON; a bad update is logged with its id and skipped,
/// and the offset still moves past it.
/// </summary>
public static class UpdateBatchReader
{
    public sealed record Batch(IReadOnlyList<Update> Updates, int? NextOffset);

    public static async Task<Batch> ReadAsync(
        ITelegramBotClient client, int? offset, int timeoutSeconds, IEnumerable<UpdateType> allowed, ILogger log, string bot, CancellationToken ct)
    {
        var raw = await client.SendRequest(
            new RawGetUpdatesRequest { Offset = offset, Limit = 100, Timeout = timeoutSeconds, AllowedUpdates = allowed }, ct);
        var updates = new List<Update>(raw.Length);
        int? next = offset;
        foreach (var element in raw)
        {
            var id = UpdateId(element);
            if (id is { } known) next = Math.Max(next ?? 0, known + 1);
            if (TryDecode(element, out var update, out var reason)) updates.Add(update);
            else log.LogError("Skipped update {UpdateId} of the {Bot} bot: it cannot be read ({Reason})", id, bot, reason);
        }
        return new Batch(updates, next);
    }

    /// <summary>Decodes one update and normalizes its text (<see cref="Pipeline.UpdateSanitizer"/>); false (with the reason) for one we cannot read.</summary>
    public static bool TryDecode(JsonElement element, out Update update, out string reason)
    {
        try
        {
            update = element.Deserialize<Update>(JsonBotAPI.Options)!;
            reason = "";
            if (update is null) return false;
            if (UpdateShape.Missing(update) is { } missing)
            {
                reason = missing;
                return false;
            }
            // Normalized here, at the edge, before anything (the inboxes included) stores a byte of it.
            Pipeline.UpdateSanitizer.Sanitize(update);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            update = null!;
            reason = e.Message;
            return false;
        }
    }

    public static int? UpdateId(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("update_id", out var id) && id.TryGetInt32(out var value)
            ? value : null;

    /// <summary>The getUpdates call with the result left as JSON, so each update is decoded on its own.</summary>
    private sealed class RawGetUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
    {
        [JsonPropertyName("offset")] public int? Offset { get; init; }
        [JsonPropertyName("limit")] public int? Limit { get; init; }
        [JsonPropertyName("timeout")] public int? Timeout { get; init; }
        [JsonPropertyName("allowed_updates")] public IEnumerable<UpdateType>? AllowedUpdates { get; init; }
    }
}
