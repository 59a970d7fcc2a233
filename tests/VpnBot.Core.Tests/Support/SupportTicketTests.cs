using VpnBot.Core.Support;

namespace VpnBot.Core.Tests.Support;

public class SupportTicketTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, TicketError.SubjectEmpty)]
    [InlineData("   ", TicketError.SubjectEmpty)]
    [InlineData("VPN is slow", null)]
    public void A_subject_must_have_words(string? subject, TicketError? expected) =>
        Assert.Equal(expected, SupportTicket.CheckSubject(subject));

    [Fact]
    public void A_subject_is_at_most_128_characters_after_trimming()
    {
        Assert.Null(SupportTicket.CheckSubject("  " + new string('a', 128) + "  "));
        Assert.Equal(TicketError.SubjectTooLong, SupportTicket.CheckSubject(new string('a', 129)));
    }

    [Fact]
    public void A_message_is_1_to_4096_characters_of_text()
    {
        Assert.Equal(TicketError.MessageEmpty, SupportTicket.CheckMessage(null));
        Assert.Equal(TicketError.MessageEmpty, SupportTicket.CheckMessage("\n "));
        Assert.Null(SupportTicket.CheckMessage(new string('я', 4096)));
        Assert.Equal(TicketError.MessageTooLong, SupportTicket.CheckMessage(new string('я', 4097)));
    }

    [Fact]
    public void Opening_keeps_the_trimmed_subject_and_the_first_message()
    {
        var ticket = SupportTicket.Open(7, "  Slow  ", "Since Monday", 55, Now);
        Assert.Equal("Slow", ticket.Subject);
        Assert.Equal(TicketStatus.Open, ticket.Status);
        var message = Assert.Single(ticket.Messages);
        Assert.Equal(("Since Monday", 55, 7L, false), (message.MessageText, message.TelegramMessageId, message.UserId, message.IsFromAdmin));
    }

    [Fact]
    public void A_client_reply_to_a_ticket_waiting_for_them_hands_it_back_to_the_staff()
    {
        var ticket = SupportTicket.Open(7, "Slow", "Since Monday", null, Now);
        ticket.Status = TicketStatus.WaitingClient;
        ticket.AddClientMessage("Still slow", null, Now.AddHours(1));
        Assert.Equal(TicketStatus.InProgress, ticket.Status);
        Assert.Equal(Now.AddHours(1), ticket.UpdatedAt);
    }

    [Fact]
    public void A_closed_ticket_takes_no_more_messages()
    {
        var ticket = SupportTicket.Open(7, "Slow", "Since Monday", null, Now);
        ticket.Close(Now.AddDays(1));
        Assert.Equal((TicketStatus.Closed, Now.AddDays(1)), (ticket.Status, ticket.ClosedAt));
        Assert.Throws<InvalidOperationException>(() => ticket.AddClientMessage("again", null, Now.AddDays(2)));
        ticket.Close(Now.AddDays(3));
        Assert.Equal(Now.AddDays(1), ticket.ClosedAt);
    }
}
