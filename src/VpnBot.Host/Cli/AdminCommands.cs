using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Audit;
using VpnBot.Core.Users;

namespace VpnBot.Host.Cli;

public static class AdminCommands
{
    public static async Task<int> CreateAdminAsync(CliContext cli, CliArgs args)
    {
        args.RejectUnknown();
        if (args.Positional.Count != 1 || !long.TryParse(args.Positional[0], out var telegramId) || telegramId <= 0)
            throw new CliUsageException("create-admin takes one Telegram user id (a positive number), e.g. create-admin 123456789.");
        var now = cli.Time.GetUtcNow();
        var user = await cli.Db.Users.SingleOrDefaultAsync(u => u.TelegramId == telegramId);
        var before = user?.Role.ToString();
        if (user is null)
        {
            user = new User { TelegramId = telegramId, CreatedAt = now, LastActivityAt = now };
            cli.Db.Users.Add(user);
        }
        user.Role = UserRole.Admin;
        user.UpdatedAt = now;
        cli.Db.AuditLog.Add(new AdminAuditLog
        {
            ActorTelegramId = 0, Action = "create-admin", TargetType = "user", TargetId = telegramId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Before = before is null ? null : $"{{\"role\":\"{before}\"}}", After = "{\"role\":\"Admin\"}", CreatedAt = now,
        });
        await cli.Db.SaveChangesAsync();
        await cli.Out.WriteLineAsync($"User {telegramId} is now an admin.");
        return 0;
    }
}
