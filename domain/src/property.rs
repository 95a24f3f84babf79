//! The property register: buildings (楼栋) → units (房号) → owners/residents (业主/住户).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PropertyError {
    #[error("building name is empty")]
    BuildingEmpty,
    #[error("building name is longer than 20 characters")]
    BuildingTooLong,
    #[error("unit number must be 3–6 digits, floor first (e.g. 1502), optionally followed by a letter")]
    UnitFormat,
    #[error("unknown unit status (use 已入住/空置/装修中 or occupied/vacant/decorating)")]
    UnitStatus,
    #[error(
        "a name must be 1–40 visible characters, without line breaks, control or direction-changing characters"
    )]
    Name,
}

/// A building's name as the property writes it: `3栋`, `A座`, `1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BuildingName(String);

impl BuildingName {
    pub fn parse(input: &str) -> Result<Self, PropertyError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(PropertyError::BuildingEmpty);
        }
        if s.chars().count() > 20 {
            return Err(PropertyError::BuildingTooLong);
        }
        // A bare number is a building number: give it the 栋 staff write on every form.
        if s.chars().all(|c| c.is_ascii_digit()) {
            return Ok(Self(format!("{s}栋")));
        }
        Ok(Self(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A unit number within a building: floor then room, `1502` = 15th floor, room 02.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitNumber(String);

impl UnitNumber {
    pub fn parse(input: &str) -> Result<Self, PropertyError> {
        let s = input.trim().to_ascii_uppercase();
        let digits = s.trim_end_matches(|c: char| c.is_ascii_uppercase());
        let suffix = &s[digits.len()..];
        let ok = (3..=6).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0')
            && suffix.len() <= 1;
        if ok { Ok(Self(s)) } else { Err(PropertyError::UnitFormat) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The floor: every digit but the last two (`1502` → 15, `302` → 3).
    pub fn floor(&self) -> u32 {
        let digits = self.0.trim_end_matches(|c: char| c.is_ascii_uppercase());
        digits[..digits.len() - 2].parse().unwrap_or(0)
    }
}

/// The label staff use for a unit: `3栋-1502`.
pub fn unit_label(building: &str, unit: &str) -> String {
    format!("{building}-{unit}")
}

/// A unit as typed (`2-801`, `2栋801`, `2栋－801`, ` 2栋-801 `) in the register's label form
/// (`2栋-801`), so a look-up by unit (its arrears, its restrictions) finds it however the
/// desk typed it. Anything that does not read as a building and a unit stays as typed.
pub fn canonical_unit(input: &str) -> String {
    parse_unit(input).unwrap_or_else(|| input.trim().to_string())
}

/// A unit as typed in the register's label form, or `None` when it does not read as a
/// building and a unit (`1栋机房`, `地下车库`).
pub fn parse_unit(input: &str) -> Option<String> {
    let s: String = input
        .trim()
        .chars()
        .map(|c| if matches!(c, '－' | '—' | '–' | '_' | ' ') { '-' } else { c })
        .collect();
    let (building, unit) = match s.rfind('-') {
        Some(i) => (&s[..i], &s[i + 1..]),
        // `2栋801`: the unit is the trailing digits (and a letter).
        None => {
            let split = s.trim_end_matches(|c: char| c.is_ascii_alphanumeric());
            if split.is_empty() { ("", "") } else { (split, &s[split.len()..]) }
        }
    };
    match (
        BuildingName::parse(building.trim_end_matches('-')),
        UnitNumber::parse(unit.trim_start_matches('0')),
    ) {
        (Ok(b), Ok(u)) => Some(unit_label(b.as_str(), u.as_str())),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    /// 已入住
    #[default]
    Occupied,
    /// 空置
    Vacant,
    /// 装修中
    Decorating,
}

impl UnitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Occupied => "occupied",
            UnitStatus::Vacant => "vacant",
            UnitStatus::Decorating => "decorating",
        }
    }

    /// As the property's spreadsheet says it.
    pub fn zh(self) -> &'static str {
        match self {
            UnitStatus::Occupied => "已入住",
            UnitStatus::Vacant => "空置",
            UnitStatus::Decorating => "装修中",
        }
    }

    /// Accepts the Chinese words from a property's spreadsheet and the English codes.
    pub fn parse(input: &str) -> Result<Self, PropertyError> {
        match input.trim() {
            "" | "已入住" | "入住" | "occupied" => Ok(UnitStatus::Occupied),
            "空置" | "空置房" | "vacant" => Ok(UnitStatus::Vacant),
            "装修中" | "装修" | "decorating" => Ok(UnitStatus::Decorating),
            _ => Err(PropertyError::UnitStatus),
        }
    }
}

/// A person's name as written on a form (owner, resident, staff display name).
/// The one rule for a person's or company's name, wherever one is typed or imported: 1–40
/// characters, no control characters (NUL, line breaks, tabs), no bidirectional overrides
/// (which make a name print reversed), and something visible besides invisible characters.
pub fn validate_name(input: &str) -> Result<String, PropertyError> {
    let s = input.trim();
    let controls = s.chars().any(|c| c.is_control() || bidi_control(c));
    let visible = s.chars().any(|c| !c.is_whitespace() && !invisible(c));
    if controls || !visible || s.chars().count() > 40 {
        return Err(PropertyError::Name);
    }
    Ok(s.to_string())
}

fn bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{3164}' | '\u{115f}' | '\u{1160}')
}

macro_rules! string_newtype_conversions {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = PropertyError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }
        impl From<$t> for String {
            fn from(value: $t) -> Self {
                value.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
string_newtype_conversions!(BuildingName);
string_newtype_conversions!(UnitNumber);

#[cfg(test)]
mod tests {
    #[test]
    fn a_unit_reads_as_the_register_labels_it_however_it_was_typed() {
        for typed in ["2栋-801", "2-801", "2栋801", "2栋－801", " 2栋-801 ", "2栋-0801", "2 801"] {
            assert_eq!(super::canonical_unit(typed), "2栋-801", "{typed}");
        }
        assert_eq!(super::canonical_unit("A座-1502b"), "A座-1502B");
        assert_eq!(super::canonical_unit("商铺"), "商铺");
    }

    use super::*;

    #[test]
    fn building_names() {
        assert_eq!(BuildingName::parse(" 3 ").unwrap().as_str(), "3栋");
        assert_eq!(BuildingName::parse("A座").unwrap().as_str(), "A座");
        assert_eq!(BuildingName::parse(""), Err(PropertyError::BuildingEmpty));
        assert_eq!(BuildingName::parse(&"楼".repeat(21)), Err(PropertyError::BuildingTooLong));
    }

    #[test]
    fn unit_numbers_and_floors() {
        let u = UnitNumber::parse("1502").unwrap();
        assert_eq!(u.floor(), 15);
        assert_eq!(UnitNumber::parse("302").unwrap().floor(), 3);
        assert_eq!(UnitNumber::parse("1502a").unwrap().as_str(), "1502A");
        for bad in ["", "12", "0502", "15-02", "1502AB", "1234567"] {
            assert_eq!(UnitNumber::parse(bad), Err(PropertyError::UnitFormat), "{bad}");
        }
    }

    #[test]
    fn statuses_from_spreadsheets() {
        assert_eq!(UnitStatus::parse("空置"), Ok(UnitStatus::Vacant));
        assert_eq!(UnitStatus::parse(""), Ok(UnitStatus::Occupied));
        assert_eq!(UnitStatus::parse("decorating"), Ok(UnitStatus::Decorating));
        assert!(UnitStatus::parse("sold").is_err());
    }

    #[test]
    fn labels() {
        assert_eq!(unit_label("3栋", "1502"), "3栋-1502");
    }
}
