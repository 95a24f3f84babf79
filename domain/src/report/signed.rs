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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFile {
    pub format: u32,
    pub property: String,
    pub month: String,
    /// When the file was written.
    pub written_at: crate::clock::Timestamp,
    /// `None`: the month is not closed; the figures are as of `written_at`.
    pub closed: Option<Closure>,
    pub figures: TicketFigures,
    pub fingerprints: Fingerprints,
    pub digest: String,
    /// The property's key (hex), which head office may pin (`steward rollup --trust`).
    pub public_key: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("not a Steward month file (format {0})")]
    Format(u32),
    #[error("the digest does not match the records' fingerprints: the file was altered")]
    Digest,
    #[error("the signature does not hold: the file was altered or not signed by its key")]
    Signature,
    #[error("signed by a key head office does not trust: {0}")]
    Untrusted(String),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl MonthFile {
    /// The bytes the signature covers: the whole file but the signature, as JSON.
    fn signed_bytes(&self) -> Vec<u8> {
        let unsigned = MonthFile { signature: String::new(), ..self.clone() };
        serde_json::to_vec(&unsigned).unwrap_or_default()
    }

    /// Signs the file with the property's secret key (its public half goes in the file).
    pub fn sign(mut self, secret: &[u8; 32]) -> MonthFile {
        let key = SigningKey::from_bytes(secret);
        self.public_key = hex(key.verifying_key().as_bytes());
        self.signature = String::new();
        self.signature = hex(&key.sign(&self.signed_bytes()).to_bytes());
        self
    }

    /// Whether the file holds: its format, its digest over its fingerprints, its signature,
    /// and (when head office names the keys it trusts) its key.
    pub fn check(&self, trusted: Option<&[String]>) -> Result<(), FileError> {
        if self.format != FORMAT {
            return Err(FileError::Format(self.format));
        }
        if digest(&self.fingerprints) != self.digest {
            return Err(FileError::Digest);
        }
        let key: [u8; 32] = unhex(&self.public_key).and_then(|b| b.try_into().ok()).ok_or(FileError::Signature)?;
        let sig: [u8; 64] = unhex(&self.signature).and_then(|b| b.try_into().ok()).ok_or(FileError::Signature)?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| FileError::Signature)?;
        key.verify_strict(&self.signed_bytes(), &Signature::from_bytes(&sig)).map_err(|_| FileError::Signature)?;
        if let Some(trusted) = trusted
            && !trusted.iter().any(|k| k.trim() == self.public_key)
        {
            return Err(FileError::Untrusted(self.public_key.clone()));
        }
        Ok(())
    }
}

/// Properties side by side: one row per figure, one column per file, in the files' order.
/// The first row names the properties and months.
pub fn rollup(files: &[MonthFile], english: bool) -> Vec<Vec<String>> {
    use super::words::name;
    let mut rows = vec![std::iter::once(String::new()).chain(files.iter().map(|f| format!("{} {}", f.property, f.month))).collect::<Vec<_>>()];
    let mut row = |label: String, cell: &dyn Fn(&TicketFigures) -> String| {
        rows.push(std::iter::once(label).chain(files.iter().map(|f| cell(&f.figures))).collect());
    };
    row(name("received", english), &|f| f.received.to_string());
    let keys: Vec<String> = files.first().map(|f| f.figures.rates.iter().map(|r| r.key.clone()).collect()).unwrap_or_default();
    for key in &keys {
        row(name(key, english), &|f| {
            f.rates
                .iter()
                .find(|r| &r.key == key)
                .and_then(|r| r.per_mille().map(|p| format!("{}.{}% ({}/{})", p / 10, p % 10, r.met, r.counted)))
                .unwrap_or_else(|| "—".into())
        });
    }
    let shares: Vec<String> = files.first().map(|f| f.figures.shares.iter().map(|s| s.key.clone()).collect()).unwrap_or_default();
    for key in &shares {
        row(name(key, english), &|f| f.shares.iter().find(|s| &s.key == key).map_or_else(String::new, |s| format!("{}/{}", s.part, s.whole)));
    }
    row(name("escalated", english), &|f| f.escalated.count.to_string());
    row(name("escalated_by_rules", english), &|f| f.escalated_by_rules.iter().map(|c| c.count).sum::<usize>().to_string());
    row(name("paid", english), &|f| format!("{} · {:.2} · {:.2}", f.paid.completed, f.paid.labour_fee as f64 / 100.0, f.paid.material_fee as f64 / 100.0));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Period, tickets::figures};

    fn file(property: &str) -> MonthFile {
        let nov = Period::month("2026-11").unwrap();
        let prints: Fingerprints = [("t1/t1".to_string(), super::super::close::fingerprint("a"))].into();
        MonthFile {
            format: FORMAT,
            property: property.into(),
            month: "2026-11".into(),
            written_at: "2026-12-01T02:00:00Z".parse().unwrap(),
            closed: None,
            figures: figures(nov, &[], "2026-12-01T02:00:00Z".parse().unwrap()),
            digest: digest(&prints),
            fingerprints: prints,
            public_key: String::new(),
            signature: String::new(),
        }
        .sign(&[7u8; 32])
    }

    #[test]
    fn a_signed_file_holds_and_any_change_to_it_does_not() {
        let f = file("示例花园");
        assert_eq!(f.check(None), Ok(()));
        let read: MonthFile = serde_json::from_str(&serde_json::to_string_pretty(&f).unwrap()).unwrap();
        assert_eq!(read.check(None), Ok(()), "written and read back, it still holds");
        let mut more = f.clone();
        more.figures.received = 99;
        assert_eq!(more.check(None), Err(FileError::Signature));
        let mut print = f.clone();
        print.fingerprints.insert("t2/t2".into(), "00".into());
        assert_eq!(print.check(None), Err(FileError::Digest));
        let resigned = MonthFile { figures: more.figures.clone(), ..f.clone() }.sign(&[9u8; 32]);
        assert_eq!(resigned.check(None), Ok(()), "anyone can sign their own file");
        assert!(matches!(resigned.check(Some(&[f.public_key.clone()])), Err(FileError::Untrusted(_))), "but not as a trusted property");
        assert_eq!(f.check(Some(&[f.public_key.clone()])), Ok(()));
    }

    #[test]
    fn properties_side_by_side() {
        let rows = rollup(&[file("示例花园"), file("滨江苑")], false);
        assert_eq!(rows[0], vec!["".to_string(), "示例花园 2026-11".into(), "滨江苑 2026-11".into()]);
        assert_eq!(rows[1], vec!["受理工单".to_string(), "0".into(), "0".into()]);
        assert!(rows.iter().any(|r| r[0] == "20分钟内到场" && r[1] == "—"));
    }
}
