//! Photos taken on a device (intake at the counter, before/after on the engineer's phone,
//! patrol findings): resized on the device, referenced by records, uploaded on their own so
//! a record never waits for its pictures and a weak connection only delays the pictures.

use crate::apply::{ApplyError, RejectionCode, reject};
use crate::field::Field;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Longest side after the device resizes a camera photo: readable detail (a meter, a crack)
/// at a few hundred KB.
pub const MAX_SIDE: u32 = 1600;
/// What the server accepts for one photo, after resizing.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;
/// Photos attached in one go.
pub const MAX_PER_STEP: usize = 20;

/// Photos go up in pieces of this size: on a weak connection a dropped request costs one
/// piece, and the next try starts where the server's copy ends.
pub const CHUNK_BYTES: u64 = 128 * 1024;

/// The server's answer to each piece: how much of the photo it holds, and whether it is
/// complete (checked against its SHA-256 and stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadState {
    pub offset: u64,
    pub done: bool,
}

/// A photo as a record refers to it; the bytes travel separately (`PUT /api/photos/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoRef {
    /// UUID made on the device.
    pub id: String,
    /// Hex SHA-256 of the bytes: the server refuses an upload that does not match.
    pub sha256: String,
    pub bytes: u64,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The size to draw a `width` × `height` photo at so its longest side is at most
/// [`MAX_SIDE`] (never enlarged).
pub fn fit(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= MAX_SIDE || longest == 0 {
        return (width, height);
    }
    let scale = MAX_SIDE as f64 / longest as f64;
    (((width as f64 * scale).round() as u32).max(1), ((height as f64 * scale).round() as u32).max(1))
}

/// Only the formats devices produce (JPEG from the canvas, WebP, PNG), by their first bytes.
pub fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || (bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP")
}

pub fn content_type(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else if bytes.starts_with(b"RIFF") {
        "image/webp"
    } else {
        "image/jpeg"
    }
}

/// Checks the references a mutation carries.
pub fn check_refs(photos: &[PhotoRef]) -> Result<(), ApplyError> {
    let bad = |m: &str| reject(RejectionCode::Invalid, Some(Field::Photos), m.to_string());
    if photos.is_empty() || photos.len() > MAX_PER_STEP {
        return Err(bad("1 to 20 photos at a time"));
    }
    for p in photos {
        let uuid = crate::ids::is_uuid(&p.id);
        let hash = p.sha256.len() == 64 && p.sha256.chars().all(|c| c.is_ascii_hexdigit());
        if !uuid || !hash || p.bytes == 0 || p.bytes > MAX_BYTES {
            return Err(bad("a photo reference is malformed or too large"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo() -> PhotoRef {
        PhotoRef {
            id: "0190f5c2-7d1a-7000-8000-000000000001".into(),
            sha256: "ab".repeat(32),
            bytes: 300_000,
        }
    }

    #[test]
    fn camera_photos_shrink_to_the_longest_side() {
        assert_eq!(fit(4032, 3024), (1600, 1200));
        assert_eq!(fit(3024, 4032), (1200, 1600));
        assert_eq!(fit(800, 600), (800, 600), "never enlarged");
    }

    #[test]
    fn references_and_bytes_are_checked() {
        assert!(check_refs(&[photo()]).is_ok());
        assert!(check_refs(&[]).is_err());
        assert!(check_refs(&vec![photo(); MAX_PER_STEP + 1]).is_err());
        assert!(check_refs(&[PhotoRef { bytes: MAX_BYTES + 1, ..photo() }]).is_err());
        assert!(check_refs(&[PhotoRef { sha256: "xyz".into(), ..photo() }]).is_err());
        assert!(is_image(&[0xFF, 0xD8, 0xFF, 0xE0]) && !is_image(b"<script>"));
        assert_eq!(sha256_hex(b"abc").len(), 64);
    }
}
