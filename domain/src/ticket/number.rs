//! Ticket numbers staff read out over the phone: `T2611-0042` = November 2026, 42nd.
//! The server assigns them (a device offline cannot know the month's count); until then a
//! device shows the ticket as provisional.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TicketNumber {
    pub year: u16,
    pub month: u8,
    pub seq: u32,
}

impl TicketNumber {
    pub fn parse(s: &str) -> Option<TicketNumber> {
        let s = s.trim().to_ascii_uppercase();
        let rest = s.strip_prefix('T')?;
        let (yymm, seq) = rest.split_once('-')?;
        if yymm.len() != 4 || seq.len() < 4 || !yymm.chars().chain(seq.chars()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let month: u8 = yymm[2..].parse().ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        Some(TicketNumber { year: 2000 + yymm[..2].parse::<u16>().ok()?, month, seq: seq.parse().ok()? })
    }
}

/// The device's own reference for a ticket the server has not numbered yet (a receipt
/// printed offline): the random tail of its id, `7F3A-91C2`. The desk finds the ticket by
/// it, and the receipt's QR works offline already.
pub fn provisional(id: &str) -> String {
    let hex: String = id.chars().filter(char::is_ascii_hexdigit).collect();
    let tail = &hex[hex.len().saturating_sub(8)..];
    let (a, b) = tail.split_at(tail.len() / 2);
    format!("{}-{}", a.to_ascii_uppercase(), b.to_ascii_uppercase())
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T{:02}{:02}-{:04}", self.year % 100, self.month, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_made_offline_has_a_reference_of_its_own() {
        assert_eq!(provisional("0190f5c2-7d1a-7000-8000-00007f3a91c2"), "7F3A-91C2");
    }

    #[test]
    fn numbers_format_and_parse() {
        let n = TicketNumber { year: 2026, month: 11, seq: 42 };
        assert_eq!(n.to_string(), "T2611-0042");
        assert_eq!(TicketNumber::parse("t2611-0042"), Some(n));
        assert_eq!(TicketNumber { year: 2026, month: 1, seq: 12345 }.to_string(), "T2601-12345");
        for bad in ["", "2611-0042", "T2613-0001", "T26110042", "T2611-42", "T2611-00x2"] {
            assert_eq!(TicketNumber::parse(bad), None, "{bad}");
        }
    }
}
