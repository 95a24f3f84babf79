//! Record ids: UUIDs made on the device (8-4-4-4-12 hex digits), so a record has its id
//! before it reaches the server. Anything else did not come from one of our devices.

pub fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id
            .char_indices()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
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
}
