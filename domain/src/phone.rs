//! Phone numbers of owners and residents, and their masking (业户档案保密).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error(
        "phone number must be an 11-digit mobile (1xxxxxxxxxx), a landline with area code (0xx-xxxxxxxx), or an international number (+852 9123 4567)"
    )]
    Format,
}

/// A validated phone number, stored without spaces: `13812345678`, `0755-88881234`, or an
/// owner abroad in E.164 form, `+85291234567`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let cleaned: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let cleaned = cleaned.strip_prefix("+86").unwrap_or(&cleaned).to_string();
        if cleaned.is_empty() {
            return Err(PhoneError::Empty);
        }
        if let Some(rest) = cleaned.strip_prefix('+') {
            // E.164: a country code and number, 8–15 digits in all, never starting with 0.
            let digits: String = rest.chars().filter(|c| !matches!(c, '-' | '(' | ')')).collect();
            let ok = digits.chars().all(|c| c.is_ascii_digit()) && (8..=15).contains(&digits.len());
            return if ok && !digits.starts_with('0') {
                Ok(Self(format!("+{digits}")))
            } else {
                Err(PhoneError::Format)
            };
        }
        if is_mobile(&cleaned) {
            return Ok(Self(cleaned));
        }
        // Landline: area code 0 + 2..3 digits, then 7..8 digits, optional dash between.
        let digits: String = cleaned.chars().filter(|c| *c != '-').collect();
        let dashes = cleaned.matches('-').count();
        let all_digits = digits.chars().all(|c| c.is_ascii_digit());
        if all_digits && dashes <= 1 && digits.starts_with('0') && (10..=12).contains(&digits.len()) {
            let area_len = if matches!(&digits[..2], "01" | "02") { 3 } else { 4 };
            return Ok(Self(format!("{}-{}", &digits[..area_len], &digits[area_len..])));
        }
        Err(PhoneError::Format)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form shown everywhere except where staff must call: `138****5678`, `0755-****1234`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

fn is_mobile(s: &str) -> bool {
    s.len() == 11 && s.starts_with('1') && s.chars().all(|c| c.is_ascii_digit()) && s.as_bytes()[1] >= b'3'
}

/// Masks whatever looks like a phone number, keeping its first three and last four digits.
/// Total on any input so a malformed legacy value never leaks unmasked.
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if let Some(dash) = s.find('-') {
        let (area, rest) = s.split_at(dash + 1);
        let rest: Vec<char> = rest.chars().collect();
        let keep = rest.len().saturating_sub(4);
        return format!("{area}{}{}", "*".repeat(keep), rest[keep..].iter().collect::<String>());
    }
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_are_normalised_and_masked() {
        let p = PhoneNumber::parse(" 138 1234 5678 ").unwrap();
        assert_eq!(p.as_str(), "13812345678");
        assert_eq!(p.masked(), "138****5678");
        assert_eq!(PhoneNumber::parse("+8613812345678").unwrap().as_str(), "13812345678");
    }

    #[test]
    fn landlines_keep_area_code() {
        let p = PhoneNumber::parse("075588881234").unwrap();
        assert_eq!(p.as_str(), "0755-88881234");
        assert_eq!(p.masked(), "0755-****1234");
        assert_eq!(PhoneNumber::parse("010-12345678").unwrap().as_str(), "010-12345678");
    }

    #[test]
    fn rejects_what_is_not_a_phone() {
        assert_eq!(PhoneNumber::parse(""), Err(PhoneError::Empty));
        for bad in ["12345", "1381234567", "23812345678", "12812345678", "abc", "0755--8888"] {
            assert_eq!(PhoneNumber::parse(bad), Err(PhoneError::Format), "{bad}");
        }
    }

    #[test]
    fn mask_never_shows_the_middle_even_of_junk() {
        assert_eq!(mask("123"), "***");
        assert_eq!(mask("98765432101"), "987****2101");
    }

    #[test]
    fn deserializing_validates() {
        assert!(serde_json::from_str::<PhoneNumber>("\"13812345678\"").is_ok());
        assert!(serde_json::from_str::<PhoneNumber>("\"hello\"").is_err());
    }
}
