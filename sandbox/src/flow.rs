//! The hosted flow as the sandbox plays it: the step the provider's pages
//! show, read from a session's log, and the moves each drive action
//! (`POST /sandbox/sessions/{id}/{action}`) and each scenario (`run`, by
//! reference id) stand for. Pure decisions: the state takes the steps.

use eft_session::{Event, Product, SessionStatus, StatusDetail, Step, Transition};

use crate::problem::Problem;

/// The step the flow shows, from the session's log: none before the payer
/// starts, `Consent` once in progress, `GuaranteeOffer` once a guarantee is
/// offered (GEFT), `Review` once it is accepted, `Complete` when completed,
/// and the last one shown when the session ended otherwise (a rejected or
/// undelivered guarantee ends at `GuaranteeOffer`).
pub fn current_step(log: &[Transition]) -> Option<Step> {
    let last = log.last()?;
    let guarantee = last.guarantee();
    Some(if last.to() == SessionStatus::Completed {
        Step::Complete
    } else if guarantee.is_accepted() {
        Step::Review
    } else if guarantee.is_offered() {
        Step::GuaranteeOffer
    } else if log
        .iter()
        .any(|step| step.to() == SessionStatus::InProgress)
    {
        Step::Consent
    } else {
        Step::Start
    })
}

/// One move of a drive action.
pub enum Move {
    /// A step through the store.
    Step(Event),
    /// The payer reaches the guarantee offer (GEFT); the code is the one the
    /// scenario completes with once the guarantee is accepted (`None`: the
    /// driver finishes the session).
    Offer(Option<StatusDetail>),
}

/// The moves of `action` on a session of `product` with `reference_id`:
/// `start`, `complete` (`code`, default `EFT0301`), `fail` (`code`, default
/// `EFT0401`), `offer` (GEFT: the guarantee offer), `expire`, or `run`, which
/// plays the scenario its reference id names (`Happy1`, `Happy2`, `Happy3`
/// complete, a GEFT session once its guarantee is accepted; `Unhappy1` fails
/// with `EFT0402` on GEFT, `EFT0401` on EFT V2). 400 for a code that is
/// malformed or that `product` never reports, 404 for another action.
pub fn moves(
    action: &str,
    code: Option<&str>,
    product: Product,
    reference_id: Option<&str>,
) -> Result<Vec<Move>, Problem> {
    // A code the session's product cannot produce (EFT0402 on EFT V2) is
    // refused like a malformed one.
    let code = |default: StatusDetail| -> Result<StatusDetail, Problem> {
        let invalid = |detail: String| Problem::new(400, "Invalid Status Detail", detail);
        let code = match code {
            None => default,
            Some(text) => text
                .parse()
                .map_err(|error: eft_session::ParseDetailError| invalid(error.to_string()))?,
        };
        if !code.is_produced_by(product) {
            return Err(invalid(format!("{product} sessions never report {code}")));
        }
        Ok(code)
    };
    let steps = |events: Vec<Event>| events.into_iter().map(Move::Step).collect();
    Ok(match action {
        "start" => steps(vec![Event::Start]),
        "complete" => steps(vec![Event::Complete(code(StatusDetail::EFT0301)?)]),
        "fail" => steps(vec![Event::Fail(code(StatusDetail::EFT0401)?)]),
        "expire" => steps(vec![Event::TIME_OUT]),
        // The payer reaches the offer; the driver finishes the session once
        // the guarantee is accepted.
        "offer" => vec![Move::Offer(None)],
        "run" => match reference_id {
            // GEFT's documented scenario fails its eligibility check; EFT V2
            // cannot produce that code, so its payer fails login.
            Some("Unhappy1") if product == Product::Geft => {
                steps(vec![Event::Start, Event::Fail(StatusDetail::EFT0402)])
            }
            Some("Unhappy1") => steps(vec![Event::Start, Event::Fail(StatusDetail::EFT0401)]),
            // GEFT's payer reaches the guarantee offer; the session completes
            // once the guarantee is accepted (at once without a guarantee
            // webhook).
            _ if product == Product::Geft => vec![
                Move::Step(Event::Start),
                Move::Offer(Some(StatusDetail::EFT0301)),
            ],
            _ => steps(vec![Event::Start, Event::Complete(StatusDetail::EFT0301)]),
        },
        other => {
            return Err(Problem::new(
                404,
                "Unknown Sandbox Action",
                format!("no action {other:?}: use start, complete, fail, offer, expire or run"),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use eft_session::uuid::Uuid;
    use eft_session::{Event, Session, StatusDetail};

    #[test]
    fn the_step_follows_the_guarantee() {
        let geft = || Session::new(Uuid::nil(), None).in_product(Product::Geft);
        let mut session = geft();
        let start = session.apply(Event::Start).unwrap();
        let offer = session.apply(Event::OfferGuarantee).unwrap();
        assert_eq!(current_step(&[start, offer]), Some(Step::GuaranteeOffer));
        let mut rejected = session.clone();
        let (reject, _) = rejected.confirm_guarantee(false).unwrap();
        assert_eq!(
            current_step(&[start, offer, reject]),
            Some(Step::GuaranteeOffer)
        );
        let accept = session.apply(Event::AutoAcceptGuarantee).unwrap();
        assert_eq!(current_step(&[start, offer, accept]), Some(Step::Review));
        let done = session
            .apply(Event::Complete(StatusDetail::EFT0301))
            .unwrap();
        assert_eq!(
            current_step(&[start, offer, accept, done]),
            Some(Step::Complete)
        );
    }

    #[test]
    fn the_step_follows_the_log() {
        let mut session = Session::new(Uuid::nil(), None);
        assert_eq!(current_step(&[]), None);
        let start = session.apply(Event::Start).unwrap();
        assert_eq!(current_step(&[start]), Some(Step::Consent));
        let done = session
            .apply(Event::Complete(StatusDetail::EFT0301))
            .unwrap();
        assert_eq!(current_step(&[start, done]), Some(Step::Complete));
        let mut other = Session::new(Uuid::nil(), None);
        let (cancel, _) = other.cancel().unwrap();
        assert_eq!(current_step(&[cancel]), Some(Step::Start));
    }
}
