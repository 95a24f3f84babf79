//! Record ids: UUIDs made on the device (8-4-4-4-12 hex digits), so a record has its id
//! before it reaches the server. Anything else did not come from one of our devices.

pub fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id
            .char_indices()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

/// The id of the one record `parent` may have for `unit` (a home's reply to a notice, its
/// answers to a survey), the same on every device: two phones at the same door write the
/// same record, so a home is counted once however many staff reached it. Shaped as a UUID
/// (version nibble 8, "custom") from the SHA-256 of what it stands for.
pub fn derived(parent: &str, unit: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{parent}\u{1f}{unit}").as_bytes());
    let mut hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    hex.replace_range(12..13, "8");
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_uuid_shape_passes() {
        assert!(is_uuid("0192f7a0-1c2b-7d3e-8f40-5a6b7c8d9e0f"));
        assert!(!is_uuid(&"-".repeat(36)));
        assert!(!is_uuid("0192f7a01c2b7d3e8f405a6b7c8d9e0f----"));
        assert!(!is_uuid("0192f7a0-1c2b-7d3e-8f40-5a6b7c8d9e0"));
        assert!(!is_uuid("0192f7a0-1c2b-7d3e-8f40-5a6b7c8d9e0g"));
    }

    #[test]
    fn a_derived_id_is_a_uuid_and_one_per_home() {
        let a = derived("0192f7a0-1c2b-7d3e-8f40-5a6b7c8d9e0f", "3栋-1502");
        assert!(is_uuid(&a));
        assert_eq!(a, derived("0192f7a0-1c2b-7d3e-8f40-5a6b7c8d9e0f", "3栋-1502"));
        assert_ne!(a, derived("0192f7a0-1c2b-7d3e-8f40-5a6b7c8d9e0f", "3栋-1503"));
    }
}
