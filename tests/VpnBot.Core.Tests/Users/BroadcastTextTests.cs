using VpnBot.Core.Users;

namespace VpnBot.Core.Tests.Users;

public class BroadcastTextTests
{
    [Theory]
    [InlineData(null, BroadcastTextError.Empty)] // a sticker or a photo: no text at all
    [InlineData("", BroadcastTextError.Empty)]
    [InlineData(" \n\t", BroadcastTextError.Empty)]
    [InlineData("/cancel", BroadcastTextError.LooksLikeCommand)]
    [InlineData("  /start", BroadcastTextError.LooksLikeCommand)]
    public void Texts_that_cannot_be_a_broadcast_are_refused(string? text, BroadcastTextError expected) =>
        Assert.Equal(expected, BroadcastService.Check(text));

    [Fact]
    public void Telegrams_message_limit_is_the_broadcast_limit()
    {
        Assert.Null(BroadcastService.Check(new string('я', BroadcastService.MaxTextLength)));
        Assert.Equal(BroadcastTextError.TooLong, BroadcastService.Check(new string('я', BroadcastService.MaxTextLength + 1)));
    }

    [Fact]
    public void An_ordinary_announcement_with_markup_characters_is_accepted() =>
        Assert.Null(BroadcastService.Check("Работы в 03:00 <b>МСК</b> & 1/2 часа"));
}
