using VpnBot.Core.Support;

namespace VpnBot.Core.Tests.Support;

public class StaffTicketTransitionTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private const long Customer = 7;
    private const long Staff = 40;
    private const long OtherStaff = 41;

    [Fact]
    public void The_first_staff_answer_takes_an_open_ticket_and_leaves_it_waiting_for_the_client()
    {
        var ticket = SupportTicket.Open(Customer, "Slow", "Since Monday", null, Now);
        var answer = ticket.AddStaffMessage(Staff, "Try another server", 900, Now.AddMinutes(5));

        Assert.Equal((TicketStatus.WaitingClient, (long?)Staff, Now.AddMinutes(5)), (ticket.Status, ticket.AssignedAdminId, ticket.UpdatedAt));
        Assert.Equal(("Try another server", true, Staff, (int?)900), (answer.MessageText, answer.IsFromAdmin, answer.UserId, answer.TelegramMessageId));
        Assert.Equal(2, ticket.Messages.Count);
    }

    [Fact]
    public void A_second_staff_member_answering_does_not_take_the_ticket_from_its_owner()
    {
        var ticket = SupportTicket.Open(Customer, "Slow", "Since Monday", null, Now);
        ticket.AddStaffMessage(Staff, "Looking", null, Now);
        ticket.AddStaffMessage(OtherStaff, "Me too", null, Now);
        Assert.Equal(Staff, ticket.AssignedAdminId);
    }

    [Fact]
    public void The_ball_goes_back_and_forth_between_staff_and_client()
    {
        var ticket = SupportTicket.Open(Customer, "Slow", "Since Monday", null, Now);
        ticket.AddStaffMessage(Staff, "Which app?", null, Now);
        Assert.Equal(TicketStatus.WaitingClient, ticket.Status);
        ticket.AddClientMessage("Streisand", null, Now);
        Assert.Equal(TicketStatus.InProgress, ticket.Status);
        ticket.AddStaffMessage(Staff, "Update it", null, Now);
        Assert.Equal(TicketStatus.WaitingClient, ticket.Status);
    }

    [Fact]
    public void Assigning_takes_an_open_ticket_and_moves_an_owned_one_to_the_new_staff_member()
    {
        var ticket = SupportTicket.Open(Customer, "Slow", "Since Monday", null, Now);
        ticket.AssignTo(Staff, Now);
        Assert.Equal((TicketStatus.InProgress, (long?)Staff), (ticket.Status, ticket.AssignedAdminId));

        ticket.AddStaffMessage(Staff, "Which app?", null, Now);
        ticket.AssignTo(OtherStaff, Now);
        // Still waiting for the client: taking a ticket does not change whose move it is.
        Assert.Equal((TicketStatus.WaitingClient, (long?)OtherStaff), (ticket.Status, ticket.AssignedAdminId));
    }

    [Fact]
    public void A_closed_ticket_takes_no_staff_answer_and_cannot_be_assigned()
    {
        var ticket = SupportTicket.Open(Customer, "Slow", "Since Monday", null, Now);
        ticket.Close(Now);
        Assert.Throws<InvalidOperationException>(() => ticket.AddStaffMessage(Staff, "late", null, Now));
        Assert.Throws<InvalidOperationException>(() => ticket.AssignTo(Staff, Now));
        Assert.Single(ticket.Messages);
        Assert.Null(ticket.AssignedAdminId);
    }

    [Fact]
    public void Reopening_puts_a_closed_ticket_back_in_progress_with_its_owner_and_no_closing_time()
    {
        var ticket = SupportTicket.Open(Customer, "Slow", "Since Monday", null, Now);
        ticket.AddStaffMessage(Staff, "Fixed?", null, Now);
        ticket.Close(Now.AddHours(1));
        ticket.Reopen(Now.AddHours(2));

        Assert.Equal((TicketStatus.InProgress, (DateTimeOffset?)null, (long?)Staff, Now.AddHours(2)),
            (ticket.Status, ticket.ClosedAt, ticket.AssignedAdminId, ticket.UpdatedAt));
        ticket.Reopen(Now.AddHours(3));
        Assert.Equal(Now.AddHours(2), ticket.UpdatedAt);
    }

    [Fact]
    public void A_staff_answer_leaves_room_for_the_header_the_customer_sees()
    {
        Assert.Null(SupportTicket.CheckStaffMessage(new string('я', SupportMessage.MaxStaffTextLength)));
        Assert.Equal(TicketError.MessageTooLong, SupportTicket.CheckStaffMessage(new string('я', SupportMessage.MaxStaffTextLength + 1)));
        Assert.Equal(TicketError.MessageEmpty, SupportTicket.CheckStaffMessage(" \n"));
        Assert.True(SupportMessage.MaxStaffTextLength < SupportMessage.MaxTextLength);
    }
}
