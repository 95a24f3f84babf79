//! The month file a property sends head office: its figures, the fingerprint of every record
//! they were computed from and their digest (as a month close keeps them), and — when the
//! month is closed — the close's name, time and chain hash; signed with the property's key.
//! Head office checks each file (the digest over the fingerprints, the signature over the
//! whole) before it rolls properties up side by side; a file that does not hold is refused.

use super::close::{Fingerprints, digest};
use super::tickets::TicketFigures;
use crate::release::pass::unhex;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// This file's layout (a later one says so).
pub const FORMAT: u32 = 1;

/// The month close the figures are, if the month was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub closed_by: String,
    pub closed_at: crate::clock::Timestamp,
    pub hash: String,
}

/// What a property says of its month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Month {
    pub property: String,
    pub month: String,
    /// When the file was written.
    pub written_at: crate::clock::Timestamp,
    /// `None`: the month is not closed; the figures are as of `written_at`.
    pub closed: Option<Closure>,
    pub figures: TicketFigures,
    pub fingerprints: Fingerprints,
    pub digest: String,
}

/// The file: the month as the exact JSON text that was signed, the property's key and the
/// signature over that text (checked before the text is read, so no reading of it — a
/// newer build's added fields, say — can change what was signed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFile {
    pub format: u32,
    pub payload: String,
    /// The property's key (hex), which head office pins (`steward rollup --trust`).
    pub public_key: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("not a Steward month file (format {0})")]
    Format(u32),
    #[error("the signature does not hold: the file was altered or not signed by its key")]
    Signature,
    #[error("the digest does not match the records' fingerprints: the file was altered")]
    Digest,
    #[error("signed by a key head office does not trust: {0}")]
    Untrusted(String),
    #[error("signed by the key of {trusted}, but says it is {says}")]
    WrongProperty { trusted: String, says: String },
}

/// The keys head office trusts, each with the property it belongs to (if named): a file
/// signed by a property's key must say it is that property.
pub struct Trust(pub Vec<(String, Option<String>)>);

impl Trust {
    /// One key a line, hex, then optionally the property's name: `ab12… 示例花园`.
    pub fn parse(text: &str) -> Trust {
        Trust(
            text.lines()
                .filter_map(|l| {
                    let l = l.trim();
                    let (key, name) = l
                        .split_once(char::is_whitespace)
                        .map_or((l, None), |(k, n)| (k, Some(n.trim().to_string())));
                    (!key.is_empty()).then(|| (key.to_string(), name.filter(|n| !n.is_empty())))
                })
                .collect(),
        )
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl MonthFile {
    /// The month signed with the property's secret key (its public half goes in the file).
    pub fn sign(month: &Month, secret: &[u8; 32]) -> MonthFile {
        let key = SigningKey::from_bytes(secret);
        let payload = serde_json::to_string(month).unwrap_or_default();
        MonthFile {
            format: FORMAT,
            signature: hex(&key.sign(payload.as_bytes()).to_bytes()),
            public_key: hex(key.verifying_key().as_bytes()),
            payload,
        }
    }

    /// The month, once the file holds: its format, its signature over the text as written,
    /// its digest over its fingerprints, and (when head office names the keys it trusts)
    /// its key and the property that key belongs to.
    pub fn open(&self, trust: Option<&Trust>) -> Result<Month, FileError> {
        if self.format != FORMAT {
            return Err(FileError::Format(self.format));
        }
        let key: [u8; 32] =
            unhex(&self.public_key).and_then(|b| b.try_into().ok()).ok_or(FileError::Signature)?;
        let sig: [u8; 64] =
            unhex(&self.signature).and_then(|b| b.try_into().ok()).ok_or(FileError::Signature)?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| FileError::Signature)?;
        key.verify_strict(self.payload.as_bytes(), &Signature::from_bytes(&sig))
            .map_err(|_| FileError::Signature)?;
        let month: Month = serde_json::from_str(&self.payload).map_err(|_| FileError::Signature)?;
        if digest(&month.fingerprints) != month.digest {
            return Err(FileError::Digest);
        }
        if let Some(trust) = trust {
            let Some((_, name)) = trust.0.iter().find(|(k, _)| k == &self.public_key) else {
                return Err(FileError::Untrusted(self.public_key.clone()));
            };
            if let Some(name) = name.as_ref().filter(|n| **n != month.property) {
                return Err(FileError::WrongProperty { trusted: name.clone(), says: month.property.clone() });
            }
        }
        Ok(month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Period, tickets::figures};

    fn month(property: &str) -> Month {
        let nov = Period::month("2026-11").unwrap();
        let prints: Fingerprints = [("t1/t1".to_string(), super::super::close::fingerprint("a"))].into();
        Month {
            property: property.into(),
            month: "2026-11".into(),
            written_at: "2026-12-01T02:00:00Z".parse().unwrap(),
            closed: None,
            figures: figures(nov, &[], "2026-12-01T02:00:00Z".parse().unwrap()),
            digest: digest(&prints),
            fingerprints: prints,
        }
    }

    #[test]
    fn a_signed_file_holds_and_any_change_to_it_does_not() {
        let m = month("示例花园");
        let f = MonthFile::sign(&m, &[7u8; 32]);
        assert_eq!(f.open(None), Ok(m.clone()));
        let read: MonthFile = serde_json::from_str(&serde_json::to_string_pretty(&f).unwrap()).unwrap();
        assert_eq!(read.open(None), Ok(m.clone()), "written and read back, it still holds");
        let altered =
            MonthFile { payload: f.payload.replace("\"received\":0", "\"received\":9"), ..f.clone() };
        assert_ne!(altered.payload, f.payload);
        assert_eq!(altered.open(None), Err(FileError::Signature));
        let mut reprinted = m.clone();
        reprinted.fingerprints.insert("t2/t2".into(), "00".into());
        assert_eq!(MonthFile::sign(&reprinted, &[7u8; 32]).open(None), Err(FileError::Digest));
        // Anyone can sign their own file: head office names the keys it trusts, and whose.
        let other = MonthFile::sign(&m, &[9u8; 32]);
        assert_eq!(other.open(None), Ok(m.clone()));
        let trust = Trust::parse(&format!("{} 示例花园\n", f.public_key));
        assert!(matches!(other.open(Some(&trust)), Err(FileError::Untrusted(_))));
        assert_eq!(f.open(Some(&trust)), Ok(m.clone()));
        let posing = MonthFile::sign(&month("滨江苑"), &[7u8; 32]);
        assert!(
            matches!(posing.open(Some(&trust)), Err(FileError::WrongProperty { .. })),
            "one property's key cannot speak for another"
        );
        assert_eq!(
            posing.open(Some(&Trust::parse(&f.public_key))),
            Ok(month("滨江苑")),
            "a key named without its property"
        );
    }
}
