//! `steward`: serve the desk, import a property, create staff accounts.

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use steward_domain::Role;
use steward_server::db::{Db, DbError, property, users};
use steward_server::state::Config;
use steward_server::{routes, seed};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "steward", version, about = "Steward — the property service desk")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the app.
    Serve {
        #[arg(long, env = "STEWARD_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        #[arg(long, env = "STEWARD_DB", default_value = "steward.sqlite3")]
        db: PathBuf,
        /// The built SPA (dist/, from scripts/build-app.sh).
        #[arg(long = "static", env = "STEWARD_STATIC", default_value = "dist")]
        static_dir: PathBuf,
        /// Do not seed the demo property into an empty database.
        #[arg(long)]
        no_demo: bool,
        /// Mark session cookies Secure (set when TLS ends at a proxy that does not send X-Forwarded-Proto).
        #[arg(long)]
        secure_cookies: bool,
        /// The address of the reverse proxy in front of Steward: only its X-Forwarded-For is
        /// believed (throttles then count each client, not the proxy).
        #[arg(long, env = "STEWARD_TRUSTED_PROXY")]
        trusted_proxy: Option<std::net::IpAddr>,
        /// Where the nightly backups go (none without it).
        #[arg(long, env = "STEWARD_BACKUP_DIR")]
        backup_dir: Option<PathBuf>,
        /// How many nightly backups to keep.
        #[arg(long, env = "STEWARD_BACKUP_KEEP", default_value_t = 14)]
        backup_keep: usize,
        /// An internal address serving `/metrics` to a Prometheus scraper, with no login
        /// (on the main address only the admin sees it).
        #[arg(long, env = "STEWARD_METRICS_LISTEN")]
        metrics_listen: Option<String>,
        /// Minutes without a touch after which the counter tablet locks its screen (10).
        #[arg(long, env = "STEWARD_COUNTER_IDLE_MINUTES", value_parser = clap::value_parser!(u32).range(1..=480))]
        counter_idle_minutes: Option<u32>,
    },
    /// Create an empty database (migrated, no demo), for a property set up from the command
    /// line (import-units, create-user) before it is served. Refuses a file that exists.
    Init {
        #[arg(long, env = "STEWARD_DB", default_value = "steward.sqlite3")]
        db: PathBuf,
    },
    /// Copy the database, consistently, while the server runs (SQLite's online backup).
    Backup {
        #[arg(long)]
        to: PathBuf,
        #[arg(long, env = "STEWARD_DB", default_value = "steward.sqlite3")]
        db: PathBuf,
    },
    /// Import buildings, units and owners from a CSV file (all rows or none).
    ImportUnits {
        file: PathBuf,
        #[arg(long, env = "STEWARD_DB", default_value = "steward.sqlite3")]
        db: PathBuf,
    },
    /// After restoring the database from a backup: give it a new sync epoch, so every device
    /// resyncs from it (keeping its unsent changes) instead of trusting its old cursor.
    NewEpoch {
        #[arg(long, env = "STEWARD_DB", default_value = "steward.sqlite3")]
        db: PathBuf,
    },
    /// Check the duty log's hash chain: says how far it is intact and names the first broken
    /// entry (exit status 1 if there is one). The check is recorded for the supervisor.
    VerifyLog {
        #[arg(long, env = "STEWARD_DB", default_value = "steward.sqlite3")]
        db: PathBuf,
        /// A head kept earlier (`SEQ:HASH`, as printed here, beside each backup and in
        /// /metrics): the chain must still hold it.
        #[arg(long)]
        anchor: Option<String>,
    },
    /// The ticket figures of a month to a file for head office, by the file's name: `.json`
    /// is the signed month file `steward rollup` checks (the close's figures once the month
    /// is closed); `.csv` and `.xlsx` the report with the previous month and the year before.
    Report {
        /// The month, `2026-11`.
        #[arg(long)]
        month: String,
        #[arg(long)]
        out: PathBuf,
        /// The CSV's words in English (Chinese otherwise).
        #[arg(long)]
        english: bool,
        #[arg(long, env = "STEWARD_DB", default_value = "steward.sqlite3")]
        db: PathBuf,
    },
    /// Head office: properties' signed month files (`steward report --out X.json`) side by
    /// side, to `.xlsx`, `.csv` or `.json`; a file whose digest or signature does not hold is
    /// refused, and nothing is written.
    Rollup {
        /// The month files, one per property.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        /// A file of the property keys head office trusts (one hex key a line): any other
        /// key is refused.
        #[arg(long)]
        trust: Option<PathBuf>,
        #[arg(long)]
        english: bool,
    },
    /// Set the property's name and service hotline, as receipts and owners' pages print them.
    SetProperty {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        hotline: Option<String>,
        #[arg(long, env = "STEWARD_DB", default_value = "steward.sqlite3")]
        db: PathBuf,
    },
    /// Create a staff account; the password is read from STEWARD_PASSWORD or stdin.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// receptionist, supervisor, manager, patrol, engineering, security or admin
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long, env = "STEWARD_DB", default_value = "steward.sqlite3")]
        db: PathBuf,
    },
}

fn report(path: &Path, month: &str, out: &Path, english: bool) -> Result<(), String> {
    use steward_domain::report::{Period, export, words};
    let period = Period::month(month).map_err(|e| format!("--month {month}: {e}"))?;
    let kind = out.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    if !["json", "csv", "xlsx"].contains(&kind.as_str()) {
        return Err(format!("{}: the file's name ends in .json, .csv or .xlsx", out.display()));
    }
    let db = Db::open(path).map_err(|e| e.to_string())?;
    let now = chrono::Utc::now();
    if kind == "json" {
        let stamp = steward_domain::clock::Timestamp::from_utc(now);
        let file = db
            .write_sync(|tx| steward_server::db::reports::month_file(tx, period, &stamp))
            .map_err(|e| e.to_string())?;
        let body = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
        let read = file.open(None).map_err(|e| e.to_string())?;
        std::fs::write(out, body).map_err(|e| format!("{}: {e}", out.display()))?;
        let state = if read.closed.is_some() { "closed" } else { "not closed" };
        println!(
            "{month} ({state}): {} tickets received; signed by {}; written to {}",
            read.figures.received,
            file.public_key,
            out.display()
        );
        return Ok(());
    }
    let report = db
        .write_sync(|tx| steward_server::db::reports::ticket_report(tx, period, now))
        .map_err(|e| e.to_string())?;
    let body = match kind.as_str() {
        "xlsx" => steward_server::xlsx::tickets(&report, english).map_err(|e| e.to_string())?,
        _ => export::tickets_csv(&report, &words::csv_words(english)).into_bytes(),
    };
    std::fs::write(out, body).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("{month}: {} tickets received; written to {}", report.current.received, out.display());
    Ok(())
}

/// Reads, checks and rolls up month files; refuses the lot if any one does not hold.
fn rollup(files: &[PathBuf], out: &Path, trust: Option<&Path>, english: bool) -> Result<(), String> {
    use steward_domain::report::rollup::rollup;
    use steward_domain::report::signed::{MonthFile, Trust};
    let kind = out.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    if !["json", "csv", "xlsx"].contains(&kind.as_str()) {
        return Err(format!("{}: the file's name ends in .json, .csv or .xlsx", out.display()));
    }
    let trusted = match trust {
        Some(p) => {
            Some(Trust::parse(&std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?))
        }
        None => {
            eprintln!(
                "steward: no --trust file: each file is checked against its own key only; anyone can sign a file"
            );
            None
        }
    };
    let mut read = Vec::new();
    for path in files {
        // A month file is a few megabytes at most; a bigger one is not one.
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.len() > 64 * 1024 * 1024 {
            return Err(format!("{}: too large for a month file", path.display()));
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: MonthFile = serde_json::from_str(&text)
            .map_err(|_| format!("{}: not a Steward month file", path.display()))?;
        let month = file.open(trusted.as_ref()).map_err(|e| format!("{}: refused: {e}", path.display()))?;
        if read.iter().any(|m: &steward_domain::report::signed::Month| m.property == month.property) {
            return Err(format!("{}: refused: {} is in the roll-up twice", path.display(), month.property));
        }
        if let Some(first) = read.first().filter(|m| m.month != month.month) {
            return Err(format!(
                "{}: refused: {} beside {} — one month at a time",
                path.display(),
                month.month,
                first.month
            ));
        }
        read.push(month);
    }
    let rows = rollup(&read, english);
    let body = match kind.as_str() {
        "xlsx" => steward_server::xlsx::rollup(&rows, english).map_err(|e| e.to_string())?,
        "json" => serde_json::to_vec_pretty(&rows).map_err(|e| e.to_string())?,
        _ => steward_domain::report::export::rows_csv(&rows).into_bytes(),
    };
    std::fs::write(out, body).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("{} properties checked and rolled up into {}", read.len(), out.display());
    Ok(())
}

fn verify_log(path: &Path, anchor: Option<&str>) -> Result<(), String> {
    use steward_server::db::log_chain;
    let db = Db::open(path).map_err(|e| e.to_string())?;
    let verification = db
        .write_sync(|tx| {
            let verdict = log_chain::check(tx)?;
            let v = log_chain::Verification {
                at: chrono::Utc::now().to_rfc3339(),
                by_name: "steward verify-log".into(),
                verdict,
                entry: None,
            };
            log_chain::record(tx, &v)?;
            log_chain::with_entry(tx, v)
        })
        .map_err(|e| e.to_string())?;
    let (head, held) = db
        .write_sync(|c| {
            Ok::<_, DbError>((
                log_chain::head(c)?,
                anchor.map(|a| log_chain::holds_anchor(c, a)).transpose()?,
            ))
        })
        .map_err(|e| e.to_string())?;
    let v = verification.verdict;
    if let Some(Err(why)) = held {
        return Err(format!("duty log broken: {why}"));
    }
    match v.broken {
        None => {
            println!("duty log intact: {} entries", v.entries);
            if let Some(h) = head {
                println!("head (keep it outside the database): {}", log_chain::anchor_text(&h));
            }
            Ok(())
        }
        Some(b) => Err(format!(
            "duty log broken at entry {} (id {}): {:?}; intact up to entry {} of {}",
            b.seq, b.id, b.what, v.intact_up_to, v.entries
        )),
    }
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s)
        .ok_or_else(|| format!("unknown role; use one of: {}", Role::ALL.map(Role::as_str).join(", ")))
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tower_http=warn".into()))
        .init();
    let result = match Cli::parse().command {
        Command::Serve {
            listen,
            db,
            static_dir,
            no_demo,
            secure_cookies,
            trusted_proxy,
            backup_dir,
            backup_keep,
            metrics_listen,
            counter_idle_minutes,
        } => {
            let config = Config {
                db_path: db,
                static_dir: Some(static_dir),
                seed_demo: !no_demo,
                demo_records: !no_demo,
                secure_cookies,
                clock_offset_secs: 0,
                trusted_proxy,
                backup_dir: backup_dir.clone(),
                counter_idle_secs: counter_idle_minutes.map(|m| m * 60),
            };
            serve(listen, config, backup_dir.map(|d| (d, backup_keep)), metrics_listen)
        }
        // Every command but `serve` works on a database that exists: a typo in `--db` must
        // not create an empty one and report on it.
        Command::Init { db } if db.exists() => Err(format!("{}: already exists", db.display())),
        Command::Init { db } => {
            Db::open(&db).map(|_| println!("created {}", db.display())).map_err(|e| e.to_string())
        }
        Command::Backup { to, db } => existing(&db).and_then(|()| {
            steward_server::backup::to_file(&db, &to)
                .map(|()| println!("backed up {} to {}", db.display(), to.display()))
                .map_err(|e| e.to_string())
        }),
        Command::ImportUnits { file, db } => existing(&db).and_then(|()| import_units(&file, &db)),
        Command::NewEpoch { db } => existing(&db).and_then(|()| new_epoch(&db)),
        Command::VerifyLog { db, anchor } => existing(&db).and_then(|()| verify_log(&db, anchor.as_deref())),
        Command::Report { month, out, english, db } => {
            existing(&db).and_then(|()| report(&db, &month, &out, english))
        }
        Command::Rollup { files, out, trust, english } => rollup(&files, &out, trust.as_deref(), english),
        Command::SetProperty { name, hotline, db } => {
            existing(&db).and_then(|()| set_property(&db, name.as_deref(), hotline.as_deref()))
        }
        Command::CreateUser { username, display_name, role, db } => {
            existing(&db).and_then(|()| create_user(&db, &username, &display_name, role))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("steward: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The database file `db`, which must exist (only `serve` creates one).
fn existing(db: &Path) -> Result<(), String> {
    if db.is_file() {
        Ok(())
    } else {
        Err(format!("{}: no such database (`steward init` or `steward serve` creates one)", db.display()))
    }
}

fn serve(
    listen: String,
    config: Config,
    backups: Option<(PathBuf, usize)>,
    metrics_listen: Option<String>,
) -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        if !config.static_dir.as_ref().is_some_and(|d| d.join("index.html").exists()) {
            tracing::warn!(
                "no built app in {:?}: run scripts/start.sh (the API still works)",
                config.static_dir
            );
        }
        let state = steward_server::open(config.clone()).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind(&listen).await.map_err(|e| format!("{listen}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("Steward is serving http://{addr}  (database {})", config.db_path.display());
        if config.seed_demo {
            println!("Demo accounts (password \"{}\"):", seed::DEMO_PASSWORD);
            for (username, name, role) in seed::DEMO_USERS {
                println!("  {username:<11} {role:<13} {name}", role = role.as_str());
            }
        }
        if let Some(address) = metrics_listen {
            let listener =
                tokio::net::TcpListener::bind(&address).await.map_err(|e| format!("{address}: {e}"))?;
            println!("Metrics for the scraper at http://{address}/metrics");
            let metrics = axum::Router::new()
                .route("/metrics", axum::routing::get(steward_server::routes::metrics::open))
                .with_state(state.clone());
            tokio::spawn(async move { axum::serve(listener, metrics).await });
        }
        if let Some((dir, keep)) = backups {
            let db = config.db_path.clone();
            println!("Nightly backups to {} (keeping {keep})", dir.display());
            tokio::spawn(async move {
                loop {
                    let (db, dir) = (db.clone(), dir.clone());
                    match tokio::task::spawn_blocking(move || {
                        steward_server::backup::nightly(&db, &dir, keep)
                    })
                    .await
                    {
                        Ok(Ok(Some(path))) => {
                            tracing::info!(path = %path.display(), "nightly backup written")
                        }
                        Ok(Ok(None)) => {}
                        Ok(Err(e)) => tracing::error!(error = %e, "nightly backup failed"),
                        Err(e) => tracing::error!(error = %e, "nightly backup task failed"),
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                }
            });
        }
        steward_server::serve(listener, state, shutdown_signal()).await.map_err(|e| e.to_string())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

fn import_units(file: &Path, db_path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    if bytes.len() > routes::IMPORT_BODY_LIMIT {
        return Err(format!("{} is larger than {} bytes", file.display(), routes::IMPORT_BODY_LIMIT));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{}: not UTF-8 (save it as CSV UTF-8)", file.display()))?;
    let rows = steward_domain::import::parse_units_csv(&text).map_err(|errors| {
        let mut msg = format!("{}: {} bad rows, nothing imported", file.display(), errors.len());
        for e in errors {
            let column = e.column.map(|c| format!(" [{c}]")).unwrap_or_default();
            msg.push_str(&format!("\n  line {}{column}: {}", e.line, e.message));
        }
        msg
    })?;
    let db = Db::open(db_path).map_err(|e| e.to_string())?;
    let report = db.write_sync(|tx| property::import(tx, &rows)).map_err(|e: DbError| e.to_string())?;
    println!("imported {} buildings, {} units, {} owners", report.buildings, report.units, report.owners);
    for change in &report.status_changes {
        println!("  status changed: {change}");
    }
    Ok(())
}

fn set_property(db_path: &Path, name: Option<&str>, hotline: Option<&str>) -> Result<(), String> {
    let check = |what: &str, v: &str| {
        let v = v.trim();
        if v.is_empty() || v.chars().count() > 40 || v.chars().any(char::is_control) {
            Err(format!("{what} must be 1–40 characters"))
        } else {
            Ok(v.to_string())
        }
    };
    let name = name.map(|n| check("the name", n)).transpose()?;
    let hotline = hotline.map(|h| check("the hotline", h)).transpose()?;
    let db = Db::open(db_path).map_err(|e| e.to_string())?;
    db.write_sync(|tx| users::set_property_info(tx, name.as_deref(), hotline.as_deref()))
        .map_err(|e| e.to_string())?;
    let (name, hotline) = db.write_sync(|tx| users::property_info(tx)).map_err(|e| e.to_string())?;
    println!("property: {name}; service hotline: {hotline}");
    Ok(())
}

fn new_epoch(db_path: &Path) -> Result<(), String> {
    let db = Db::open(db_path).map_err(|e| e.to_string())?;
    let epoch = db.write_sync(|tx| steward_server::sync::new_epoch(tx)).map_err(|e| e.to_string())?;
    println!("sync epoch is now {epoch}: devices will resync on their next pull");
    Ok(())
}

fn create_user(db_path: &Path, username: &str, display_name: &str, role: Role) -> Result<(), String> {
    let password = match std::env::var("STEWARD_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprint!("password for {username}: ");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let req = steward_domain::api::CreateUser {
        username: username.into(),
        display_name: display_name.into(),
        role,
        password: password.clone(),
    };
    let (username, display_name) = routes::users::validate(&req).map_err(|e| e.to_string())?;
    let hash = steward_server::auth::password::hash(&password).map_err(|e| e.to_string())?;
    let db = Db::open(db_path).map_err(|e| e.to_string())?;
    let id = db
        .write_sync(|tx| users::create(tx, &username, &display_name, role, &hash))
        .map_err(|e| e.to_string())?;
    println!("created user {username} (id {id}, {})", role.as_str());
    Ok(())
}
