//! Money as the desk writes it (yuan, up to two decimals) and as it is stored (fen, whole
//! numbers, so sums never drift).

/// `"120.5"` → 12050 fen; blank is 0; anything else (negative, three decimals, letters)
/// is `None`. Parsed digit by digit: no float rounding.
pub fn parse_yuan(input: &str) -> Option<u64> {
    let s = input.trim().trim_start_matches('¥').trim();
    if s.is_empty() {
        return Some(0);
    }
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && frac.is_empty()
        || !digits(whole)
        || !digits(frac)
        || frac.len() > 2
        || whole.len() > 9
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: u64 = format!("{frac:0<2}").parse().ok()?;
    Some(whole * 100 + frac)
}

/// 12050 fen → `¥120.50`.
pub fn format_yuan(fen: u64) -> String {
    format!("¥{}.{:02}", fen / 100, fen % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_in_fen_out() {
        assert_eq!(parse_yuan("35.5"), Some(3550));
        assert_eq!(parse_yuan(" 50 "), Some(5000));
        assert_eq!(parse_yuan("¥0.05"), Some(5));
        assert_eq!(parse_yuan(".5"), Some(50));
        assert_eq!(parse_yuan(""), Some(0));
        for bad in ["-3", "1.234", "abc", "1e3", ".", "1.2.3"] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
        assert_eq!(format_yuan(3550), "¥35.50");
    }
}
