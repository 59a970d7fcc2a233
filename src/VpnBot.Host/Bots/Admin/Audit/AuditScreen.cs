using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Audit;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using static VpnBot.Host.Bots.Admin.AdminFormat;

namespace VpnBot.Host.Bots.Admin.Audit;

/// <summary>A page of the audit log: when, who, what, on what; Older/Newer turn pages by entry id.</summary>
public static class AuditScreen
{
    public const int PageSize = 20;

    /// <summary>Names can be long; a page of 20 lines must stay well inside one 4096-character message.</summary>
    private const int MaxPartLength = 40;

    public static Screen Build(BotTexts texts, UpdateContext context, AuditPage page)
    {
        var text = new StringBuilder(texts.Get(context, "AuditTitle"));
        if (page.Entries.Count == 0) text.Append("\n\n").Append(texts.Get(context, "AuditEmpty"));
        foreach (var e in page.Entries)
        {
            var who = e.ActorTelegramId == AdminAuditLog.CommandLineActor ? texts.Get(context, "AuditCli") : $"<code>{e.ActorTelegramId}</code>";
            var target = e.TargetId is { } id ? $"{Clip(e.TargetType)} {Clip(id)}" : Clip(e.TargetType);
            text.Append('\n').Append(texts.Get(context, "AuditLine", Time(e.CreatedAt), who, Html(Clip(e.Action)), Html(target)));
        }

        var pager = new List<InlineKeyboardButton>();
        if (page.HasOlder) pager.Add(Button(texts.Get(context, "AuditOlder"), CallbackData.Build(AdminCallbacks.Audit, AdminCallbacks.Older, page.Entries[^1].Id)));
        if (page.HasNewer) pager.Add(Button(texts.Get(context, "AuditNewer"), CallbackData.Build(AdminCallbacks.Audit, AdminCallbacks.Newer, page.Entries[0].Id)));
        var rows = new List<InlineKeyboardButton[]>();
        if (pager.Count > 0) rows.Add([.. pager]);
        rows.Add([Button(texts.Get(context, "AuditLatest"), AdminCallbacks.Audit), DashboardButton(texts, context)]);
        return new Screen(text.ToString(), new InlineKeyboardMarkup(rows));
    }

    private static string Clip(string value) => value.Length > MaxPartLength ? value[..MaxPartLength] + "…" : value;
}
