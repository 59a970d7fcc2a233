using Microsoft.EntityFrameworkCore;
using VpnBot.Core;

namespace VpnBot.Bench.Purchase;

public sealed record Check(string What, bool Ok, string Detail);

/// <summary>
/// After the run: what PostgreSQL, the fake panel and the Bot API calls say happened, independent of what the
/// customers' clocks saw. Every measured customer must own exactly one active subscription with one active VLESS
/// config that exists as a client on the panel, one completed payment, and have received exactly the messages of one purchase.
/// </summary>
public static class PurchaseVerification
{
    public static async Task<IReadOnlyList<Check>> RunAsync(PurchaseRun run, long firstUser, int users, int allUsers)
    {
        var lastUser = firstUser + users - 1;
        await using var db = run.Database.CreateContext();
        var checks = new List<Check>();

        var active = await db.Subscriptions.CountAsync(s => s.Status == SubscriptionStatus.Active && s.User!.TelegramId >= firstUser && s.User.TelegramId <= lastUser);
        checks.Add(new Check("active subscriptions (PostgreSQL)", active == users, $"{active} of {users}"));

        var paid = await db.Payments.CountAsync(p => p.Status == PaymentStatus.Completed && p.User!.TelegramId >= firstUser && p.User.TelegramId <= lastUser);
        checks.Add(new Check("completed payments (PostgreSQL)", paid == users, $"{paid} of {users}"));

        var configs = await db.VpnConfigs.AsNoTracking()
            .Where(c => c.IsActive && c.Subscription!.User!.TelegramId >= firstUser && c.Subscription.User.TelegramId <= lastUser)
            .Select(c => new { c.ExternalName, c.ConnectionString, c.Subscription!.UserId }).ToListAsync();
        var perUser = configs.GroupBy(c => c.UserId).Count(g => g.Count() == 1);
        var vless = configs.Count(c => c.ConnectionString?.StartsWith("vless://", StringComparison.Ordinal) == true);
        checks.Add(new Check("one active VLESS config per customer (PostgreSQL)", configs.Count == users && perUser == users && vless == users,
            $"{configs.Count} configs, {perUser} customers with exactly one, {vless} vless:// links"));

        var onPanel = run.Shop.Panel.Clients.Select(c => (string?)c["email"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var missing = configs.Count(c => !onPanel.Contains(c.ExternalName));
        checks.Add(new Check("clients on the fake 3X-UI panel", onPanel.Count == allUsers && missing == 0,
            $"{onPanel.Count} clients (expected {allUsers} incl. warm-up), {missing} measured configs missing"));

        var wrong = 0;
        string? example = null;
        for (var user = firstUser; user <= lastUser; user++)
        {
            var tally = run.Replies.TallyOf(user);
            if (tally is { SendMessage: 4, EditMessageText: 3, SendPhoto: 1, Other: 0 }) continue;
            wrong++;
            example ??= $"chat {user}: {tally?.ToString() ?? "no calls"}";
        }
        checks.Add(new Check("Bot API calls per customer (4 sendMessage, 3 editMessageText, 1 sendPhoto)", wrong == 0,
            wrong == 0 ? $"all {users}" : $"{wrong} customers differ, e.g. {example}"));

        var answers = run.Replies.CallsTo("answerCallbackQuery");
        checks.Add(new Check("answerCallbackQuery (3 per customer)", answers == 3 * allUsers, $"{answers} of {3 * allUsers}"));
        return checks;
    }
}
