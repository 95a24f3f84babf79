//! Model-based sync test: five devices go offline and online at random, edit the same
//! records, lose push responses and retry; after everyone syncs, every device holds exactly
//! the server's state, and every mutation was processed exactly once.
//!
//! The devices run the real `steward-sync` core; the server runs the real push/pull code on
//! an in-memory SQLite database (same schema, same SQL as in production; only the HTTP
//! layer is left out so thousands of seeds run in seconds). Set PROPTEST_CASES to run more.

use proptest::prelude::*;
use rusqlite::{Connection, TransactionBehavior};
use std::collections::BTreeMap;
use steward_domain::Role;
use steward_domain::sync::commands::{
    AppendDutyLog, RecordVisitExit, RegisterVisit, UpdateVisitPurpose, WithdrawVisit,
};
use steward_domain::sync::protocol::PullRequest;
use steward_domain::sync::{Ctx, Kind, Mutation};
use steward_server::sync::{Pusher, pull, push};
use steward_sync::Replica;

const VISITS: [&str; 3] = [
    "0190f5c2-7d1a-7000-8000-000000000001",
    "0190f5c2-7d1a-7000-8000-000000000002",
    "0190f5c2-7d1a-7000-8000-000000000003",
];
/// Five devices: two counter tablets of the same receptionist, the supervisor, the
/// manager and the gate.
const DEVICES: [(&str, Role); 5] = [
    ("desk", Role::Receptionist),
    ("desk", Role::Receptionist),
    ("supervisor", Role::Supervisor),
    ("manager", Role::Manager),
    ("guard", Role::Security),
];

#[derive(Debug, Clone)]
enum Op {
    Edit {
        device: usize,
        action: u8,
        target: usize,
        variant: u8,
    },
    Sync {
        device: usize,
    },
    /// The push is applied, but its response is lost on the way back.
    LosePushResponse {
        device: usize,
    },
    ToggleNetwork {
        device: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..5usize, 0..5u8, 0..3usize, 0..3u8).prop_map(|(device, action, target, variant)| Op::Edit { device, action, target, variant }),
        2 => (0..5usize).prop_map(|device| Op::Sync { device }),
        1 => (0..5usize).prop_map(|device| Op::LosePushResponse { device }),
        1 => (0..5usize).prop_map(|device| Op::ToggleNetwork { device }),
    ]
}

struct Device {
    replica: Replica,
    user_id: i64,
    role: Role,
    online: bool,
    queued: u64,
}

impl Device {
    fn ctx(&self) -> Ctx {
        // Device clocks are whatever they are; nothing may depend on them.
        Ctx {
            user_id: self.user_id,
            user_name: "x".into(),
            role: self.role,
            now: "1999-01-01T00:00:00Z".parse().unwrap(),
            by_owner: false,
        }
    }
}

struct World {
    conn: Connection,
    devices: Vec<Device>,
    log_ids: u32,
}

impl World {
    fn new() -> World {
        let mut conn = Connection::open_in_memory().unwrap();
        steward_server::db::migrate(&mut conn).unwrap();
        let mut devices = Vec::new();
        for (i, (user, role)) in DEVICES.iter().enumerate() {
            conn.execute(
                "INSERT OR IGNORE INTO users (username, display_name, role, password_hash, created_at)
                 VALUES (?1, ?1, ?2, 'x', '2026-01-01')",
                rusqlite::params![user, role.as_str()],
            )
            .unwrap();
            let user_id: i64 =
                conn.query_row("SELECT id FROM users WHERE username = ?1", [user], |r| r.get(0)).unwrap();
            let device_id = format!("device-{i}");
            conn.execute(
                "INSERT INTO devices (id, user_id, created_at, last_seen_at) VALUES (?1, ?2, '', '')",
                rusqlite::params![device_id, user_id],
            )
            .unwrap();
            devices.push(Device {
                replica: Replica::new(device_id),
                user_id,
                role: *role,
                online: true,
                queued: 0,
            });
        }
        World { conn, devices, log_ids: 0 }
    }

    fn edit(&mut self, device: usize, action: u8, target: usize, variant: u8) {
        let d = &self.devices[device];
        same_view(&d.replica, &d.ctx());
        let id = VISITS[target].to_string();
        let purpose = ["送货", "维修", "探亲"][variant as usize].to_string();
        let mutation = match action {
            0 => Mutation::RegisterVisit(RegisterVisit {
                id,
                visitor_name: format!("访客{variant}"),
                unit: "1栋-101".into(),
                purpose,
                ..Default::default()
            }),
            1 => Mutation::RecordVisitExit(RecordVisitExit { id }),
            2 => {
                let base = d
                    .replica
                    .view(&d.ctx())
                    .records
                    .get(&(Kind::Visit, id.clone()))
                    .map(|s| s.version)
                    .unwrap_or(0);
                Mutation::UpdateVisitPurpose(UpdateVisitPurpose { id, purpose, base_version: base })
            }
            3 => Mutation::WithdrawVisit(WithdrawVisit { id }),
            _ => {
                self.log_ids += 1;
                Mutation::AppendDutyLog(AppendDutyLog {
                    id: format!("0190f5c2-7d1a-7000-9000-{:012}", self.log_ids),
                    text: format!("记录 {variant}"),
                    corrects: None,
                    written_at: None,
                })
            }
        };
        let d = &mut self.devices[device];
        let ctx = d.ctx();
        if d.replica.mutate(mutation, &ctx).is_ok() {
            d.queued += 1;
        }
    }

    /// Pushes the outbox (the ack may be lost), then pulls every page.
    fn sync(&mut self, device: usize, lose_ack: bool) {
        if !self.devices[device].online {
            return;
        }
        let d = &mut self.devices[device];
        while let Some(req) = d.replica.push_request(7) {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
            let pusher = Pusher { user_id: d.user_id, name: "x".into(), role: d.role };
            let last = push(&tx, &pusher, &req, &"2026-11-22T08:00:00Z".parse().unwrap()).expect("push");
            tx.commit().unwrap();
            if lose_ack {
                break;
            }
            d.replica.push_acknowledged(last);
        }
        loop {
            let req = PullRequest {
                client_id: d.replica.client_id.clone(),
                cursor: d.replica.cursor(),
                outcomes_after: d.replica.outcomes_after(),
                limit: Some(3),
            };
            let tx = self.conn.transaction().unwrap();
            let page = pull(&tx, d.user_id, d.role, &req, chrono::NaiveDate::MIN).expect("pull");
            tx.finish().unwrap();
            let more = page.more;
            d.replica.apply_pull(page);
            if !more {
                break;
            }
        }
    }

    fn server_state(&self, role: Role) -> BTreeMap<(Kind, String), serde_json::Value> {
        let mut stmt =
            self.conn.prepare("SELECT kind, id, body FROM records WHERE body IS NOT NULL").unwrap();
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .map(|(k, id, body)| ((Kind::parse(&k).unwrap(), id), serde_json::from_str(&body).unwrap()))
            .filter(|((k, _), _)| k.visible_to(role))
            .collect()
    }

    fn count(&self, sql: &str) -> u64 {
        self.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as u64
    }
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut w = World::new();
    for op in ops {
        match op {
            Op::Edit { device, action, target, variant } => w.edit(device, action, target, variant),
            Op::Sync { device } => w.sync(device, false),
            Op::LosePushResponse { device } => w.sync(device, true),
            Op::ToggleNetwork { device } => w.devices[device].online ^= true,
        }
    }
    // Quiescence: everyone back online and synced, twice round so all see the last changes.
    for d in &mut w.devices {
        d.online = true;
    }
    for _ in 0..2 {
        for i in 0..w.devices.len() {
            w.sync(i, false);
        }
    }
    for d in &w.devices {
        prop_assert!(d.replica.pending().is_empty(), "{} still has an outbox", d.replica.client_id);
        prop_assert_eq!(
            d.replica.confirmed_bodies(),
            w.server_state(d.role),
            "{} diverged",
            d.replica.client_id
        );
        let view = d.replica.view(&d.ctx());
        prop_assert_eq!(view.records.len(), d.replica.confirmed_bodies().len());
    }
    // Exactly once: every queued mutation was either applied or rejected, once.
    let queued: u64 = w.devices.iter().map(|d| d.queued).sum();
    let processed = w.count("SELECT count(*) FROM mutation_log")
        + w.count("SELECT count(*) FROM sync_outcomes WHERE outcome = 'rejected'");
    prop_assert_eq!(queued, processed);
    let attention: u64 = w.devices.iter().map(|d| d.replica.needs_attention().len() as u64).sum();
    prop_assert_eq!(attention, w.count("SELECT count(*) FROM sync_outcomes WHERE outcome = 'rejected'"));
    Ok(())
}

/// The overlay screens read (confirmed records in place, outbox on top) shows exactly what
/// the full replay shows.
fn same_view(replica: &steward_sync::Replica, ctx: &steward_domain::sync::Ctx) {
    let full = replica.view(ctx);
    let overlay = replica.overlay(ctx);
    for kind in [Kind::Visit, Kind::DutyLogEntry] {
        let seen: Vec<(String, serde_json::Value)> =
            overlay.records(kind).into_iter().map(|s| (s.id.to_string(), s.body.clone())).collect();
        let expected: Vec<(String, serde_json::Value)> = full
            .records
            .iter()
            .filter(|((k, _), _)| *k == kind)
            .map(|((_, id), s)| (id.clone(), s.body.clone()))
            .collect();
        assert_eq!(seen, expected, "the overlay differs from the replay");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn devices_converge_on_the_servers_state(ops in prop::collection::vec(op(), 1..80)) {
        run(ops)?;
    }
}
