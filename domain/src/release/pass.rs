//! What the slip's QR code carries, signed by the issuing device's own key: the slip, the
//! unit, the goods and the days it is good for. The gate checks the signature offline
//! against the device keys synced to it.

use chrono::NaiveDate;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// One kind of goods and how many. Short names on the wire: the code printed on the slip
/// stays small enough for a phone's camera to read off paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassItem {
    #[serde(rename = "n")]
    pub name: String,
    #[serde(rename = "q")]
    pub quantity: u32,
}

/// The signed part of a slip. Its JSON (fields in this order, no maps) is the signed bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipPass {
    #[serde(rename = "s")]
    pub slip_id: String,
    #[serde(rename = "u")]
    pub unit: String,
    #[serde(rename = "i")]
    pub items: Vec<PassItem>,
    #[serde(rename = "p", default)]
    pub plate: Option<String>,
    #[serde(rename = "f")]
    pub from: NaiveDate,
    #[serde(rename = "t")]
    pub until: NaiveDate,
    /// The issuing device's key (its id as registered with the server).
    #[serde(rename = "k")]
    pub key_id: String,
}

/// A pass with its signature: what the QR code holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedPass {
    #[serde(rename = "p")]
    pub pass: SlipPass,
    /// The Ed25519 signature of [`SlipPass::signed_bytes`], hex.
    #[serde(rename = "g")]
    pub signature: String,
}

/// The longest code a phone's camera reads reliably off a printed slip: a QR code of
/// version 25 at medium correction holds 997 bytes (a 12-item slip is about 600).
pub const MAX_QR_BYTES: usize = 990;

/// What a QR code's text starts with, so a guard scanning something else is told so.
pub const QR_PREFIX: &str = "STEWARD-SLIP1:";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassError {
    #[error("not a Steward slip's code")]
    NotASlip,
    #[error("the signature does not match: the slip was altered or not issued by that device")]
    BadSignature,
    #[error("the key or signature is not well formed")]
    Malformed,
}

impl SlipPass {
    pub fn signed_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn sign(self, key: &SigningKey) -> SignedPass {
        let signature = hex(&key.sign(&self.signed_bytes()).to_bytes());
        SignedPass { pass: self, signature }
    }
}

/// Whether the device key `public_hex` signed `bytes` with `signature` (hex): the one check
/// behind every code a desk signs (slips, visitors' day passes).
pub fn verify_signed(public_hex: &str, bytes: &[u8], signature: &str) -> Result<(), PassError> {
    let key: [u8; 32] = unhex(public_hex).and_then(|b| b.try_into().ok()).ok_or(PassError::Malformed)?;
    let sig: [u8; 64] = unhex(signature).and_then(|b| b.try_into().ok()).ok_or(PassError::Malformed)?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| PassError::Malformed)?;
    key.verify_strict(bytes, &Signature::from_bytes(&sig)).map_err(|_| PassError::BadSignature)
}

impl SignedPass {
    /// The text to put in the QR code.
    pub fn qr_text(&self) -> String {
        format!("{QR_PREFIX}{}", serde_json::to_string(self).unwrap_or_default())
    }

    /// Reads a scanned code (its signature is not yet checked).
    pub fn from_qr(text: &str) -> Result<SignedPass, PassError> {
        let json = text.trim().strip_prefix(QR_PREFIX).ok_or(PassError::NotASlip)?;
        serde_json::from_str(json).map_err(|_| PassError::NotASlip)
    }

    /// Whether the device key `public_hex` signed exactly this pass.
    pub fn verify(&self, public_hex: &str) -> Result<(), PassError> {
        verify_signed(public_hex, &self.pass.signed_bytes(), &self.signature)
    }
}

/// A device's public key, hex, as registered with the server.
pub fn public_hex(key: &SigningKey) -> String {
    hex(key.verifying_key().as_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

/// An issuing device's secret key: made from 32 random bytes on the device, kept there, and
/// never sent anywhere (only its public half is registered).
#[derive(Clone)]
pub struct DeviceSecret(SigningKey);

impl DeviceSecret {
    pub fn from_bytes(bytes: [u8; 32]) -> DeviceSecret {
        DeviceSecret(SigningKey::from_bytes(&bytes))
    }

    pub fn from_hex(s: &str) -> Option<DeviceSecret> {
        unhex(s).and_then(|b| b.try_into().ok()).map(DeviceSecret::from_bytes)
    }

    pub fn to_hex(&self) -> String {
        hex(self.0.as_bytes())
    }

    pub fn public_hex(&self) -> String {
        public_hex(&self.0)
    }

    pub fn sign(&self, pass: SlipPass) -> SignedPass {
        pass.sign(&self.0)
    }

    /// The signature (hex) of any code this device issues.
    pub fn signature_of(&self, bytes: &[u8]) -> String {
        hex(&self.0.sign(bytes).to_bytes())
    }
}

impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceSecret(…)")
    }
}
