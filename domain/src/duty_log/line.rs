//! The lines the rules write into the duty log (a handover's outcome, the key cabinet's
//! count, a key incident's steps), kept as what they say rather than as words: the entry's
//! text is the Chinese (what the chain seals and any older reader shows), and each device
//! shows the line in its own language from this.

use crate::keys::record::{Cause, Step};
use crate::shift::name_en as shift_en;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Line {
    HandoverConfirmed {
        outgoing: String,
        incoming: String,
        day: String,
        shift: String,
        crossed: usize,
    },
    HandoverRefused {
        outgoing: String,
        incoming: String,
        day: String,
        shift: String,
        reason: String,
    },
    KeyCount {
        present: u32,
        total: u32,
        incidents: usize,
    },
    KeyIncident {
        tag: String,
        unit: String,
        /// What opened it, or the step taken since.
        happened: Happened,
        /// Keys found of a ring's, where a count opened it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        counted: Option<(u32, u32)>,
        /// As typed by the desk.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Happened {
    Opened(Cause),
    Step(Step),
}

impl Line {
    /// As the duty log is written: in Chinese, the manuals' words.
    pub fn zh(&self) -> String {
        match self {
            Line::HandoverConfirmed { outgoing, incoming, day, shift, crossed } => {
                let flagged =
                    if *crossed == 0 { String::new() } else { format!("，{crossed} 项有异议") };
                format!("交接班：{outgoing} → {incoming}（{day} {shift}）已确认{flagged}")
            }
            Line::HandoverRefused { outgoing, incoming, day, shift, reason } => {
                format!("交接班被拒：{incoming} 拒绝接 {outgoing} 的班（{day} {shift}）：{reason}")
            }
            Line::KeyCount { present, total, incidents: 0 } => {
                format!("钥匙每日清点：在柜 {present}/{total} 把，无异常")
            }
            Line::KeyCount { present, total, incidents } => {
                format!("钥匙每日清点：在柜 {present}/{total} 把，{incidents} 项异常已立事件")
            }
            Line::KeyIncident { tag, unit, happened, counted, note } => {
                let what = match happened {
                    Happened::Opened(c) => cause_zh(*c),
                    Happened::Step(s) => step_zh(*s),
                };
                let counted = counted.map(|(f, t)| format!("清点：在柜 {f}/{t} 把")).unwrap_or_default();
                let tail = [counted.as_str(), note.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("；");
                if tail.is_empty() {
                    format!("钥匙事件：{tag}（{unit}）{what}")
                } else {
                    format!("钥匙事件：{tag}（{unit}）{what}。{tail}")
                }
            }
        }
    }

    /// The same line in English. Names, units and what staff typed stay as written; the
    /// default shifts' names are translated, a property's own shift names are not.
    pub fn en(&self) -> String {
        match self {
            Line::HandoverConfirmed { outgoing, incoming, day, shift, crossed } => {
                let flagged = match crossed {
                    0 => String::new(),
                    1 => ", 1 item disputed".to_string(),
                    n => format!(", {n} items disputed"),
                };
                format!("Handover: {outgoing} → {incoming} ({day}, {}) confirmed{flagged}", shift_en(shift))
            }
            Line::HandoverRefused { outgoing, incoming, day, shift, reason } => {
                format!(
                    "Handover refused: {incoming} refused to take over from {outgoing} ({day}, {}): {reason}",
                    shift_en(shift)
                )
            }
            Line::KeyCount { present, total, incidents: 0 } => {
                format!("Daily key count: {present} of {total} keys in the cabinet, nothing amiss")
            }
            Line::KeyCount { present, total, incidents } => {
                let opened = if *incidents == 1 {
                    "1 incident opened".to_string()
                } else {
                    format!("{incidents} incidents opened")
                };
                format!("Daily key count: {present} of {total} keys in the cabinet, {opened}")
            }
            Line::KeyIncident { tag, unit, happened, counted, note } => {
                let what = match happened {
                    Happened::Opened(c) => cause_en(*c),
                    Happened::Step(s) => step_en(*s),
                };
                let counted = counted
                    .map(|(f, t)| format!("counted: {f} of {t} keys in the cabinet"))
                    .unwrap_or_default();
                let tail = [counted.as_str(), note.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ");
                if tail.is_empty() {
                    format!("Key incident: {tag} ({unit}) {what}")
                } else {
                    format!("Key incident: {tag} ({unit}) {what}. {tail}")
                }
            }
        }
    }
}

pub fn cause_zh(c: Cause) -> &'static str {
    match c {
        Cause::Overdue => "超时未还",
        Cause::ShortReturn => "归还数量不符",
        Cause::Missing => "清点时不在柜",
        Cause::Lost => "遗失",
        Cause::SealDamaged => "封条破损",
    }
}

fn cause_en(c: Cause) -> &'static str {
    match c {
        Cause::Overdue => "not returned in time",
        Cause::ShortReturn => "returned short",
        Cause::Missing => "not in the cabinet at the count",
        Cause::Lost => "lost",
        Cause::SealDamaged => "seal broken",
    }
}

pub fn step_zh(s: Step) -> &'static str {
    match s {
        Step::SupervisorInformed => "已报主管",
        Step::ManagerInformed => "已报经理",
        Step::OwnerContacted => "已联系业主",
        Step::Rekeyed => "已更换锁芯",
        Step::LockChanged => "已更换门锁",
        Step::Resolved => "已处理完毕",
        Step::Escalated => "当日未能解决，已上报",
    }
}

fn step_en(s: Step) -> &'static str {
    match s {
        Step::SupervisorInformed => "supervisor informed",
        Step::ManagerInformed => "manager informed",
        Step::OwnerContacted => "owner contacted",
        Step::Rekeyed => "lock cylinder changed",
        Step::LockChanged => "lock changed",
        Step::Resolved => "resolved",
        Step::Escalated => "not resolved the same day, escalated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Chinese is what was written before the lines were kept as data (the chain of older
    /// entries holds it); the English says the same, with no Chinese left but names.
    #[test]
    fn each_line_reads_in_both_languages() {
        let confirmed = Line::HandoverConfirmed {
            outgoing: "王".into(),
            incoming: "李".into(),
            day: "2026-12-06".into(),
            shift: "早班".into(),
            crossed: 2,
        };
        assert_eq!(confirmed.zh(), "交接班：王 → 李（2026-12-06 早班）已确认，2 项有异议");
        assert_eq!(
            confirmed.en(),
            "Handover: 王 → 李 (2026-12-06, Morning shift) confirmed, 2 items disputed"
        );
        let count = Line::KeyCount { present: 3, total: 4, incidents: 1 };
        assert_eq!(count.zh(), "钥匙每日清点：在柜 3/4 把，1 项异常已立事件");
        assert_eq!(count.en(), "Daily key count: 3 of 4 keys in the cabinet, 1 incident opened");
        let incident = Line::KeyIncident {
            tag: "K-01".into(),
            unit: "1栋-101".into(),
            happened: Happened::Opened(Cause::Missing),
            counted: Some((1, 2)),
            note: String::new(),
        };
        assert_eq!(incident.zh(), "钥匙事件：K-01（1栋-101）清点时不在柜。清点：在柜 1/2 把");
        assert_eq!(
            incident.en(),
            "Key incident: K-01 (1栋-101) not in the cabinet at the count. counted: 1 of 2 keys in the cabinet"
        );
        let step = Line::KeyIncident {
            tag: "K-01".into(),
            unit: "1栋-101".into(),
            happened: Happened::Step(Step::Resolved),
            counted: None,
            note: String::new(),
        };
        assert_eq!(step.zh(), "钥匙事件：K-01（1栋-101）已处理完毕");
        for line in [confirmed, count, incident, step] {
            let en = line.en();
            let chinese = en
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) || "，：（）。；".contains(*c))
                .collect::<String>();
            assert!(chinese.chars().all(|c| "王李栋".contains(c)), "{en}");
        }
    }
}
