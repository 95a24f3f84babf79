//! How many of the homes a notice or a survey is meant for it has reached, building by
//! building, and which homes are left: the desk follows up the missing ones door to door.
//! One rule for notices and surveys, on the device (over its unit directory) and on the
//! server (over the register) alike.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How a home was reached: a notice's reading, a survey's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// At the counter.
    Desk,
    /// 上门: the butler or patrol officer at the door, on the phone.
    DoorToDoor,
    /// The household, from the poster's QR code.
    OwnerPage,
}

/// One building's count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildingCoverage {
    pub building: String,
    /// Homes in the audience.
    pub homes: usize,
    /// Homes reached (read the notice, answered the survey).
    pub reached: usize,
    /// The homes not reached, in register order.
    pub missing: Vec<String>,
}

impl BuildingCoverage {
    /// Reached, in whole percent (rounded down: 69.9 % has not met 70 %).
    pub fn percent(&self) -> u32 {
        percent(self.reached, self.homes)
    }

    /// Whether `target` percent of the building's homes were reached.
    pub fn meets(&self, target: u32) -> bool {
        self.homes > 0 && (self.reached as u64) * 100 >= (self.homes as u64) * target as u64
    }
}

/// Whole percent, rounded down; 0 of 0 is 0.
pub fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 { 0 } else { ((part as u64 * 100) / whole as u64) as u32 }
}

/// The building part of a unit label: `3栋-1502` → `3栋`.
pub fn building_of(unit: &str) -> &str {
    unit.rsplit_once('-').map(|(b, _)| b).unwrap_or(unit)
}

/// Coverage of `homes` (unit labels, in register order, already narrowed to the audience;
/// vacant units left out by the caller, as nobody lives there to reach)
/// by the homes in `reached`, per building in the order the buildings first appear.
pub fn per_building<'a>(
    homes: impl IntoIterator<Item = &'a str>,
    reached: &BTreeSet<String>,
) -> Vec<BuildingCoverage> {
    let mut out: Vec<BuildingCoverage> = Vec::new();
    for unit in homes {
        let building = building_of(unit);
        let row = match out.iter().position(|b| b.building == building) {
            Some(i) => &mut out[i],
            None => {
                out.push(BuildingCoverage {
                    building: building.to_string(),
                    homes: 0,
                    reached: 0,
                    missing: Vec::new(),
                });
                out.last_mut().expect("just pushed")
            }
        };
        row.homes += 1;
        if reached.contains(unit) {
            row.reached += 1;
        } else {
            row.missing.push(unit.to_string());
        }
    }
    out
}

/// The whole audience's count: homes, reached.
pub fn total(rows: &[BuildingCoverage]) -> (usize, usize) {
    rows.iter().fold((0, 0), |(h, r), b| (h + b.homes, r + b.reached))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_per_building_with_the_homes_left() {
        let homes = ["1栋-101", "1栋-102", "1栋-201", "2栋-101", "2栋-102"];
        let reached: BTreeSet<String> = ["1栋-102", "2栋-101", "2栋-102", "9栋-101"].map(String::from).into();
        let rows = per_building(homes, &reached);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].homes, rows[0].reached), (3, 1));
        assert_eq!(rows[0].missing, ["1栋-101", "1栋-201"]);
        assert_eq!(rows[0].percent(), 33);
        assert!(!rows[0].meets(70));
        assert!(rows[1].meets(70));
        // A reply from a home outside the audience does not count.
        assert_eq!(total(&rows), (5, 3));
    }

    #[test]
    fn seventy_percent_is_met_exactly_not_by_rounding() {
        let row =
            |homes, reached| BuildingCoverage { building: "1栋".into(), homes, reached, missing: vec![] };
        assert!(row(10, 7).meets(70));
        assert!(!row(1000, 699).meets(70));
        assert_eq!(row(1000, 699).percent(), 69);
        assert!(!row(0, 0).meets(70));
    }
}
