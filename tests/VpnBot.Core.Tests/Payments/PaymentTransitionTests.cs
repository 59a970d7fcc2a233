using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Tests.Payments;

public class PaymentTransitionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Now.AddMinutes(5);
    private const long SubscriptionId = 7;

    /// <summary>The states a payment can be in, each reached through the moves themselves.</summary>
    public enum State { Pending, Held, Completed, CompletedHeld, Failed, FailedHeld, Refunded, RefundedHeld }

    private static Payment In(State state)
    {
        var plan = new SubscriptionPlan { Id = 3, Name = "Месяц", DurationDays = 30, Price = 299m, Currency = "RUB" };
        var p = Payment.Offer(userId: 1, plan, "yookassa", new Money(299m, "RUB"), Now);
        switch (state)
        {
            case State.Held: p.HoldForReview("paid 1 RUB, offered 299 RUB", Now); break;
            case State.Completed: p.Complete(SubscriptionId, Now); break;
            case State.CompletedHeld: p.Complete(SubscriptionId, Now); p.HoldForReview("partial refund", Now); break;
            case State.Failed: p.Fail(Now); break;
            case State.FailedHeld: p.Fail(Now); p.HoldForReview("paid 1 RUB, offered 299 RUB", Now); break;
            case State.Refunded: p.Complete(SubscriptionId, Now); p.Refund(Now); break;
            case State.RefundedHeld: p.Complete(SubscriptionId, Now); p.Refund(Now); p.HoldForReview("plan gone", Now); break;
        }
        return p;
    }

    private static void Take(Payment p, PaymentMove move)
    {
        switch (move)
        {
            case PaymentMove.Open: p.Open("ext-1", "https://pay.example/1", Later); break;
            case PaymentMove.Complete: p.Complete(SubscriptionId, Later); break;
            case PaymentMove.ApproveReview: p.ApproveReview(SubscriptionId, Later); break;
            case PaymentMove.DismissReview: p.DismissReview(Later); break;
            case PaymentMove.Fail: p.Fail(Later); break;
            case PaymentMove.Abandon: p.Abandon(Later); break;
            case PaymentMove.Refund: p.Refund(Later); break;
            default: throw new ArgumentOutOfRangeException(nameof(move));
        }
    }

    /// <summary>The only moves each state allows; every other (state, move) pair must be refused.</summary>
    public static TheoryData<State, PaymentMove> Allowed => new()
    {
        { State.Pending, PaymentMove.Open },
        { State.Pending, PaymentMove.Complete },
        { State.Failed, PaymentMove.Complete }, // money that arrives after a cancel or abandonment is never refused
        { State.Held, PaymentMove.ApproveReview },
        { State.CompletedHeld, PaymentMove.DismissReview },
        { State.FailedHeld, PaymentMove.DismissReview },
        { State.RefundedHeld, PaymentMove.DismissReview },
        { State.Pending, PaymentMove.Fail },
        { State.Held, PaymentMove.Fail },
        { State.Pending, PaymentMove.Abandon },
        { State.Completed, PaymentMove.Refund },
        { State.CompletedHeld, PaymentMove.Refund },
        { State.Held, PaymentMove.Refund },
    };

    /// <summary>Refusals that mean "this already happened" (a repeat is answered as a duplicate); all others mean "nothing to do".</summary>
    private static readonly HashSet<(State, PaymentMove)> AlreadyHappened =
    [
        (State.Held, PaymentMove.Complete), (State.FailedHeld, PaymentMove.Complete), // waiting for review
        (State.Completed, PaymentMove.Complete), (State.CompletedHeld, PaymentMove.Complete),
        (State.Refunded, PaymentMove.Complete), (State.RefundedHeld, PaymentMove.Complete),
        (State.Refunded, PaymentMove.Refund), (State.RefundedHeld, PaymentMove.Refund),
    ];

    public static TheoryData<State, PaymentMove, PaymentOutcomeKind> Refused
    {
        get
        {
            var allowed = Allowed.Select(a => ((State)a[0], (PaymentMove)a[1])).ToHashSet();
            var refused = new TheoryData<State, PaymentMove, PaymentOutcomeKind>();
            foreach (var state in Enum.GetValues<State>())
            foreach (var move in Enum.GetValues<PaymentMove>().Where(m => !allowed.Contains((state, m))))
                refused.Add(state, move, AlreadyHappened.Contains((state, move)) ? PaymentOutcomeKind.Duplicate : PaymentOutcomeKind.Ignored);
            return refused;
        }
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void An_illegal_move_is_refused_and_changes_nothing(State state, PaymentMove move, PaymentOutcomeKind kind)
    {
        var payment = In(state);
        var before = (payment.Status, payment.NeedsReview, payment.ReviewReason, payment.PaidAt, payment.SubscriptionId, payment.ExternalPaymentId, payment.UpdatedAt);

        var refusal = payment.Refusal(move);
        Assert.NotNull(refusal);
        Assert.Equal(kind, refusal.Kind);

        var e = Assert.Throws<PaymentStateException>(() => Take(payment, move));
        Assert.Equal(move, e.Move);
        Assert.Contains(refusal.Reason, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, (payment.Status, payment.NeedsReview, payment.ReviewReason, payment.PaidAt, payment.SubscriptionId, payment.ExternalPaymentId, payment.UpdatedAt));
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void A_legal_move_is_allowed_and_stamps_the_change(State state, PaymentMove move)
    {
        var payment = In(state);
        Assert.Null(payment.Refusal(move));
        Take(payment, move);
        Assert.Equal(Later, payment.UpdatedAt);
    }

    [Fact]
    public void A_payment_is_opened_at_its_provider_once()
    {
        var payment = In(State.Pending);
        payment.Open("ext-1", "https://pay.example/1", Later);
        Assert.Equal(PaymentOutcomeKind.Duplicate, payment.Refusal(PaymentMove.Open)?.Kind);
        Assert.Throws<PaymentStateException>(() => payment.Open("ext-2", null, Later));
        Assert.Equal(("ext-1", "https://pay.example/1"), (payment.ExternalPaymentId, payment.ConfirmationUrl));
    }

    [Fact]
    public void Completing_records_when_and_which_subscription_it_paid_for()
    {
        var payment = In(State.Pending);
        payment.Complete(SubscriptionId, Later);
        Assert.Equal((PaymentStatus.Completed, Later, SubscriptionId), (payment.Status, payment.PaidAt, payment.SubscriptionId));
    }

    [Fact]
    public void Approving_a_held_payment_activates_it_and_keeps_why_it_was_held()
    {
        var payment = In(State.Held);
        payment.ApproveReview(SubscriptionId, Later);
        Assert.Equal((PaymentStatus.Completed, false, "paid 1 RUB, offered 299 RUB"), (payment.Status, payment.NeedsReview, payment.ReviewReason));
    }

    [Fact]
    public void A_full_refund_settles_a_held_payment_and_says_whether_a_period_must_be_taken_back()
    {
        var held = In(State.Held);
        Assert.False(held.Refund(Later)); // never activated: no days to take back
        Assert.Equal((PaymentStatus.Refunded, false), (held.Status, held.NeedsReview));

        var completed = In(State.Completed);
        Assert.True(completed.Refund(Later));
        Assert.Equal(PaymentStatus.Refunded, completed.Status);
    }

    [Fact]
    public void Holding_for_review_keeps_the_state_and_cuts_the_reason_to_the_column()
    {
        var payment = In(State.Completed);
        payment.HoldForReview(new string('x', 600), Later);
        Assert.Equal((PaymentStatus.Completed, true, Payment.MaxReviewReasonLength), (payment.Status, payment.NeedsReview, payment.ReviewReason!.Length));
    }

    [Fact]
    public void A_known_provider_id_is_never_replaced_by_a_later_event()
    {
        var payment = In(State.Pending);
        payment.LearnExternalId("first");
        payment.LearnExternalId("second");
        payment.LearnExternalId(null);
        Assert.Equal("first", payment.ExternalPaymentId);
    }

    [Fact]
    public void An_offer_fixes_the_price_and_a_renewal_offer_its_subscription()
    {
        var plan = new SubscriptionPlan { Id = 3, Name = "Месяц", DurationDays = 30, Price = 299m, Currency = "RUB" };
        var first = Payment.Offer(1, plan, "yookassa", new Money(299m, "RUB"), Now, serverId: 5);
        Assert.Equal((PaymentStatus.Pending, false, (long?)null, 5L, 3L, Now, Now), (first.Status, first.IsRenewal, first.SubscriptionId, first.ServerId!.Value, first.PlanId!.Value, first.CreatedAt, first.UpdatedAt));
        var renewal = Payment.Offer(1, plan, "yookassa", new Money(299m, "RUB"), Now, renewing: SubscriptionId);
        Assert.Equal((true, (long?)SubscriptionId), (renewal.IsRenewal, renewal.SubscriptionId));
    }
}
