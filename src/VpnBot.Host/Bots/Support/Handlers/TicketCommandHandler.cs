using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using VpnBot.Core.Support;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Support.Handlers;

/// <summary>
/// /close, /reopen and /assign inside a ticket's topic. Outside one (the General topic, a topic
/// that is not a ticket) they change nothing and say where they work; from any other chat they
/// are ignored.
/// </summary>
public sealed class TicketCommandHandler(BotTexts texts, TicketService tickets, IOptions<SupportOptions> options, ILogger<TicketCommandHandler> log)
    : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        if (StaffMessage.Read(context, options.Value, log) is not { } staff)
        {
            await StaffReplyHandler.RefuseAnonymousAsync(context, texts, tickets, options.Value, log);
            return;
        }
        if (staff.TopicId is not { } topicId)
        {
            await staff.NoteAsync(context, texts.Get(context, "StaffCommandOutsideTicket"), log);
            return;
        }
        var note = context.Command switch
        {
            "/close" => await CloseAsync(context, staff, topicId),
            "/reopen" => await ReopenAsync(context, staff, topicId),
            _ => await AssignAsync(context, staff, topicId),
        };
        await staff.NoteAsync(context, note, log);
    }

    private async Task<string> CloseAsync(UpdateContext context, StaffMessage staff, int topicId)
    {
        var result = await tickets.CloseByStaffAsync(topicId, staff.Staff, context.Ct);
        if (!result.Ok) return Refusal(context, result.Error);
        await TopicAsync(() => context.Client.CloseForumTopic(staff.GroupId, topicId, context.Ct), topicId);
        var told = result.Delivery switch
        {
            CustomerDelivery.Delivered => "StaffCustomerTold",
            CustomerDelivery.Blocked => "StaffCustomerBlocked",
            _ => "StaffCustomerNotTold",
        };
        return texts.Get(context, "StaffTicketClosedBy", result.Ticket!.Id, staff.StaffName) + "\n" + texts.Get(context, told);
    }

    private async Task<string> ReopenAsync(UpdateContext context, StaffMessage staff, int topicId)
    {
        var result = await tickets.ReopenByStaffAsync(topicId, staff.Staff, context.Ct);
        if (!result.Ok) return Refusal(context, result.Error);
        await TopicAsync(() => context.Client.ReopenForumTopic(staff.GroupId, topicId, context.Ct), topicId);
        return texts.Get(context, "StaffTicketReopenedBy", result.Ticket!.Id, staff.StaffName);
    }

    private async Task<string> AssignAsync(UpdateContext context, StaffMessage staff, int topicId)
    {
        var result = await tickets.AssignToSelfAsync(topicId, staff.Staff, context.Ct);
        return result.Ok ? texts.Get(context, "StaffTicketAssigned", result.Ticket!.Id, staff.StaffName) : Refusal(context, result.Error);
    }

    private string Refusal(UpdateContext context, TicketError? error) => error switch
    {
        TicketError.AlreadyClosed => texts.Get(context, "StaffTicketClosed"),
        TicketError.NotClosed => texts.Get(context, "StaffTicketNotClosed"),
        TicketError.AlreadyOpen => texts.Get(context, "StaffCustomerHasAnotherTicket"),
        _ => texts.Get(context, "StaffCommandOutsideTicket"),
    };

    // The ticket's state is what counts; a topic Telegram will not close or reopen (already so, deleted) is only logged.
    private async Task TopicAsync(Func<Task> call, int topicId)
    {
        try
        {
            await call();
        }
        catch (ApiRequestException e)
        {
            log.LogInformation("Support bot: forum topic {TopicId} was not changed: {Reason}", topicId, e.Message);
        }
    }
}
