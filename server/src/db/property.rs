//! The property register in SQL: buildings, units, owners; the CSV import's writes.

use super::DbError;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use steward_domain::api::{BuildingView, ImportReport, OwnerView, UnitView};
use steward_domain::directory::{DirectoryOwner, DirectoryUnit, unit_label};
use steward_domain::import::ImportRow;
use steward_domain::phone::mask;
use steward_domain::property::UnitStatus;

/// What an import has written so far, across the transactions it is written in.
#[derive(Debug, Default)]
pub struct ImportTally {
    buildings: std::collections::BTreeSet<i64>,
    units: std::collections::BTreeSet<i64>,
    owners: u32,
    status_changes: Vec<String>,
}

impl ImportTally {
    pub fn report(self) -> ImportReport {
        ImportReport {
            buildings: self.buildings.len() as u32,
            units: self.units.len() as u32,
            owners: self.owners,
            status_changes: self.status_changes,
        }
    }
}

/// Writes validated rows in one transaction (the command line, the demo seed).
pub fn import(tx: &Transaction, rows: &[ImportRow]) -> Result<ImportReport, DbError> {
    let mut tally = ImportTally::default();
    import_part(tx, rows, &mut tally)?;
    Ok(tally.report())
}

/// Writes validated rows: buildings and units are upserted, owners matched by name within
/// their unit. Idempotent: writing the same rows again changes nothing, so an import
/// written in several transactions and interrupted is completed by importing it again.
pub fn import_part(tx: &Transaction, rows: &[ImportRow], tally: &mut ImportTally) -> Result<(), DbError> {
    let ImportTally { buildings, units, owners, status_changes } = tally;
    let mut upsert_building = tx.prepare(
        "INSERT INTO buildings (name) VALUES (?1) ON CONFLICT (name) DO UPDATE SET name = name RETURNING id",
    )?;
    // A row without a status leaves a stored unit's status alone (a new unit is lived in).
    let mut upsert_unit = tx.prepare(
        "INSERT INTO units (building_id, number, floor, status) VALUES (?1, ?2, ?3, COALESCE(?4, 'occupied'))
         ON CONFLICT (building_id, number) DO UPDATE SET status = COALESCE(?4, units.status) RETURNING id",
    )?;
    let mut status_of = tx.prepare(
        "SELECT u.status FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.name = ?1 AND u.number = ?2",
    )?;
    let mut upsert_owner = tx.prepare(
        "INSERT INTO owners (unit_id, name, phone, emergency_contact, emergency_phone) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (unit_id, name) DO UPDATE SET phone = excluded.phone,
             emergency_contact = excluded.emergency_contact, emergency_phone = excluded.emergency_phone",
    )?;
    for row in rows {
        let before: Option<String> =
            status_of.query_row([row.building.as_str(), row.unit.as_str()], |r| r.get(0)).optional()?;
        if let (Some(before), Some(after)) = (&before, row.status)
            && before != after.as_str()
        {
            let label = unit_label(row.building.as_str(), row.unit.as_str());
            status_changes.push(format!(
                "{label}: {} → {}",
                status_word(before),
                status_word(after.as_str())
            ));
        }
        let building_id: i64 = upsert_building.query_row([row.building.as_str()], |r| r.get(0))?;
        let status = row.status.map(|s| s.as_str());
        let unit_id: i64 = upsert_unit
            .query_row(params![building_id, row.unit.as_str(), row.unit.floor(), status], |r| r.get(0))?;
        buildings.insert(building_id);
        units.insert(unit_id);
        if let Some(o) = &row.owner {
            upsert_owner.execute(params![
                unit_id,
                o.name,
                o.phone.as_ref().map(|p| p.as_str()),
                o.emergency_contact,
                o.emergency_phone.as_ref().map(|p| p.as_str()),
            ])?;
            *owners += 1;
        }
    }
    Ok(())
}

fn status_word(stored: &str) -> &str {
    UnitStatus::parse(stored).map(UnitStatus::zh).unwrap_or(stored)
}

pub fn buildings(c: &Connection) -> Result<Vec<BuildingView>, DbError> {
    let mut stmt = c.prepare(
        "SELECT b.id, b.name, count(u.id) FROM buildings b LEFT JOIN units u ON u.building_id = b.id
         GROUP BY b.id ORDER BY length(b.name), b.name",
    )?;
    let rows =
        stmt.query_map([], |r| Ok(BuildingView { id: r.get(0)?, name: r.get(1)?, units: r.get(2)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A building's units with their owners; phones leave the server masked.
pub fn units(c: &Connection, building_id: i64) -> Result<Option<Vec<UnitView>>, DbError> {
    let name: Option<String> = c
        .query_row("SELECT name FROM buildings WHERE id = ?1", [building_id], |r| r.get(0))
        .map(Some)
        .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
    let Some(building) = name else { return Ok(None) };
    let mut stmt = c.prepare(
        "SELECT u.id, u.number, u.floor, u.status, o.name, o.phone
           FROM units u LEFT JOIN owners o ON o.unit_id = u.id
          WHERE u.building_id = ?1 ORDER BY u.floor DESC, u.number, o.id",
    )?;
    let mut out: Vec<UnitView> = Vec::new();
    let mut rows = stmt.query([building_id])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if out.last().is_none_or(|u| u.id != id) {
            let status: String = r.get(3)?;
            out.push(UnitView {
                id,
                building: building.clone(),
                number: r.get(1)?,
                floor: r.get(2)?,
                status: UnitStatus::parse(&status).unwrap_or_default(),
                owners: Vec::new(),
            });
        }
        if let Some(name) = r.get::<_, Option<String>>(4)? {
            let phone: Option<String> = r.get(5)?;
            let unit = out.last_mut().expect("pushed above");
            unit.owners.push(OwnerView { name, phone_masked: phone.as_deref().map(mask) });
        }
    }
    Ok(Some(out))
}

/// Every unit's label (`2栋-801`), for checking a list against the register.
pub fn unit_labels(c: &Connection) -> Result<std::collections::HashSet<String>, DbError> {
    let mut stmt =
        c.prepare("SELECT b.name, u.number FROM units u JOIN buildings b ON b.id = u.building_id")?;
    let rows = stmt.query_map([], |r| Ok(unit_label(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The labels of the units the register says are vacant (空置), for the month's patrol figures.
pub fn vacant_units(c: &Connection) -> Result<Vec<String>, DbError> {
    let mut stmt = c.prepare(
        "SELECT b.name, u.number FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.status = ?1",
    )?;
    let rows = stmt.query_map([UnitStatus::Vacant.as_str()], |r| {
        Ok(unit_label(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The largest page of [`directory`] one request may ask for.
pub const DIRECTORY_PAGE_MAX: u32 = 5000;

/// Every unit with its owners, for the desk devices' intake picker, or the `(offset,
/// limit)` window of them. Phones whole only for roles that call owners.
pub fn directory(
    c: &Connection,
    whole_phones: bool,
    window: Option<(u32, u32)>,
) -> Result<Vec<DirectoryUnit>, DbError> {
    // The page is taken over units (then joined to their owners), so a unit's owners are
    // never split across pages.
    let mut stmt = c.prepare(
        "WITH page AS (
             SELECT u.id, b.name AS building, u.number, u.floor, u.status
               FROM units u JOIN buildings b ON b.id = u.building_id
              ORDER BY length(b.name), b.name, u.floor, u.number
              LIMIT ?1 OFFSET ?2)
         SELECT p.id, p.building, p.number, p.floor, o.name, o.phone, p.status,
                o.emergency_contact, o.emergency_phone
           FROM page p LEFT JOIN owners o ON o.unit_id = p.id
          ORDER BY length(p.building), p.building, p.floor, p.number, o.id",
    )?;
    let (offset, limit) = window.map_or((0, -1), |(o, l)| (i64::from(o), i64::from(l)));
    let mut out: Vec<DirectoryUnit> = Vec::new();
    let mut last = None;
    let mut rows = stmt.query(params![limit, offset])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if last != Some(id) {
            last = Some(id);
            let building: String = r.get(1)?;
            let number: String = r.get(2)?;
            out.push(DirectoryUnit {
                unit: unit_label(&building, &number),
                building,
                floor: r.get(3)?,
                owners: Vec::new(),
                vacant: r.get::<_, String>(6)? == UnitStatus::Vacant.as_str(),
            });
        }
        if let Some(name) = r.get::<_, Option<String>>(4)? {
            let shown = |p: Option<String>| if whole_phones { p } else { p.as_deref().map(mask) };
            out.last_mut().expect("pushed above").owners.push(DirectoryOwner {
                name,
                phone: shown(r.get(5)?),
                emergency_contact: r.get(7)?,
                emergency_phone: shown(r.get(8)?),
            });
        }
    }
    Ok(out)
}

/// Sets a unit's status (the vacant register, a move-in); `false` when there is no such unit.
pub fn set_status(tx: &Transaction, unit_id: i64, status: UnitStatus) -> Result<bool, DbError> {
    Ok(tx.execute("UPDATE units SET status = ?1 WHERE id = ?2", params![status.as_str(), unit_id])? == 1)
}
