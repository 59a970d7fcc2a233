using System.Text;
using FsCheck;
using FsCheck.Fluent;
using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Core.Tests.Host;

public class CallbackDataTests
{
    [Fact]
    public void Builds_prefix_and_arguments_joined_by_colons()
    {
        Assert.Equal("ins", CallbackData.Build("ins"));
        Assert.Equal("ins:android:vless", CallbackData.Build("ins", "android", "vless"));
        Assert.Equal("supclose:9223372036854775807:yes", CallbackData.Build("supclose", CallbackData.Num(long.MaxValue), "yes"));
        Assert.Equal("srv:p:3", CallbackData.Build("srv", "p", 3));
    }

    [Fact]
    public void Exactly_64_bytes_is_accepted_and_65_is_refused()
    {
        Assert.Equal(64, CallbackData.Build("x", new string('a', 62)).Length);
        Assert.Throws<ArgumentException>(() => CallbackData.Build("x", new string('a', 63)));
    }

    [Fact]
    public void The_limit_counts_utf8_bytes_not_characters()
    {
        // 31 Cyrillic letters are 62 bytes: with "x:" 64, fine; one more letter is 66 bytes.
        Assert.Equal(64, Encoding.UTF8.GetByteCount(CallbackData.Build("x", new string('я', 31))));
        Assert.Throws<ArgumentException>(() => CallbackData.Build("x", new string('я', 32)));
    }

    [Theory]
    [InlineData("a:b", "c")]
    [InlineData("a", "b:c")]
    [InlineData("", "c")]
    public void A_separator_inside_a_part_or_an_empty_prefix_is_refused(string prefix, string arg) =>
        Assert.Throws<ArgumentException>(() => CallbackData.Build(prefix, arg));

    [Theory]
    [InlineData(null, "", 0)]
    [InlineData("", "", 0)]
    [InlineData("home", "home", 0)]
    [InlineData("ins:ios:wg", "ins", 2)]
    [InlineData("supclose:12:", "supclose", 2)]
    public void Parses_any_data_a_button_may_carry(string? data, string prefix, int args)
    {
        var parsed = CallbackData.Parse(data);
        Assert.Equal(prefix, parsed.Prefix);
        Assert.Equal(args, parsed.Args.Count);
        Assert.Null(parsed.Arg(args));
    }

    [Theory]
    [InlineData("supclose:12", 12L)]
    [InlineData("supclose:-1", null)]
    [InlineData("supclose:1e3", null)]
    [InlineData("supclose:99999999999999999999", null)]
    [InlineData("supclose", null)]
    public void Numeric_arguments_are_parsed_strictly(string data, long? expected) =>
        Assert.Equal(expected, CallbackData.Parse(data).LongArg(0));

    [FsCheck.Xunit.Property]
    public Property What_is_built_parses_back_and_never_exceeds_64_bytes(NonEmptyString prefix, string[] args)
    {
        var parts = args.Where(a => a is not null).ToArray();
        string data;
        try
        {
            data = CallbackData.Build(prefix.Get, parts);
        }
        catch (ArgumentException)
        {
            var fits = Encoding.UTF8.GetByteCount(string.Join(':', parts.Prepend(prefix.Get))) <= 64;
            var clean = !prefix.Get.Contains(':', StringComparison.Ordinal) && parts.All(a => !a.Contains(':', StringComparison.Ordinal));
            return (!(fits && clean)).Label("refused only when too long or containing ':'");
        }
        var parsed = CallbackData.Parse(data);
        return (Encoding.UTF8.GetByteCount(data) <= 64 && parsed.Prefix == prefix.Get && parsed.Args.SequenceEqual(parts)).Label("round trip");
    }
}
