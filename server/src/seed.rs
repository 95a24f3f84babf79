//! The demo property a new install opens with, so there is something to log into.

use crate::db::{Db, DbError, property, users};
use steward_domain::Role;
use steward_domain::import::{ImportRow, OwnerRow};
use steward_domain::phone::PhoneNumber;
use steward_domain::property::{BuildingName, UnitNumber, UnitStatus};
use steward_domain::sync::commands::{ActOnDecoration, ApplyDecoration};

pub const DEMO_PASSWORD: &str = "steward-demo";
pub const DEMO_PROPERTY: &str = "示例花园 Demo Gardens";
/// The demo's service hotline (printed on receipts and owners' pages).
pub const DEMO_HOTLINE: &str = "0755-8888 6666";

/// One demo account per role: (username, display name, role).
pub const DEMO_USERS: [(&str, &str, Role); 7] = [
    ("desk", "王小红", Role::Receptionist),
    ("supervisor", "李静", Role::Supervisor),
    ("manager", "张伟", Role::Manager),
    ("patrol", "陈晨", Role::Patrol),
    ("engineer", "刘强", Role::Engineering),
    ("guard", "赵军", Role::Security),
    ("admin", "孙倩", Role::Admin),
];

const BUILDINGS: u32 = 3;
const FLOORS: u32 = 18;
const UNITS_PER_FLOOR: u32 = 4;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Users(#[from] users::CreateUserError),
    #[error("hashing: {0}")]
    Hash(String),
    #[error("demo records: {0}")]
    Records(String),
}

/// Seeds the demo property and accounts if the database has no users yet.
/// Returns whether it seeded.
pub fn seed_if_empty(db: &Db, with_records: bool) -> Result<bool, SeedError> {
    if db.write_sync(|tx| users::count(tx))? > 0 {
        return Ok(false);
    }
    // One hash for every demo account: they share a published password anyway, and
    // hashing seven times would slow every test that starts a server.
    let hash = crate::auth::password::hash(DEMO_PASSWORD).map_err(|e| SeedError::Hash(e.to_string()))?;
    let rows = demo_rows();
    db.write_sync(|tx| {
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('property_name', ?1)", [DEMO_PROPERTY])
            .map_err(DbError::from)?;
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('service_hotline', ?1)", [DEMO_HOTLINE])
            .map_err(DbError::from)?;
        let mut ids = Vec::new();
        for (username, name, role) in DEMO_USERS {
            ids.push((users::create(tx, username, name, role, &hash)?, name, role));
        }
        property::import(tx, &rows)?;
        if with_records {
            demo_decoration(tx, &ids).map_err(SeedError::Records)?;
        }
        Ok::<_, SeedError>(())
    })?;
    Ok(true)
}

/// The demo id of the decoration under way at 1栋-201, so patrols have something to walk.
pub const DEMO_DECORATION: &str = "0190f5c2-7d1a-7000-8000-00000000de01";

/// A decoration under way, taken through the review chain by the demo staff.
fn demo_decoration(conn: &rusqlite::Connection, users: &[(i64, &str, Role)]) -> Result<(), String> {
    use steward_domain::decoration::documents::{Document, Scope, required};
    use steward_domain::decoration::lifecycle::DecorationAction;
    use steward_domain::decoration::record::NewDecoration;
    use steward_domain::sync::{Ctx, Mutation};
    let now = steward_domain::clock::Timestamp::from_utc(chrono::Utc::now());
    let ctx = |role: Role| {
        let (id, name, role) = users.iter().find(|(_, _, r)| *r == role).copied().expect("demo role");
        Ctx { user_id: id, user_name: name.to_string(), role, now: now.clone(), by_owner: false }
    };
    let scope = Scope { wet_rooms: true, electrical: true, ..Scope::default() };
    let today = chrono::Utc::now().date_naive();
    let application = NewDecoration {
        unit: "1栋-201".into(),
        owner: "陈伟".into(),
        contractor: "安居装饰工程有限公司".into(),
        workers: vec!["赵师傅".into(), "钱师傅".into()],
        planned_start: today.to_string(),
        planned_end: (today + chrono::Days::new(60)).to_string(),
        working_hours: "08:00-12:00,14:00-18:00".into(),
        scope,
        documents: required(&scope)
            .into_iter()
            .map(|kind| Document { kind, received: true, signed: true })
            .collect(),
    };
    let id = DEMO_DECORATION.to_string();
    crate::sync::apply_directly(
        conn,
        &Mutation::ApplyDecoration(ApplyDecoration { id: id.clone(), application }),
        &ctx(Role::Receptionist),
    )?;
    for (role, action) in [
        (Role::Manager, DecorationAction::Review { approve: true, reasons: String::new() }),
        (Role::Engineering, DecorationAction::Review { approve: true, reasons: String::new() }),
        (Role::Receptionist, DecorationAction::IssuePermit { fees: 30_000, deposit: 200_000 }),
    ] {
        crate::sync::apply_directly(
            conn,
            &Mutation::ActOnDecoration(ActOnDecoration { id: id.clone(), action }),
            &ctx(role),
        )?;
    }
    Ok(())
}

fn demo_rows() -> Vec<ImportRow> {
    const SURNAMES: [&str; 12] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙"];
    const GIVEN: [&str; 10] = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰"];
    let mut rows = Vec::new();
    let mut n = 0u32;
    for b in 1..=BUILDINGS {
        for floor in 1..=FLOORS {
            for room in 1..=UNITS_PER_FLOOR {
                n += 1;
                let status = match n % 11 {
                    0 => UnitStatus::Vacant,
                    5 => UnitStatus::Decorating,
                    _ => UnitStatus::Occupied,
                };
                let owner = (status != UnitStatus::Vacant).then(|| OwnerRow {
                    name: format!("{}{}", SURNAMES[(n % 12) as usize], GIVEN[(n / 12 % 10) as usize]),
                    phone: PhoneNumber::parse(&format!("139{:08}", n * 7919 % 100_000_000)).ok(),
                    // Every third owner left a relative to call when they cannot be reached.
                    emergency_contact: n
                        .is_multiple_of(3)
                        .then(|| format!("{}{}", SURNAMES[(n % 12) as usize], GIVEN[(n / 7 % 10) as usize])),
                    emergency_phone: n
                        .is_multiple_of(3)
                        .then(|| PhoneNumber::parse(&format!("137{:08}", n * 104_729 % 100_000_000)).ok())
                        .flatten(),
                });
                rows.push(ImportRow {
                    line: n as u64,
                    building: BuildingName::parse(&b.to_string()).expect("digits are a valid building"),
                    unit: UnitNumber::parse(&format!("{floor}{room:02}")).expect("valid unit"),
                    status: Some(status),
                    owner,
                });
            }
        }
    }
    rows
}
