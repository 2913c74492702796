//! A throwaway PostgreSQL server for the tests and the benchmark: `initdb`
//! into a temporary directory, `pg_ctl start` on a free loopback port with
//! its unix socket in that directory and trust authentication, and on drop
//! `pg_ctl stop -m immediate` and the directory removed.
//!
//! initdb refuses to run as root, and this machine and CI run as root: then
//! every server command runs as the `postgres` system user (`runuser -u
//! postgres --`), which owns the directory.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};

use sqlx::{AnyConnection, Connection, Executor};
use tempfile::TempDir;

/// What the tests print, and fail with under `EFT_REQUIRE_POSTGRES=1`, when
/// there is no server to start.
pub const NOT_FOUND: &str =
    "no PostgreSQL server found (no initdb on PATH nor in /usr/lib/postgresql/*/bin)";

/// A running server, stopped and deleted on drop.
pub struct PgServer {
    dir: TempDir,
    bin: PathBuf,
    as_postgres: bool,
    port: u16,
    databases: AtomicU32,
}

impl PgServer {
    /// The directory of `initdb` and `pg_ctl`: on PATH, or the newest
    /// `/usr/lib/postgresql/<version>/bin` (Debian keeps them off PATH).
    pub fn find_bin() -> Option<PathBuf> {
        let on_path = std::env::var_os("PATH")
            .and_then(|path| std::env::split_paths(&path).find(|dir| dir.join("initdb").is_file()));
        on_path.or_else(|| {
            let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
                .ok()?
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    let version = entry.file_name().to_str()?.parse().ok()?;
                    let bin = entry.path().join("bin");
                    bin.join("initdb").is_file().then_some((version, bin))
                })
                .collect();
            versions.sort();
            versions.pop().map(|(_, bin)| bin)
        })
    }

    /// Starts a server from the binaries in `bin`, with extra `-c` settings
    /// (`fsync=off` for tests; none for the benchmark).
    pub fn start(bin: &Path, settings: &[&str]) -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("eft-store-pg-")
            .tempdir()
            .map_err(|error| format!("cannot make a temporary directory: {error}"))?;
        let as_postgres = is_root()?;
        if as_postgres {
            run(Command::new("chown")
                .arg("postgres:postgres")
                .arg(dir.path()))
            .map_err(|error| {
                format!("cannot give {} to postgres: {error}", dir.path().display())
            })?;
        }
        let server = Self {
            bin: bin.to_path_buf(),
            as_postgres,
            port: free_port()?,
            databases: AtomicU32::new(0),
            dir,
        };
        let data = server.data();
        run(server
            .command("initdb")
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "-D",
            ])
            .arg(&data))
        .map_err(|error| format!("initdb failed: {error}"))?;
        let mut options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k '{}'",
            server.port,
            server.dir.path().display()
        );
        for setting in settings {
            options.push_str(" -c ");
            options.push_str(setting);
        }
        let log = server.dir.path().join("server.log");
        let started = run(server
            .command("pg_ctl")
            .args(["-w", "-t", "60", "-D"])
            .arg(&data)
            .arg("-l")
            .arg(&log)
            .args(["-o", &options, "start"]));
        if let Err(error) = started {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(format!("pg_ctl start failed: {error}\nserver log:\n{log}"));
        }
        Ok(server)
    }

    /// The URL of `database` on this server, as the `postgres` superuser.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// A new, empty database on this server: its URL.
    pub async fn fresh_database(&self) -> Result<String, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let name = format!("eft_{}", self.databases.fetch_add(1, Ordering::Relaxed));
        let mut admin = AnyConnection::connect(&self.url("postgres")).await?;
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await?;
        admin.close().await?;
        Ok(self.url(&name))
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `tool` from the server's binaries, as `postgres` when we are root.
    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        // The directory goes when `dir` drops, right after.
        let stopped = run(self.command("pg_ctl").arg("-D").arg(self.data()).args([
            "-m",
            "immediate",
            "-w",
            "stop",
        ]));
        if let Err(error) = stopped {
            eprintln!("could not stop the test PostgreSQL server: {error}");
        }
    }
}

/// The server the running tests share, started by the first that asks and
/// stopped when the last one holding it finishes; or `None`, said on
/// stderr, when this machine has no PostgreSQL server binaries.
///
/// # Panics
///
/// When `EFT_REQUIRE_POSTGRES=1` and no server is found, and when a server
/// is found but does not start: neither may pass as a skip.
pub fn server_or_skip(test: &str) -> Option<Arc<PgServer>> {
    static SHARED: Mutex<Weak<PgServer>> = Mutex::new(Weak::new());
    let Some(bin) = PgServer::find_bin() else {
        if std::env::var("EFT_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("{test}: EFT_REQUIRE_POSTGRES=1, but {NOT_FOUND}");
        }
        // Straight to stderr: libtest captures `eprintln!`, and a skip must
        // show in a passing run.
        let _ = writeln!(std::io::stderr(), "{test}: skipped: {NOT_FOUND}");
        return None;
    };
    let mut shared = SHARED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(server) = shared.upgrade() {
        return Some(server);
    }
    let server = Arc::new(
        PgServer::start(&bin, &["fsync=off", "full_page_writes=off"]).unwrap_or_else(|error| {
            panic!(
                "{test}: cannot start PostgreSQL from {}: {error}",
                bin.display()
            )
        }),
    );
    *shared = Arc::downgrade(&server);
    Some(server)
}

fn is_root() -> Result<bool, String> {
    let output =
        run(Command::new("id").arg("-u")).map_err(|error| format!("id -u failed: {error}"))?;
    Ok(String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// A port nothing listens on now: the kernel's pick for 127.0.0.1:0.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|error| format!("cannot bind 127.0.0.1:0: {error}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|error| format!("cannot read the bound port: {error}"))
}

/// Runs `command`, turning a failure to start or a non-zero exit into its
/// message and stderr.
fn run(command: &mut Command) -> Result<Output, String> {
    let output = command
        .output()
        .map_err(|error| format!("cannot run {command:?}: {error}"))?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(format!(
            "{command:?} exited with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
