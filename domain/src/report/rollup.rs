//! Head office's roll-up: the properties' checked month files side by side, one row per
//! figure, one column per property.

use super::signed::Month;
use super::tickets::TicketFigures;

/// Properties side by side: one row per figure, one column per file, in the files' order.
/// The first row names the properties and months.
pub fn rollup(files: &[Month], english: bool) -> Vec<Vec<String>> {
    use super::words::name;
    let mut rows = vec![
        std::iter::once(String::new())
            .chain(files.iter().map(|f| format!("{} {}", f.property, f.month)))
            .collect::<Vec<_>>(),
    ];
    let mut row = |label: String, cell: &dyn Fn(&TicketFigures) -> String| {
        rows.push(std::iter::once(label).chain(files.iter().map(|f| cell(&f.figures))).collect());
    };
    row(name("received", english), &|f| f.received.to_string());
    let keys: Vec<String> =
        files.first().map(|f| f.figures.rates.iter().map(|r| r.key.clone()).collect()).unwrap_or_default();
    for key in &keys {
        row(name(key, english), &|f| {
            f.rates
                .iter()
                .find(|r| &r.key == key)
                .and_then(|r| {
                    r.per_mille().map(|p| format!("{}.{}% ({}/{})", p / 10, p % 10, r.met, r.counted))
                })
                .unwrap_or_else(|| "—".into())
        });
    }
    let shares: Vec<String> =
        files.first().map(|f| f.figures.shares.iter().map(|s| s.key.clone()).collect()).unwrap_or_default();
    for key in &shares {
        row(name(key, english), &|f| {
            f.shares
                .iter()
                .find(|s| &s.key == key)
                .map_or_else(String::new, |s| format!("{}/{}", s.part, s.whole))
        });
    }
    row(name("escalated", english), &|f| f.escalated.count.to_string());
    row(name("escalated_by_rules", english), &|f| {
        f.escalated_by_rules.iter().map(|c| c.count).sum::<usize>().to_string()
    });
    row(name("paid", english), &|f| {
        format!(
            "{} · {:.2} · {:.2}",
            f.paid.completed,
            f.paid.labour_fee as f64 / 100.0,
            f.paid.material_fee as f64 / 100.0
        )
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::close::{Fingerprints, digest, fingerprint};
    use crate::report::{Period, tickets::figures};

    fn month(property: &str) -> Month {
        let nov = Period::month("2026-11").unwrap();
        let prints: Fingerprints = [("t1/t1".to_string(), fingerprint("a"))].into();
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
    fn properties_side_by_side() {
        let rows = rollup(&[month("示例花园"), month("滨江苑")], false);
        assert_eq!(rows[0], vec!["".to_string(), "示例花园 2026-11".into(), "滨江苑 2026-11".into()]);
        assert_eq!(rows[1], vec!["受理工单".to_string(), "0".into(), "0".into()]);
        assert!(rows.iter().any(|r| r[0] == "20分钟内到场" && r[1] == "—"));
    }
}
