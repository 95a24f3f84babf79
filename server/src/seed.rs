//! The demo property a new install opens with, so there is something to log into.

use crate::db::{Db, DbError, property, users};
use steward_domain::Role;
use steward_domain::import::{ImportRow, OwnerRow};
use steward_domain::phone::PhoneNumber;
use steward_domain::property::{BuildingName, UnitNumber, UnitStatus};

pub const DEMO_PASSWORD: &str = "steward-demo";
pub const DEMO_PROPERTY: &str = "示例花园 Demo Gardens";

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
}

/// Seeds the demo property and accounts if the database has no users yet.
/// Returns whether it seeded.
pub fn seed_if_empty(db: &Db) -> Result<bool, SeedError> {
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
        for (username, name, role) in DEMO_USERS {
            users::create(tx, username, name, role, &hash)?;
        }
        property::import(tx, &rows)?;
        Ok::<_, SeedError>(())
    })?;
    Ok(true)
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
                    emergency_contact: None,
                    emergency_phone: None,
                });
                rows.push(ImportRow {
                    line: n as u64,
                    building: BuildingName::parse(&b.to_string()).expect("digits are a valid building"),
                    unit: UnitNumber::parse(&format!("{floor}{room:02}")).expect("valid unit"),
                    status,
                    owner,
                });
            }
        }
    }
    rows
}
