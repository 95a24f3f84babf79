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
}

impl AccountError {
    /// The form field this error belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            AccountError::Username => "username",
            AccountError::PasswordLength => "password",
            AccountError::DisplayName => "display_name",
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
}
