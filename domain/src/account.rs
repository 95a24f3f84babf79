//! Staff accounts: usernames and passwords, validated the same on the form and the server.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("username must be 3–32 characters: lowercase letters, digits, '.', '_' or '-'")]
    Username,
    #[error("password must be 8–128 characters")]
    PasswordLength,
    #[error("display name must be 1–40 characters")]
    DisplayName,
    #[error("PIN must be 6 digits, not one digit six times nor a straight run like 123456")]
    Pin,
    #[error("type your password or your PIN")]
    NoSecret,
}

impl AccountError {
    /// The form field this error belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            AccountError::Username => "username",
            AccountError::PasswordLength => "password",
            AccountError::DisplayName => "display_name",
            AccountError::Pin => "pin",
            AccountError::NoSecret => "secret",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, AccountError> {
        let s = input.trim().to_lowercase();
        let ok = (3..=32).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        if ok { Ok(Self(s)) } else { Err(AccountError::Username) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = AccountError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
impl From<Username> for String {
    fn from(value: Username) -> Self {
        value.0
    }
}

/// A new password. Length is the rule that matters (NIST SP 800-63B); no composition rules.
pub fn validate_new_password(password: &str) -> Result<(), AccountError> {
    if (8..=128).contains(&password.chars().count()) { Ok(()) } else { Err(AccountError::PasswordLength) }
}

/// A PIN a person sets for confirming on someone else's device (the handover): six digits.
/// Only ever checked against a throttle that disables it after a few wrong tries, so its
/// small space is bounded; the guessable ones (same digit, straight runs) are refused.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub const LENGTH: usize = 6;

    pub fn parse(input: &str) -> Result<Self, AccountError> {
        let digits: Vec<u8> = input.trim().bytes().collect();
        if digits.len() != Self::LENGTH || !digits.iter().all(u8::is_ascii_digit) {
            return Err(AccountError::Pin);
        }
        let steps: Vec<i16> = digits.windows(2).map(|w| i16::from(w[1]) - i16::from(w[0])).collect();
        let run = |d: i16| steps.iter().all(|&s| s == d);
        if run(0) || run(1) || run(-1) {
            return Err(AccountError::Pin);
        }
        Ok(Pin(input.trim().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never prints the digits.
impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(******)")
    }
}

/// What a person proves they are with, on a device signed in as someone else.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    Password(String),
    Pin(Pin),
}

impl Secret {
    /// The one secret typed on a colleague's device: a password or a well-formed PIN, not
    /// both and not neither.
    pub fn typed(password: &Option<String>, pin: &Option<String>) -> Result<Secret, AccountError> {
        match (password, pin) {
            (Some(p), None) if !p.is_empty() => Ok(Secret::Password(p.clone())),
            (None, Some(pin)) => Pin::parse(pin).map(Secret::Pin),
            _ => Err(AccountError::NoSecret),
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Secret::Password(_) => "Secret::Password(..)",
            Secret::Pin(_) => "Secret::Pin(..)",
        })
    }
}

pub fn validate_display_name(input: &str) -> Result<String, AccountError> {
    crate::property::validate_name(input).map_err(|_| AccountError::DisplayName)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_case_folded_and_restricted() {
        assert_eq!(Username::parse(" Desk1 ").unwrap().as_str(), "desk1");
        for bad in ["ab", "has space", "中文名", &"x".repeat(33)] {
            assert_eq!(Username::parse(bad), Err(AccountError::Username), "{bad}");
        }
    }

    #[test]
    fn passwords_by_length_only() {
        assert!(validate_new_password("correct horse").is_ok());
        assert!(validate_new_password("short").is_err());
        assert!(validate_new_password(&"x".repeat(129)).is_err());
        assert_eq!(AccountError::PasswordLength.field(), "password");
    }

    #[test]
    fn pins_are_six_digits_and_not_the_obvious_ones() {
        assert_eq!(Pin::parse(" 204817 ").unwrap().as_str(), "204817");
        for bad in ["20481", "2048170", "20481a", "000000", "777777", "123456", "654321", "", "２０４８１７"]
        {
            assert_eq!(Pin::parse(bad), Err(AccountError::Pin), "{bad}");
        }
        assert_eq!(format!("{:?}", Pin::parse("204817").unwrap()), "Pin(******)");
        assert_eq!(AccountError::Pin.field(), "pin");
    }
}
