//! Views of the transition function, for people: a Markdown table, a Mermaid
//! state diagram, a Graphviz graph, and the table of detail codes.
//!
//! Each view is made by asking the transition function
//! ([`SessionState::transition`]) about every state a session can reach
//! before it ends (found by walking the function from `Initiated`: GEFT's
//! guarantee stages of `InProgress` are states of their own) and every kind
//! of event, with every documented code of the event's family, so it cannot
//! say anything the code does not do. Terminal states, which refuse
//! everything, get one row each. The output is deterministic: states come in
//! the walk's order, events and codes in their declared order.
//!
//! `cargo run --example transitions -- --format markdown|mermaid|dot|codes`
//! prints them; the README holds copies that a test keeps current.
//!
//! # Examples
//!
//! ```
//! let table = eft_session::views::markdown_table();
//! assert!(table.contains("| Initiated | start | **InProgress** |"));
//! assert!(table.contains("| Completed | any | refused, 400: Session Already Terminal |"));
//! ```

use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::{Event, EventKind, SessionState, SessionStatus, StatusDetail, TransitionError};

/// What the transition function does with one kind of event in one state.
struct Rule {
    from: SessionState,
    kind: EventKind,
    outcome: Result<(SessionState, Vec<StatusDetail>), TransitionError>,
}

/// The events of `kind` that the views try: the kind alone when it carries
/// no code, or with each documented code of its target's family.
fn events_of(kind: EventKind) -> Vec<Event> {
    let with: fn(StatusDetail) -> Event = match kind {
        EventKind::Complete => Event::Complete,
        EventKind::Fail => Event::Fail,
        EventKind::Cancel => Event::Cancel,
        EventKind::Expire => Event::Expire,
        EventKind::RejectGuarantee => Event::RejectGuarantee,
        EventKind::GuaranteeUndelivered => Event::GuaranteeUndelivered,
        EventKind::Start
        | EventKind::OfferGuarantee
        | EventKind::AcceptGuarantee
        | EventKind::AutoAcceptGuarantee => return Vec::from([kind.example()]),
    };
    StatusDetail::DOCUMENTED
        .iter()
        .filter(|code| code.status() == kind.target())
        .map(|code| with(*code))
        .collect()
}

/// The state with its code dropped where the views do not show one: the
/// `InProgress` states, told apart by their guarantee stage only.
fn shape(state: SessionState) -> SessionState {
    match (
        state.status(),
        SessionState::new(SessionStatus::InProgress, None),
    ) {
        (SessionStatus::InProgress, Ok(bare)) => {
            bare.with_guarantee(state.guarantee()).unwrap_or(bare)
        }
        _ => state,
    }
}

/// Every state that is not terminal and that a session can reach, in the
/// order a breadth-first walk of the transition function finds them from
/// `Initiated`: `Initiated`, `InProgress`, then its guarantee stages.
fn live_states() -> Vec<SessionState> {
    let mut found = Vec::from([SessionState::INITIATED]);
    let mut queue = VecDeque::from([SessionState::INITIATED]);
    while let Some(state) = queue.pop_front() {
        for kind in EventKind::all() {
            for event in events_of(kind) {
                let Ok(step) = state.transition(event) else {
                    continue;
                };
                let reached = shape(step.target());
                if !reached.is_terminal() && !found.contains(&reached) {
                    found.push(reached);
                    queue.push_back(reached);
                }
            }
        }
    }
    found
}

/// Every (live state, kind of event) pair, in the walk's and the declared
/// order.
fn rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    for from in live_states() {
        for kind in EventKind::all() {
            let mut reached: Option<SessionState> = None;
            let mut codes = Vec::new();
            let mut refused = None;
            for event in events_of(kind) {
                match from.transition(event) {
                    Ok(step) => {
                        reached = Some(shape(step.target()));
                        if !step.to().eq(&SessionStatus::InProgress) {
                            codes.extend(step.detail());
                        }
                    }
                    Err(error) => refused = refused.or(Some(error)),
                }
            }
            let outcome = match (reached, refused) {
                (Some(to), None) => Ok((to, codes)),
                (_, Some(error)) => Err(error),
                // `events_of` yields at least one event for every kind.
                (None, None) => continue,
            };
            rules.push(Rule {
                from,
                kind,
                outcome,
            });
        }
    }
    rules
}

/// How a state is named: its status, with its guarantee stage when one was
/// offered (`InProgress, guarantee Offered`).
fn state_label(state: SessionState) -> String {
    if state.guarantee().is_offered() {
        format!("{}, guarantee {}", state.status(), state.guarantee())
    } else {
        format!("{}", state.status())
    }
}

/// A diagram's node id for a state: letters only (`InProgress_Offered`).
/// Terminal states are drawn by status alone.
fn node(state: SessionState) -> String {
    if state.guarantee().is_offered() && !state.is_terminal() {
        format!("{}_{}", state.status(), state.guarantee())
    } else {
        format!("{}", state.status())
    }
}

/// How an event of `kind` is named in the table: `start`, `cancel with
/// EFT05xx`.
fn event_label(kind: EventKind) -> String {
    match kind.example().detail() {
        Some(_) => format!(
            "{} with EFT{:02}xx",
            kind.as_str(),
            kind.target().detail_family()
        ),
        None => String::from(kind.as_str()),
    }
}

fn codes_label(codes: &[StatusDetail]) -> String {
    codes
        .iter()
        .map(|code| code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a terminal status does with every kind of event: the error, when
/// they all get the same answer.
fn terminal_refusal(status: SessionStatus) -> Option<(u16, &'static str)> {
    let state = SessionState::new(
        status,
        StatusDetail::DOCUMENTED
            .iter()
            .copied()
            .find(|code| code.status() == status),
    )
    .ok()?;
    let mut answers = EventKind::all().map(|kind| match state.transition(kind.example()) {
        Ok(_) => None,
        Err(error) => Some((error.http_status(), error.title())),
    });
    let first = answers.next()??;
    answers.all(|answer| answer == Some(first)).then_some(first)
}

/// Every live state and kind of event, with what happens: the state reached
/// and the documented codes that reach it, or the error and its HTTP status;
/// then one row per terminal status, which refuses everything.
///
/// # Examples
///
/// ```
/// let table = eft_session::views::markdown_table();
/// assert!(table.starts_with("| From | Event | Outcome |"));
/// assert!(table.contains("| InProgress | fail with EFT04xx | **Failed** (EFT0401, EFT0402, EFT0403, EFT0404) |"));
/// assert!(table.contains("| Initiated | complete with EFT03xx | refused, 409: cannot complete session in status Initiated |"));
/// assert!(table.contains("| InProgress, guarantee Offered | accept-guarantee | **InProgress, guarantee Accepted** |"));
/// assert!(table.contains("| Completed | any | refused, 400: Session Already Terminal |"));
/// ```
#[must_use]
pub fn markdown_table() -> String {
    let mut out = String::from("| From | Event | Outcome |\n|---|---|---|\n");
    for rule in rules() {
        let outcome = match &rule.outcome {
            Ok((to, codes)) if codes.is_empty() => format!("**{}**", state_label(*to)),
            Ok((to, codes)) => format!("**{}** ({})", state_label(*to), codes_label(codes)),
            Err(error) => format!("refused, {}: {error}", error.http_status()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {outcome} |",
            state_label(rule.from),
            event_label(rule.kind)
        );
    }
    for status in SessionStatus::all().filter(|status| status.is_terminal()) {
        if let Some((http, title)) = terminal_refusal(status) {
            let _ = writeln!(out, "| {status} | any | refused, {http}: {title} |");
        }
    }
    out
}

/// The legal transitions as a Mermaid `stateDiagram-v2`, each labelled by its
/// event and codes; terminal states lead to the end marker. The guarantee
/// stages of `InProgress` are states of their own.
///
/// # Examples
///
/// ```
/// let diagram = eft_session::views::mermaid();
/// assert!(diagram.starts_with("stateDiagram-v2\n"));
/// assert!(diagram.contains("    Initiated --> Cancelled: cancel EFT0501\n"));
/// assert!(diagram.contains("    InProgress_Offered --> Failed: reject-guarantee EFT0401, EFT0402, EFT0403, EFT0404\n"));
/// assert!(diagram.contains("    Expired --> [*]\n"));
/// ```
#[must_use]
pub fn mermaid() -> String {
    let start = SessionState::INITIATED;
    let mut out = String::from("stateDiagram-v2\n");
    for state in live_states() {
        if state.guarantee().is_offered() {
            let _ = writeln!(
                out,
                "    state \"{}\" as {}",
                state_label(state),
                node(state)
            );
        }
    }
    let _ = writeln!(
        out,
        "    [*] --> {}: create {}",
        start.status(),
        codes_label(&Vec::from_iter(start.detail()))
    );
    for rule in rules() {
        if let Ok((to, codes)) = &rule.outcome {
            let label = [rule.kind.as_str(), &codes_label(codes)].join(" ");
            let _ = writeln!(
                out,
                "    {} --> {}: {}",
                node(rule.from),
                node(*to),
                label.trim_end()
            );
        }
    }
    for status in SessionStatus::all().filter(|status| status.is_terminal()) {
        let _ = writeln!(out, "    {status} --> [*]");
    }
    out
}

/// The legal transitions as a Graphviz DOT graph; terminal states are drawn
/// with a double border.
///
/// # Examples
///
/// ```
/// let graph = eft_session::views::dot();
/// assert!(graph.starts_with("digraph eft_session {\n"));
/// assert!(graph.contains("    InProgress -> Completed [label=\"complete EFT0301, EFT0302\"];\n"));
/// assert!(graph.contains("    InProgress_Offered [label=\"InProgress, guarantee Offered\"];\n"));
/// assert!(graph.contains("    Failed [peripheries=2];\n"));
/// ```
#[must_use]
pub fn dot() -> String {
    let start = SessionState::INITIATED;
    let mut out = String::from(
        "digraph eft_session {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n",
    );
    let _ = writeln!(out, "    start [shape=point];");
    for state in live_states() {
        if state.guarantee().is_offered() {
            let _ = writeln!(
                out,
                "    {} [label=\"{}\"];",
                node(state),
                state_label(state)
            );
        } else {
            let _ = writeln!(out, "    {};", node(state));
        }
    }
    for status in SessionStatus::all().filter(|status| status.is_terminal()) {
        let _ = writeln!(out, "    {status} [peripheries=2];");
    }
    let _ = writeln!(
        out,
        "    start -> {} [label=\"create {}\"];",
        start.status(),
        codes_label(&Vec::from_iter(start.detail()))
    );
    for rule in rules() {
        if let Ok((to, codes)) = &rule.outcome {
            let label = [rule.kind.as_str(), &codes_label(codes)].join(" ");
            let _ = writeln!(
                out,
                "    {} -> {} [label=\"{}\"];",
                node(rule.from),
                node(*to),
                label.trim_end()
            );
        }
    }
    out.push_str("}\n");
    out
}

/// Every documented detail code with its status, meaning and the products
/// whose docs list it, from the same table as [`StatusDetail::description`].
///
/// # Examples
///
/// ```
/// let codes = eft_session::views::status_detail_table();
/// assert!(codes.contains("| `EFT0402` | Failed | eligibility failed: no guaranteed EFT was offered | GEFT |"));
/// assert!(codes.contains("| `EFT0501` | Cancelled | session cancelled by API request | EFT V2, GEFT |"));
/// ```
#[must_use]
pub fn status_detail_table() -> String {
    let mut out = String::from("| Code | Status | Meaning | Products |\n|---|---|---|---|\n");
    for code in StatusDetail::DOCUMENTED {
        let products = code
            .products()
            .unwrap_or_default()
            .iter()
            .map(|product| product.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "| `{code}` | {} | {} | {products} |",
            code.status(),
            code.description().unwrap_or_default()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_states_are_initiated_in_progress_and_its_guarantee_stages() {
        let names: Vec<String> = live_states().into_iter().map(state_label).collect();
        assert_eq!(
            names,
            [
                "Initiated",
                "InProgress",
                "InProgress, guarantee Offered",
                "InProgress, guarantee Accepted",
                "InProgress, guarantee AutoAccepted",
            ]
        );
    }

    #[test]
    fn every_pair_has_one_row_and_every_terminal_status_one() {
        let rules = rules();
        assert_eq!(rules.len(), live_states().len() * EventKind::all().count());
        let terminal = SessionStatus::all().filter(|s| s.is_terminal()).count();
        assert_eq!(markdown_table().lines().count(), rules.len() + 2 + terminal);
    }

    #[test]
    fn diagrams_draw_exactly_the_legal_rules() {
        let legal = rules().iter().filter(|rule| rule.outcome.is_ok()).count();
        // Initiated: start, cancel, expire; InProgress: complete, fail,
        // cancel, expire, offer; with an offer pending: fail, cancel, expire
        // and the four decisions; accepted either way: complete, fail,
        // cancel, expire.
        assert_eq!(legal, 3 + 5 + 7 + 4 + 4);
        assert_eq!(mermaid().matches(" --> ").count(), legal + 1 + 4);
        assert_eq!(dot().matches(" -> ").count(), legal + 1);
    }
}
