//! The built-in checklist items in both languages: each item's question (what the patrol
//! checks, `未破坏承重墙`) and its violation (what a failure means, `破坏承重墙`). A printed
//! rectification notice lists the violation — the owner signs it and a deposit deduction
//! follows from it, so it must say what was done wrong, never the passing wording.
//! Items the manager writes carry their own wording; property data stays as entered.

/// One built-in item: its key, the question and the violation, in Chinese and English, and
/// whether a failure is major (a rectification notice). Plain data: `checklist` turns these
/// into checklist items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub violation_zh: &'static str,
    pub violation_en: &'static str,
    pub major: bool,
}

const fn w(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    violation_zh: &'static str,
    violation_en: &'static str,
    major: bool,
) -> Wording {
    Wording { key, zh, en, violation_zh, violation_en, major }
}

#[allow(non_upper_case_globals)]
const Major: bool = true;
#[allow(non_upper_case_globals)]
const Minor: bool = false;

/// The decoration patrol (SPEC.md §2).
pub const DECORATION: [Wording; 12] = [
    w(
        "permit",
        "装修许可证张贴",
        "Decoration permit displayed",
        "未张贴装修许可证",
        "Decoration permit not displayed",
        Minor,
    ),
    w(
        "passes",
        "施工人员出入证",
        "Workers carry site passes",
        "施工人员无出入证",
        "Workers without site passes",
        Minor,
    ),
    w(
        "hours",
        "遵守施工时间",
        "Working hours kept",
        "超出规定时间施工",
        "Work outside permitted hours",
        Minor,
    ),
    w(
        "load_bearing",
        "未破坏承重墙",
        "Load-bearing walls intact",
        "破坏承重墙",
        "Load-bearing wall damaged",
        Major,
    ),
    w(
        "facade",
        "未改变外立面",
        "Facade unchanged",
        "擅自改动外立面",
        "Facade altered without permission",
        Major,
    ),
    w(
        "waterproofing",
        "厨卫防水层完好",
        "Kitchen and bathroom waterproofing intact",
        "破坏厨卫防水层",
        "Kitchen or bathroom waterproofing damaged",
        Major,
    ),
    w(
        "debris",
        "楼道无堆放垃圾",
        "No debris in the corridor",
        "楼道堆放装修垃圾",
        "Debris left in the corridor",
        Minor,
    ),
    w(
        "protection",
        "公共区域及电梯已保护",
        "Common areas and lifts protected",
        "未对公共区域及电梯做保护",
        "Common areas or lifts unprotected",
        Minor,
    ),
    w(
        "extinguisher",
        "配备灭火器",
        "Fire extinguisher on site",
        "未配备灭火器",
        "No fire extinguisher on site",
        Minor,
    ),
    w(
        "hot_work",
        "动火作业持证",
        "Hot work under permit",
        "无证动火作业",
        "Hot work without a permit",
        Major,
    ),
    w("wiring", "临时用电安全", "Temporary wiring safe", "临时用电不安全", "Unsafe temporary wiring", Minor),
    w("doors", "施工时关门", "Door closed during work", "施工时未关门", "Door left open during work", Minor),
];

/// The vacant-unit check.
pub const VACANT: [Wording; 4] = [
    w(
        "doors_windows",
        "门窗关闭完好",
        "Doors and windows closed and intact",
        "门窗未关闭或损坏",
        "Doors or windows open or damaged",
        Minor,
    ),
    w(
        "power_off",
        "水电总闸已关",
        "Water and power mains off",
        "水电总闸未关",
        "Water or power mains left on",
        Minor,
    ),
    w("no_leaks", "无渗漏水", "No leaks", "有渗漏水", "Leak found", Minor),
    w("clean", "室内清洁无异味", "Clean, no odour", "室内不洁或有异味", "Dirty or smells", Minor),
];

/// Security's checks on a day with hot work under a permit.
pub const HOT_WORK: [Wording; 4] = [
    w(
        "hot_work_permit_on_site",
        "动火许可证在现场",
        "Hot-work permit on site",
        "动火许可证不在现场",
        "Hot-work permit not on site",
        Major,
    ),
    w(
        "hot_work_watcher",
        "监护人在场",
        "Fire watcher present",
        "监护人不在场",
        "No fire watcher present",
        Major,
    ),
    w(
        "hot_work_extinguisher",
        "灭火器就位",
        "Extinguisher in place",
        "灭火器未就位",
        "No extinguisher in place",
        Major,
    ),
    w(
        "hot_work_clearance",
        "周边易燃物已清理",
        "Combustibles cleared",
        "周边易燃物未清理",
        "Combustibles not cleared",
        Major,
    ),
];

/// The built-in item `key` worded `zh`, if there is one (a renamed item is the property's own).
pub fn builtin(key: &str, zh: &str) -> Option<&'static Wording> {
    DECORATION.iter().chain(&VACANT).chain(&HOT_WORK).find(|w| w.key == key && w.zh == zh)
}

/// The English of a built-in question or violation, given its Chinese.
pub fn english(zh: &str) -> Option<&'static str> {
    DECORATION.iter().chain(&VACANT).chain(&HOT_WORK).find_map(|w| {
        if w.zh == zh {
            Some(w.en)
        } else if w.violation_zh == zh {
            Some(w.violation_en)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_item_has_a_violation_unlike_its_question() {
        for w in DECORATION.iter().chain(&VACANT).chain(&HOT_WORK) {
            assert!(!w.violation_zh.is_empty() && w.violation_zh != w.zh, "{}", w.key);
            assert!(!w.en.is_empty() && !w.violation_en.is_empty(), "{}", w.key);
        }
        assert_eq!(builtin("load_bearing", "未破坏承重墙").map(|w| w.violation_zh), Some("破坏承重墙"));
        assert_eq!(builtin("load_bearing", "改过的说法"), None);
        assert_eq!(english("破坏承重墙"), Some("Load-bearing wall damaged"));
    }
}
