//! The `eft-client` command line: one subcommand per call, plus `watch`
//! and `sweep`. The answer's body goes to stdout as JSON, as the API sent
//! it; a refusal's problem body goes to stderr, and the exit code says
//! which kind of failure it was ([`exit`]).

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args as ClapArgs, Parser, Subcommand};
use eft_session::api::{
    Answer, ApiError, CallError, CancelFlow, CancelOutcome, ConfirmFlow, ConfirmOutcome,
    Credentials, Details, Exchange, Initiate, RetryPolicy, Status, WatchError, WatchPolicy,
};
use eft_session::uuid::Uuid;
use eft_session::wire::{InitiateSessionRequest, ProblemDetails, SessionStatusResponse};
use eft_session::{Amount, Product, Session};
use tracing::level_filters::LevelFilter;

use crate::Client;

/// The exit codes, one per kind of outcome.
///
/// | Code | Meaning |
/// |---:|---|
/// | 0 | done: the answer's body is on stdout |
/// | 1 | refused by the API (a documented 4xx, a cancel that came after another final state): its problem body is on stderr; repeating it gets the same |
/// | 2 | bad usage: a flag, an id, credentials or a create body the command refuses before sending anything |
/// | 3 | a transient failure that outlasted the retries, an outcome that stayed unknown, or a watch past its deadline: trying later may succeed |
/// | 4 | an answer the docs do not describe (a proxy's page, a truncated body): described on stderr, its bytes after it |
pub mod exit {
    /// Done.
    pub const OK: u8 = 0;
    /// Refused by the API.
    pub const REFUSED: u8 = 1;
    /// Bad usage.
    pub const USAGE: u8 = 2;
    /// A transient failure after the retries.
    pub const TRANSIENT: u8 = 3;
    /// An undocumented answer.
    pub const UNDOCUMENTED: u8 = 4;
}

const AFTER_HELP: &str = "Exit codes: 0 done; 1 refused by the API (problem body on stderr); \
2 bad usage; 3 transient failure after retries (try later); 4 an answer the docs do not describe.";

/// The command line.
#[derive(Parser, Debug)]
#[command(
    name = "eft-client",
    version,
    about = "A client of the Flinks Pay EFT V2 / GEFT session API",
    after_help = AFTER_HELP
)]
pub struct Args {
    /// The API's base URL: https, or http to this machine (a sandbox).
    #[arg(long, env = "EFT_CLIENT_BASE_URL", value_name = "URL", global = true)]
    base_url: Option<String>,

    /// The client id (the Basic user name of /api/v1/authorize).
    #[arg(long, env = "EFT_CLIENT_ID", value_name = "ID", global = true)]
    client_id: Option<String>,

    /// The client secret.
    #[arg(
        long,
        env = "EFT_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true,
        global = true
    )]
    client_secret: Option<String>,

    /// Seconds one attempt may take.
    #[arg(long, env = "EFT_CLIENT_TIMEOUT", value_name = "SECONDS", default_value_t = 10.0,
          value_parser = seconds, global = true)]
    timeout: f64,

    /// Attempts of each request at most (1 sends each once).
    #[arg(long, env = "EFT_CLIENT_ATTEMPTS", value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..=20), global = true)]
    attempts: u32,

    /// Print only this top-level field of the answer (text as is, anything
    /// else as JSON).
    #[arg(long, value_name = "NAME", global = true)]
    field: Option<String>,

    /// Log level on stderr: off, error, warn, info, debug or trace; audit
    /// events (cancellations, guarantee decisions) are shown from warn.
    #[arg(
        long,
        env = "EFT_CLIENT_LOG",
        value_name = "LEVEL",
        default_value = "warn",
        global = true
    )]
    log: LevelFilter,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// A bearer token: POST /api/v1/authorize.
    Authorize,
    /// Creates a session: POST /api/v2/sessions (checked before it is sent).
    Create(Create),
    /// A session's status: GET /api/v2/sessions/{id}/status.
    Status {
        /// The session id.
        #[arg(value_parser = session_id)]
        id: Uuid,
    },
    /// A session's details: GET /api/v2/sessions/{id}/details.
    Details {
        /// The session id.
        #[arg(value_parser = session_id)]
        id: Uuid,
    },
    /// Cancels a session: POST /api/v2/sessions/{id}/cancel, retried and
    /// read back when an earlier attempt's answer was lost.
    Cancel {
        /// The session id.
        #[arg(value_parser = session_id)]
        id: Uuid,
    },
    /// Accepts or rejects a GEFT session's guarantee offer.
    Confirm {
        /// The session id.
        #[arg(value_parser = session_id)]
        id: Uuid,
        /// Accept the offer.
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        accept: bool,
        /// Reject it: the session fails.
        #[arg(long)]
        reject: bool,
    },
    /// Follows a session to its final state, printing each status seen.
    Watch {
        /// The session id.
        #[arg(value_parser = session_id)]
        id: Uuid,
        /// Seconds to watch at most.
        #[arg(long, value_name = "SECONDS", default_value_t = 3600.0, value_parser = seconds)]
        deadline: f64,
    },
    /// Cancels every session of a store that is not final and older than
    /// an age, recording each answer in the store; safe to stop and rerun.
    Sweep {
        /// The store's database: sqlite://FILE or postgres://….
        #[arg(
            long,
            env = "EFT_CLIENT_DATABASE",
            value_name = "URL",
            hide_env_values = true
        )]
        database: String,
        /// Seconds since creation past which an open session is abandoned.
        #[arg(long, value_name = "SECONDS", default_value_t = 3600.0, value_parser = ages)]
        older_than: f64,
        /// List the sessions due, cancel nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(ClapArgs, Debug)]
struct Create {
    /// A GEFT session (options.guarantee.enable true); EFT V2 otherwise.
    #[arg(long)]
    geft: bool,
    /// The payor's first name.
    #[arg(long, required_unless_present = "body")]
    first_name: Option<String>,
    /// The payor's last name.
    #[arg(long, required_unless_present = "body")]
    last_name: Option<String>,
    /// The client's reference (EFT V2: 1 to 36 letters, digits, hyphens).
    #[arg(long)]
    reference_id: Option<String>,
    /// The amount in dollars, two decimals at most (12.34).
    #[arg(long)]
    amount: Option<Amount>,
    /// The payor's email.
    #[arg(long)]
    email: Option<String>,
    /// The whole request body as JSON, from a file or `-` for stdin,
    /// instead of the flags.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["geft", "first_name", "last_name", "reference_id", "amount", "email"])]
    body: Option<String>,
}

fn session_id(text: &str) -> Result<Uuid, String> {
    Uuid::try_parse(text).map_err(|_| format!("{text:?} is not a session id (a UUID)"))
}

fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value > 0.0 && value <= 86_400.0 => Ok(value),
        _ => Err(format!(
            "{text:?} is not a number of seconds above 0, at most 86400"
        )),
    }
}

fn ages(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=31_536_000.0).contains(&value) => Ok(value),
        _ => Err(format!(
            "{text:?} is not a number of seconds from 0 to 31536000"
        )),
    }
}

/// What a command ended with: what goes to stdout and stderr, and the code.
struct Ended {
    code: u8,
    stdout: Option<String>,
    stderr: Vec<String>,
}

impl Ended {
    fn ok(stdout: String) -> Self {
        Self {
            code: exit::OK,
            stdout: Some(stdout),
            stderr: Vec::new(),
        }
    }

    fn usage(message: impl std::fmt::Display) -> Self {
        Self {
            code: exit::USAGE,
            stdout: None,
            stderr: vec![format!("error: {message}")],
        }
    }
}

/// Runs the command line `args`; what it prints, it prints.
pub fn main(args: Args) -> ExitCode {
    logging(args.log);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(exit::TRANSIENT);
        }
    };
    let ended = runtime.block_on(run(args));
    if let Some(stdout) = ended.stdout {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{stdout}");
        let _ = out.flush();
    }
    for line in ended.stderr {
        eprintln!("{line}");
    }
    ExitCode::from(ended.code)
}

/// Logs on stderr at `level`; audit events at info whatever the level
/// (unless logging is off).
fn logging(level: LevelFilter) {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let audit = if level == LevelFilter::OFF {
        LevelFilter::OFF
    } else {
        level.max(LevelFilter::INFO)
    };
    let filter = Targets::new()
        .with_default(level)
        .with_target(crate::audit::TARGET, audit);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false);
    let _ = tracing_subscriber::registry()
        .with(tracing_subscriber::Layer::with_filter(layer, filter))
        .try_init();
}

async fn run(args: Args) -> Ended {
    let client = match client(&args) {
        Ok(client) => client,
        Err(ended) => return *ended,
    };
    let retry = client.retry_policy();
    let field = args.field.as_deref();
    match args.command {
        Command::Authorize => {
            let (outcome, answer) = client
                .drive_answered(Exchange::new(client.authorize_call(), retry))
                .await;
            answered(outcome.map(|_| ()), answer, field)
        }
        Command::Create(create) => {
            let call = match create_call(create) {
                Ok(call) => call,
                Err(ended) => return *ended,
            };
            let (outcome, answer) = client.drive_answered(Exchange::new(call, retry)).await;
            answered(outcome.map(|_| ()), answer, field)
        }
        Command::Status { id } => {
            let (outcome, answer) = client
                .drive_answered(Exchange::new(Status::new(id), retry))
                .await;
            answered(outcome.map(|_| ()), answer, field)
        }
        Command::Details { id } => {
            let (outcome, answer) = client
                .drive_answered(Exchange::new(Details::new(id), retry))
                .await;
            answered(outcome.map(|_| ()), answer, field)
        }
        Command::Cancel { id } => {
            let (outcome, answer) = client.drive_answered(CancelFlow::new(id, retry)).await;
            crate::audit::cancellation(id, &outcome);
            match outcome {
                Ok(done) => match done.outcome {
                    CancelOutcome::AlreadyEnded(report) => ended_first(&report, answer, field),
                    CancelOutcome::Cancelled(_) | CancelOutcome::AlreadyCancelled(_) => {
                        answered(Ok(()), answer, field)
                    }
                },
                Err(error) => answered(Err(error), answer, field),
            }
        }
        Command::Confirm { id, accept, .. } => {
            let (outcome, answer) = client
                .drive_answered(ConfirmFlow::new(id, accept, retry))
                .await;
            crate::audit::confirmation(id, accept, &outcome);
            match outcome {
                Ok(done) => match done.outcome {
                    ConfirmOutcome::Overtaken(details) => {
                        let mut problem = ProblemDetails::new(400, "Session Already Terminal")
                            .with_detail(format!(
                                "session {id} ended {} before the guarantee decision",
                                details.status
                            ));
                        problem.session_status = Some(details.status);
                        refused(&problem, answer, field)
                    }
                    ConfirmOutcome::Confirmed(_) | ConfirmOutcome::AlreadyDecided(_) => {
                        answered(Ok(()), answer, field)
                    }
                },
                Err(error) => answered(Err(error), answer, field),
            }
        }
        Command::Watch { id, deadline } => watch(&client, id, deadline).await,
        Command::Sweep {
            database,
            older_than,
            dry_run,
        } => sweep(&client, &database, older_than, dry_run).await,
    }
}

/// The client the flags describe, or why not (exit 2).
fn client(args: &Args) -> Result<Client, Box<Ended>> {
    let missing = |flag: &str, variable: &str| {
        Box::new(Ended::usage(format!(
            "{flag} is required (or set {variable})"
        )))
    };
    let base = args
        .base_url
        .as_deref()
        .ok_or_else(|| missing("--base-url", "EFT_CLIENT_BASE_URL"))?;
    let id = args
        .client_id
        .as_deref()
        .ok_or_else(|| missing("--client-id", "EFT_CLIENT_ID"))?;
    let secret = args
        .client_secret
        .as_deref()
        .ok_or_else(|| missing("--client-secret", "EFT_CLIENT_SECRET"))?;
    let credentials =
        Credentials::new(id, secret).map_err(|error| Box::new(Ended::usage(error)))?;
    Client::builder(base, credentials)
        .timeout(Duration::from_secs_f64(args.timeout))
        .retry(RetryPolicy::default().with_max_attempts(args.attempts))
        .build()
        .map_err(|error| Box::new(Ended::usage(error)))
}

/// The create call of the flags or the body, checked (exit 2 with every
/// violation otherwise).
fn create_call(create: Create) -> Result<Initiate, Box<Ended>> {
    let request = match create.body {
        Some(path) => {
            let mut text = String::new();
            let read = if path == "-" {
                std::io::stdin().read_to_string(&mut text).map(|_| ())
            } else {
                std::fs::read_to_string(&path).map(|read| text = read)
            };
            read.map_err(|error| Box::new(Ended::usage(format!("cannot read {path}: {error}"))))?;
            serde_json::from_str::<InitiateSessionRequest>(&text).map_err(|error| {
                Box::new(Ended::usage(format!(
                    "the body in {path} is not a create request: {error}"
                )))
            })?
        }
        None => {
            let product = if create.geft {
                Product::Geft
            } else {
                Product::EftV2
            };
            let mut request = InitiateSessionRequest::new(
                product,
                create.first_name.as_deref().unwrap_or_default(),
                create.last_name.as_deref().unwrap_or_default(),
            );
            request.reference_id = create.reference_id;
            request.amount = create.amount;
            request.payor.email = create.email;
            request
        }
    };
    Initiate::new(request).map_err(|violations| {
        let problem = ProblemDetails::from(violations);
        Box::new(Ended {
            code: exit::USAGE,
            stdout: None,
            stderr: vec![to_json(&problem)],
        })
    })
}

fn to_json(problem: &ProblemDetails) -> String {
    // A struct of strings, numbers and maps always serializes.
    serde_json::to_string(problem).unwrap_or_default()
}

/// The answer's body as the API sent it, or `field` of it.
fn body_of(answer: &Answer, field: Option<&str>) -> Result<String, String> {
    let text = String::from_utf8_lossy(answer.body()).trim().to_owned();
    let Some(field) = field else {
        return Ok(text);
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("the answer is not JSON: {error}"))?;
    match value.get(field) {
        Some(serde_json::Value::String(text)) => Ok(text.clone()),
        Some(other) => Ok(other.to_string()),
        None => Err(format!("the answer has no field {field:?}")),
    }
}

/// How a call ended, printed: the last answer's body on success, the
/// failure's problem otherwise.
fn answered(outcome: Result<(), CallError>, answer: Option<Answer>, field: Option<&str>) -> Ended {
    match (outcome, answer) {
        (Ok(()), Some(answer)) => match body_of(&answer, field) {
            Ok(body) => Ended::ok(body),
            Err(message) => Ended::usage(message),
        },
        (Ok(()), None) => Ended::usage("no answer to print"),
        (Err(error), _) => failed(&error),
    }
}

/// A cancel that came after another final state: the status on stdout, a
/// 400 naming the state that won on stderr, exit 1.
fn ended_first(
    report: &SessionStatusResponse,
    answer: Option<Answer>,
    field: Option<&str>,
) -> Ended {
    let state = report.state();
    let mut problem = ProblemDetails::new(400, "Session Already Terminal").with_detail(format!(
        "session {} ended {state} before the cancel",
        report.session_id()
    ));
    problem.session_status = Some(state.status());
    problem.status_details = state.detail();
    refused(&problem, answer, field)
}

fn refused(problem: &ProblemDetails, answer: Option<Answer>, field: Option<&str>) -> Ended {
    Ended {
        code: exit::REFUSED,
        stdout: answer.and_then(|answer| body_of(&answer, field).ok()),
        stderr: vec![to_json(problem)],
    }
}

/// A call's failure: its code and what stderr says.
fn failed(error: &CallError) -> Ended {
    match error {
        CallError::Refused { error: api, .. } => Ended {
            code: exit::REFUSED,
            stdout: None,
            stderr: vec![problem_text(api)],
        },
        CallError::Undocumented { error: api, .. } => Ended {
            code: exit::UNDOCUMENTED,
            stdout: None,
            stderr: vec![
                to_json(&made_problem(
                    Some(api.status()),
                    "Undocumented Answer",
                    error,
                )),
                format!(
                    "the answer's body ({} bytes, {}): {}",
                    api.body().len(),
                    api.media_type().unwrap_or("no content type"),
                    String::from_utf8_lossy(api.body())
                ),
            ],
        },
        CallError::GaveUp { last, .. } => {
            let status = match last {
                eft_session::api::Failure::Api(api) => Some(api.status()),
                eft_session::api::Failure::Transport(_) => None,
            };
            Ended {
                code: exit::TRANSIENT,
                stdout: None,
                stderr: vec![to_json(&made_problem(status, "Transient Failure", error))],
            }
        }
        _ => Ended {
            code: exit::TRANSIENT,
            stdout: None,
            stderr: vec![format!("error: {error}")],
        },
    }
}

/// A problem body of the command's own, for a failure the API gave none for.
fn made_problem(status: Option<u16>, title: &str, error: &dyn std::fmt::Display) -> ProblemDetails {
    let mut problem = ProblemDetails::default();
    problem.title = Some(title.to_owned().into());
    problem.status = status;
    problem.detail = Some(error.to_string());
    problem
}

/// The problem body of a refusal as the API sent it, or one made of the
/// status and reason when the body was not one.
fn problem_text(error: &ApiError) -> String {
    if error.problem().is_some() {
        String::from_utf8_lossy(error.body()).trim().to_owned()
    } else {
        to_json(&made_problem(
            Some(error.status()),
            error.kind().phrase(),
            error,
        ))
    }
}

async fn watch(client: &Client, id: Uuid, deadline: f64) -> Ended {
    let policy = WatchPolicy::default().with_deadline(Duration::from_secs_f64(deadline));
    let mut out = std::io::stdout().lock();
    let watched = client
        .watch_with(Session::new(id, None), policy, |seen| {
            let _ = writeln!(out, "{}", seen.report.to_json());
            let _ = out.flush();
        })
        .await;
    match watched {
        Ok(_) => Ended {
            code: exit::OK,
            stdout: None,
            stderr: Vec::new(),
        },
        Err(WatchError::Poll(error)) => failed(&error),
        Err(error @ WatchError::Deadline { .. }) => Ended {
            code: exit::TRANSIENT,
            stdout: None,
            stderr: vec![format!("error: {error}")],
        },
        Err(error) => Ended {
            code: exit::UNDOCUMENTED,
            stdout: None,
            stderr: vec![format!("error: {error}")],
        },
    }
}

async fn sweep(client: &Client, database: &str, older_than: f64, dry_run: bool) -> Ended {
    use eft_session_store::SessionStore;
    let store = match SessionStore::connect(database).await {
        Ok(store) => store,
        Err(error) => return Ended::usage(format!("cannot open the store: {error}")),
    };
    let ended = sweep_store(client, &store, Duration::from_secs_f64(older_than), dry_run).await;
    store.close().await;
    ended
}

async fn sweep_store(
    client: &Client,
    store: &eft_session_store::SessionStore,
    older_than: Duration,
    dry_run: bool,
) -> Ended {
    use crate::sweep::{Summary, Sweep};
    if let Err(error) = store.migrate().await {
        return Ended::usage(format!(
            "cannot bring the store's schema up to date: {error}"
        ));
    }
    if dry_run {
        return match store.open_sessions(older_than).await {
            Ok(due) => Ended::ok(
                due.iter()
                    .map(|session| {
                        serde_json::json!({"sessionId": session.id(), "status": session.status().as_str()})
                            .to_string()
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Err(error) => Ended {
                code: exit::TRANSIENT,
                stdout: None,
                stderr: vec![format!("error: the store failed: {error}")],
            },
        };
    }
    let mut progress = Progress::new();
    match Sweep::new(client, store)
        .run(older_than, &mut progress)
        .await
    {
        Ok(summary) => {
            progress.finish(&summary);
            let Summary {
                due,
                cancelled,
                already_cancelled,
                already_ended,
                parked,
                refused,
                failed,
                ..
            } = summary;
            let code = if failed > 0 {
                exit::TRANSIENT
            } else if refused > 0 || parked > 0 {
                exit::REFUSED
            } else {
                exit::OK
            };
            Ended {
                code,
                stdout: Some(
                    serde_json::json!({
                        "due": due, "cancelled": cancelled, "alreadyCancelled": already_cancelled,
                        "alreadyEnded": already_ended, "parked": parked, "refused": refused,
                        "failed": failed,
                    })
                    .to_string(),
                ),
                stderr: Vec::new(),
            }
        }
        Err(error) => Ended {
            code: exit::TRANSIENT,
            stdout: None,
            stderr: vec![format!(
                "error: the store failed; a later run goes on from what was recorded: {error}"
            )],
        },
    }
}

/// The sweep's progress bar, on stderr when it is a terminal; and the test
/// hook that stops the process between an answer and its record.
struct Progress {
    bar: indicatif::ProgressBar,
    answers: u64,
    /// `EFT_CLIENT_TEST_ABORT_AFTER_ANSWERS=N`: abort right after the Nth
    /// answer, before the store records it, as a crash would. For the tests
    /// that prove a rerun reconciles; inert unless set.
    abort_after: Option<u64>,
}

impl Progress {
    fn new() -> Self {
        let bar = if std::io::stderr().is_terminal() {
            indicatif::ProgressBar::new(0)
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} sessions {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Self {
            bar,
            answers: 0,
            abort_after: std::env::var("EFT_CLIENT_TEST_ABORT_AFTER_ANSWERS")
                .ok()
                .and_then(|n| n.parse().ok()),
        }
    }

    fn finish(&self, summary: &crate::sweep::Summary) {
        self.bar.finish_with_message(format!(
            "{} cancelled, {} already cancelled, {} ended otherwise, {} failed",
            summary.cancelled, summary.already_cancelled, summary.already_ended, summary.failed
        ));
    }
}

impl crate::sweep::Observer for Progress {
    fn found(&mut self, due: usize) {
        self.bar.set_length(due as u64);
    }

    fn answered(&mut self, _answered: &crate::sweep::Answered) {
        self.answers += 1;
        if self.abort_after == Some(self.answers) {
            std::process::abort();
        }
    }

    fn recorded(&mut self, session: &Session, recorded: &crate::sweep::Recorded) {
        self.bar.inc(1);
        if let crate::sweep::Recorded::Failed(error) | crate::sweep::Recorded::Refused(error) =
            recorded
        {
            self.bar.suspend(|| {
                tracing::warn!(session = %session.id(), %error, "not cancelled");
            });
        }
    }
}
