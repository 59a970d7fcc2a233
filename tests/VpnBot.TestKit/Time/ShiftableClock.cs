namespace VpnBot.TestKit.Time;

/// <summary>
/// The real clock plus an offset tests can move forward ("three hours later"). Timers and delays stay real,
/// so HTTP retries and timeouts behave as in production while business time jumps.
/// </summary>
public sealed class ShiftableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Moves business time to about <paramref name="at"/> (real time keeps running from there).</summary>
    public void SetUtcNow(DateTimeOffset at) => Advance(at - GetUtcNow());
}
