namespace VpnBot.Core.Audit;

/// <summary>The result of switching something on or off from an admin tool.</summary>
public enum ToggleOutcome
{
    Changed,

    /// <summary>It was already in that state (a stale button, a second admin): nothing written.</summary>
    AlreadyInState,
    NotFound,
}
