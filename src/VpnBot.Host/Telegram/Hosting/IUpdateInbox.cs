using Npgsql;
using Telegram.Bot.Types;

namespace VpnBot.Host.Telegram.Hosting;

/// <summary>
/// Saves what must survive a crash from an update before Telegram is told we have it. Updates are acknowledged
/// before they are handled (the next getUpdates offset, or the webhook's 200), so anything that cannot be asked
/// for again (a Stars payment) has to be on disk first.
/// </summary>
public interface IUpdateInbox
{
    /// <summary>Saves what this update carries that must not be lost (most updates carry nothing). Throws when saving failed.</summary>
    Task SaveAsync(BotKind bot, Update update, CancellationToken ct);
}

/// <summary>All registered inboxes, asked in turn by the poller and the webhook endpoint.</summary>
public sealed class UpdateInboxes(IEnumerable<IUpdateInbox> inboxes, ILogger<UpdateInboxes> log)
{
    private readonly IUpdateInbox[] _inboxes = [.. inboxes];

    /// <summary>False when an inbox could not save the update: it must not be acknowledged (Telegram sends it again).</summary>
    public async Task<bool> SaveAsync(BotKind bot, Update update, CancellationToken ct)
    {
        foreach (var inbox in _inboxes)
        {
            try
            {
                await inbox.SaveAsync(bot, update, ct);
            }
            catch (PostgresException e) when (IsRefusedData(e))
            {
                // The database refuses this update's data itself (too long, malformed): it would be refused on every
                // redelivery too, and holding the offset would stop the bot for everyone. It is logged whole and let through.
                log.LogError(e, "Update {UpdateId} of the {Bot} bot cannot be stored ({Reason}); it is let through unsaved", update.Id, bot, e.MessageText);
            }
            catch (Exception e)
            {
                if (!ct.IsCancellationRequested)
                    log.LogError(e, "Update {UpdateId} of the {Bot} bot could not be saved; it is not acknowledged and comes again", update.Id, bot);
                return false;
            }
        }
        return true;
    }

    /// <summary>SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the data, not the database.</summary>
    private static bool IsRefusedData(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal);
}
