//! The unit directory the desk's devices keep for the intake form: every unit with its
//! owners, so a receptionist picks `3栋-1502` by building/floor or finds it by room number
//! or owner name, and the reporter and phone fill themselves in — with no network.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryUnit {
    /// The label tickets carry: `3栋-1502`.
    pub unit: String,
    pub building: String,
    pub floor: u32,
    pub owners: Vec<DirectoryOwner>,
    /// 空置: on the vacant-unit patrol's register.
    #[serde(default)]
    pub vacant: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryOwner {
    pub name: String,
    /// Whole for roles that call owners, masked (`139****1234`) for everyone else.
    pub phone: Option<String>,
    /// 紧急联系人: whom the desk calls when the owner cannot be reached (a leak into the
    /// flat below, the owner abroad). Their phone is masked like the owner's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_contact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_phone: Option<String>,
}

/// How a unit is written on every form: building, dash, unit number.
pub fn unit_label(building: &str, number: &str) -> String {
    format!("{building}-{number}")
}

/// What staff type for a unit, made comparable: `3-1502`, `3栋1502`, `3 栋 - 1502` all
/// become `3栋-1502`'s digits and dash.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '栋' && *c != '-').collect::<String>().to_lowercase()
}

/// A room number as typed or stored, without leading zeros: `0801` and `801` are one room.
fn room(s: &str) -> &str {
    let t = s.trim().trim_start_matches('0');
    if t.is_empty() { s.trim() } else { t }
}

/// A building as typed or stored, without its `栋` / `号楼` / `座`: `2栋` and `2` are one.
fn building(s: &str) -> &str {
    let s = s.trim();
    ["号楼", "栋", "座", "幢"].iter().find_map(|suffix| s.strip_suffix(suffix)).unwrap_or(s).trim()
}

/// A query split into building and room where it names both (`2栋-0801`, `2-801`,
/// `2栋 801`), or just a room (`0801`).
fn split_query(q: &str) -> (Option<&str>, &str) {
    for sep in ["号楼", "栋", "座", "幢", "-", " ", "－"] {
        if let Some((b, r)) = q.split_once(sep) {
            let r = r.trim_start_matches(['-', ' ', '－']).trim();
            if !b.trim().is_empty() && !r.is_empty() {
                return (Some(building(b)), r);
            }
        }
    }
    (None, q)
}

/// Units matching `query`, at most `limit`, best first: the exact room (`0801` finds
/// `801`; with a building, only that building's), then rooms and labels that contain what
/// was typed (`502` → `1502`), then owners by name.
pub fn search<'a>(units: &'a [DirectoryUnit], query: &str, limit: usize) -> Vec<&'a DirectoryUnit> {
    let q = query.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let (wanted_building, wanted_room) = split_query(q);
    let cq = compact(q);
    let mut tiers: [Vec<&DirectoryUnit>; 3] = Default::default();
    for u in units {
        let number = u.unit.rsplit('-').next().unwrap_or_default();
        let same_building = wanted_building.is_none_or(|b| b == building(&u.building));
        let tier = if same_building && room(number) == room(wanted_room) {
            0
        } else if !cq.is_empty()
            && (compact(&u.unit).contains(&cq) || (same_building && number.ends_with(room(wanted_room))))
        {
            1
        } else if u.owners.iter().any(|o| o.name.contains(q)) {
            2
        } else {
            continue;
        };
        tiers[tier].push(u);
    }
    let mut out: Vec<&DirectoryUnit> = tiers.into_iter().flatten().collect();
    out.truncate(limit);
    out
}

/// Buildings in directory order (`1栋`, `2栋`, … `10栋`).
pub fn buildings(units: &[DirectoryUnit]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for u in units {
        if !out.contains(&u.building.as_str()) {
            out.push(&u.building);
        }
    }
    out
}

/// A building's floors, lowest first.
pub fn floors(units: &[DirectoryUnit], building: &str) -> Vec<u32> {
    let mut out: Vec<u32> = units.iter().filter(|u| u.building == building).map(|u| u.floor).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The units on one floor of a building.
pub fn on_floor<'a>(units: &'a [DirectoryUnit], building: &str, floor: u32) -> Vec<&'a DirectoryUnit> {
    units.iter().filter(|u| u.building == building && u.floor == floor).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(b: &str, n: &str, owner: &str) -> DirectoryUnit {
        DirectoryUnit {
            unit: unit_label(b, n),
            building: b.into(),
            floor: n[..n.len() - 2].parse().unwrap(),
            owners: vec![DirectoryOwner {
                name: owner.into(),
                phone: Some("13912345678".into()),
                emergency_contact: None,
                emergency_phone: None,
            }],
            vacant: false,
        }
    }

    #[test]
    fn found_by_room_label_or_owner_name() {
        let units =
            vec![unit("1栋", "1502", "王伟"), unit("3栋", "1502", "张芳"), unit("3栋", "502", "李娜")];
        let labels = |q| search(&units, q, 10).into_iter().map(|u| u.unit.as_str()).collect::<Vec<_>>();
        assert_eq!(labels("1502"), ["1栋-1502", "3栋-1502"]);
        assert_eq!(labels("3-1502"), ["3栋-1502"]);
        assert_eq!(labels("3栋 1502"), ["3栋-1502"]);
        assert_eq!(labels("502"), ["3栋-502", "1栋-1502", "3栋-1502"], "the exact room comes first");
        assert_eq!(labels("张"), ["3栋-1502"]);
        assert!(labels("  ").is_empty());
        assert_eq!(search(&units, "502", 1).len(), 1);
    }

    #[test]
    fn rooms_are_found_however_they_are_typed() {
        let units = vec![
            unit("1栋", "1801", "王伟"),
            unit("2栋", "801", "张芳"),
            unit("2栋", "1801", "李娜"),
            unit("3栋", "801", "赵强"),
        ];
        let labels = |q| search(&units, q, 10).into_iter().map(|u| u.unit.as_str()).collect::<Vec<_>>();
        assert_eq!(
            labels("0801"),
            ["2栋-801", "3栋-801", "1栋-1801", "2栋-1801"],
            "exact rooms before suffixes"
        );
        assert_eq!(labels("2栋-0801"), ["2栋-801", "2栋-1801"]);
        assert_eq!(labels("2-801"), ["2栋-801", "2栋-1801"]);
        assert_eq!(labels("2栋 801")[0], "2栋-801");
        assert_eq!(labels("801")[..2], ["2栋-801", "3栋-801"]);
    }

    #[test]
    fn picked_by_building_then_floor() {
        let units =
            vec![unit("1栋", "1502", "王伟"), unit("3栋", "1502", "张芳"), unit("3栋", "502", "李娜")];
        assert_eq!(buildings(&units), ["1栋", "3栋"]);
        assert_eq!(floors(&units, "3栋"), [5, 15]);
        assert_eq!(on_floor(&units, "3栋", 15)[0].unit, "3栋-1502");
    }
}
