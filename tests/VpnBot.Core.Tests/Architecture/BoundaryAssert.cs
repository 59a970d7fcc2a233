using NetArchTest.Rules;

namespace VpnBot.Core.Tests.Architecture;

internal static class BoundaryAssert
{
    /// <summary>
    /// Fails naming every type that breaks the rule, apart from the <paramref name="allowed"/> ones (full type names)
    /// that a pending fix still has to move; an empty allow-list is the rule as it is meant.
    /// </summary>
    public static void Holds(ConditionList rule, string because, params string[] allowed)
    {
        var offenders = (rule.GetResult().FailingTypeNames ?? []).Except(allowed, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(offenders.Count == 0, $"{because}, but these types break it:\n  " + string.Join("\n  ", offenders));
    }
}
